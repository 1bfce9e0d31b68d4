"""What one look at a live run holds (:class:`Frame`), the curves of many looks (:class:`History`),
and the grids a look is taken on: the critic's heat map and the generator's warped noise grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Frame", "History"]

GRID_SIZE = 48  # the critic's heat map is GRID_SIZE x GRID_SIZE values
MANIFOLD_LINES = 13  # noise grid lines per direction in the manifold view
MANIFOLD_POINTS = 41  # points per noise grid line
NOISE_RANGE = 2.0  # the manifold view shows the noise square [-2, 2]^2 (95% of N(0, 1) per axis)


@dataclass(frozen=True, eq=False)
class Frame:
    """The run as it is after some updates: everything the console draws and prints."""

    generator_steps: int
    critic_steps: int
    real: np.ndarray  # (n, 2) the data the exact W1 is measured against
    samples: np.ndarray  # (m, 2) the generator's samples of the console's fixed noise
    push: np.ndarray  # (m, 2) minus the gradient of the generator's loss at each sample
    direction: np.ndarray  # (m, 2) exact transport direction at each sample (unit vectors)
    w1: float  # exact W1 between real and samples
    estimate: float  # the critic's E_real f - E_fake f on the same points (NaN without critic)
    cosine: float  # mean cosine between push and direction
    critic: np.ndarray | None  # (GRID_SIZE, GRID_SIZE): f, or D = sigmoid(f) for the GANs
    grid: tuple  # (gx, gy) axes of the critic grid, the view of the data panel
    manifold: np.ndarray  # (2 * MANIFOLD_LINES, MANIFOLD_POINTS, 2) the warped noise grid
    modes_covered: int | None  # for datasets with modes, else None
    n_modes: int | None
    critic_loss: float  # the last critic update's loss (NaN before the first)
    generator_loss: float  # the last generator update's loss
    loss: str  # the config's name (loss, and constraint when not the loss's own)

    @property
    def mean_push(self) -> float:
        """Mean length of the generator's push: near 0, the generator has stopped learning."""
        return float(np.linalg.norm(self.push, axis=1).mean())

    @property
    def readouts(self) -> dict:
        """Every number the console shows, by name."""
        return {
            "generator_steps": self.generator_steps,
            "critic_steps": self.critic_steps,
            "w1": self.w1,
            "critic_estimate": self.estimate,
            "mean_cosine": self.cosine,
            "mean_push": self.mean_push,
            "modes_covered": self.modes_covered,
            "n_modes": self.n_modes,
            "critic_loss": self.critic_loss,
            "generator_loss": self.generator_loss,
        }


@dataclass
class History:
    """One row per measurement: the curves of the console, against generator steps."""

    generator_steps: list = field(default_factory=list)
    critic_steps: list = field(default_factory=list)
    w1: list = field(default_factory=list)
    estimate: list = field(default_factory=list)
    critic_loss: list = field(default_factory=list)
    generator_loss: list = field(default_factory=list)

    def add(self, frame: Frame) -> None:
        for name in vars(self):
            getattr(self, name).append(getattr(frame, name))

    def arrays(self) -> dict:
        return {name: np.asarray(values, dtype=float) for name, values in vars(self).items()}


def _noise_grid(noise_dim: int, device):
    """(1, 2 * MANIFOLD_LINES * MANIFOLD_POINTS, noise_dim) noise: grid lines of the square
    [-NOISE_RANGE, NOISE_RANGE]^2 in the first two noise coordinates (the others 0)."""
    import torch

    ticks = torch.linspace(-NOISE_RANGE, NOISE_RANGE, MANIFOLD_LINES)
    along = torch.linspace(-NOISE_RANGE, NOISE_RANGE, MANIFOLD_POINTS)
    rows = torch.stack(torch.meshgrid(ticks, along, indexing="ij"), -1)  # (L, P, 2): u fixed
    lines = torch.cat([rows, rows.flip(-1)]).reshape(-1, 2)  # then v fixed
    noise = torch.zeros(lines.shape[0], noise_dim)
    noise[:, : min(2, noise_dim)] = lines[:, : min(2, noise_dim)]
    return noise[None].to(device)
