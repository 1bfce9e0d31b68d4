"""The record of a GAN training run: its settings, its curves, snapshots, and the networks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from otlab._seeding import torch_generator
from otlab._validation import as_points, check_positive_int, fail
from otlab.gan.config import GANConfig


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The state of a run after ``step`` generator steps.

    Attributes
    ----------
    step : int
    samples : (n_eval, 2) array, generator samples.
    critic : (GRID_SIZE, GRID_SIZE) array, the critic's raw score on ``GANRun.grid`` (the
        discriminator's logit for gan / gan-ns; for a loss without a critic, the exact
        Kantorovich potential between ``samples`` and the data).
    w1 : float, exact W1 between ``samples`` and the evaluation data.
    """

    step: int
    samples: np.ndarray
    critic: np.ndarray
    w1: float


@dataclass(frozen=True, eq=False)
class GANRun:
    """A trained generator with the record of its training.

    Attributes
    ----------
    config : GANConfig, resolved (every default filled in).
    seed : int, the seed used; ``train_gan(data, run.config, seed=run.seed)`` repeats the run.
    generator, critic : torch.nn.Module (critic is None for a loss without one).
    real : (n_eval, 2) array, the data points every W1 and plot compares against.
    generator_loss, critic_loss : (steps_done,) arrays. ``critic_loss`` is what the critic
        minimised at its last step before each generator step (penalty included); without a
        critic it is minus the exact minibatch W1, the loss of an optimal critic.
    critic_gap : (steps_done,) array, ``E_r f - E_g f`` at that step (the WGAN estimate of W1
        without penalty; the minibatch W1 without a critic). For gan / gan-ns it is recorded
        too, but it estimates nothing in particular.
    eval_steps : (k,) int array, steps at which the run was evaluated (0 first).
    eval_seconds : (k,) array, training wall time at each evaluation (evaluation excluded).
    w1 : (k,) array, exact W1 between ``n_eval`` fresh generator samples and ``real``.
    modes_covered, fraction_near : (k,) arrays from :func:`mode_coverage`, or None when the
        data is not one of its datasets.
    snapshots : tuple of Snapshot, one per evaluation.
    grid : ((GRID_SIZE,), (GRID_SIZE,)) arrays, the x and y coordinates of the critic grid.
    steps_done : int, generator steps taken (fewer than asked after a KeyboardInterrupt).
    interrupted : bool
    seconds : float, wall time of the training loop (shared by runs trained together).
    """

    config: GANConfig
    seed: int
    generator: torch.nn.Module
    critic: torch.nn.Module | None
    real: np.ndarray
    generator_loss: np.ndarray
    critic_loss: np.ndarray
    critic_gap: np.ndarray
    eval_steps: np.ndarray
    eval_seconds: np.ndarray
    w1: np.ndarray
    modes_covered: np.ndarray | None
    fraction_near: np.ndarray | None
    snapshots: tuple[Snapshot, ...]
    grid: tuple[np.ndarray, np.ndarray]
    steps_done: int
    interrupted: bool
    seconds: float

    @property
    def loss(self) -> str:
        """The loss's name, with the constraint when it is not the loss's own."""
        return self.config.name

    @property
    def critic_loss_per_eval(self) -> np.ndarray:
        """(k,) mean ``critic_loss`` over the steps since the previous evaluation (NaN at 0).

        Averaging over the window smooths the minibatch noise, so this is the curve to set
        against ``w1``.
        """
        return self._per_eval(self.critic_loss)

    @property
    def critic_gap_per_eval(self) -> np.ndarray:
        """(k,) mean ``critic_gap`` (the critic's W1 estimate) over each evaluation window."""
        return self._per_eval(self.critic_gap)

    def _per_eval(self, values: np.ndarray) -> np.ndarray:
        out = np.full(self.eval_steps.size, np.nan)
        for k in range(1, self.eval_steps.size):
            window = values[self.eval_steps[k - 1] : self.eval_steps[k]]
            out[k] = window.mean() if window.size else np.nan
        return out

    @property
    def final_w1(self) -> float:
        return float(self.w1[-1])

    def seconds_to(self, modes: int) -> float:
        """Training seconds until an evaluation first found ``modes`` modes covered (inf if
        none did; NaN when the data has no modes)."""
        if self.modes_covered is None:
            return float("nan")
        hit = np.flatnonzero(self.modes_covered >= modes)
        return float(self.eval_seconds[hit[0]]) if hit.size else float("inf")

    def sample(self, n: int, *, seed=None) -> np.ndarray:
        """(n, 2) numpy array of fresh generator samples; same seed, same points."""
        n = check_positive_int("GANRun.sample", "n", n)
        device = next(self.generator.parameters()).device
        gen = torch_generator("GANRun.sample", seed, device)
        with torch.no_grad():
            z = torch.randn(n, self.config.noise_dim, generator=gen, device=device)
            return self.generator(z).double().cpu().numpy()

    def critic_scores(self, points) -> np.ndarray:
        """(n,) the critic's raw scores at (n, 2) points (the final critic)."""
        if self.critic is None:
            fail(
                "GANRun.critic_scores",
                "a run with a learned critic",
                f"a {self.loss} run",
                "use otlab.kantorovich_potential(otlab.emd(run.real, run.sample(512)))",
            )
        points = as_points("GANRun.critic_scores", "points", points, dim=2)
        device = next(self.critic.parameters()).device
        with torch.no_grad():
            x = torch.as_tensor(points, dtype=torch.float32, device=device)
            return self.critic(x).double().cpu().numpy()
