"""What a critic fit returns: the trained function, its training history and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from otlab._validation import as_points, check_positive_int
from otlab.critics.config import CriticConfig
from otlab.critics.constraints import gradient_norm
from otlab.critics.network import cpu_threads
from otlab.exact.potential import _limits

_CHUNK = 8192  # points per forward pass when evaluating on many points
# Evaluation uses one CPU thread, for the same reason as training (see CriticConfig.threads).


@dataclass(frozen=True, eq=False)
class CriticFunction:
    """A trained critic seen as a plain function on numpy points, like :class:`otlab.Potential`.

    Attributes
    ----------
    network : torch.nn.Module
        The network, in eval mode (spectral norm then stops updating its power iteration, so
        the function no longer changes when evaluated).
    """

    network: torch.nn.Module

    def __call__(self, points) -> np.ndarray:
        """(k,) critic values at (k, 2) points."""
        z = self._tensor("CriticFunction", points)
        with torch.no_grad(), cpu_threads(1):
            values = [self.network(block) for block in torch.split(z, _CHUNK)]
        return torch.cat(values).double().cpu().numpy()

    def grad(self, points) -> np.ndarray:
        """(k, 2) gradients of the critic at (k, 2) points."""
        z = self._tensor("CriticFunction.grad", points)
        blocks = []
        with cpu_threads(1):
            for block in torch.split(z, _CHUNK):
                block = block.detach().requires_grad_(True)
                (g,) = torch.autograd.grad(self.network(block).sum(), block)
                blocks.append(g)
        return torch.cat(blocks).double().cpu().numpy()

    def grad_norm(self, points) -> np.ndarray:
        """(k,) Euclidean norms of the gradient at (k, 2) points."""
        z = self._tensor("CriticFunction.grad_norm", points)
        with cpu_threads(1):
            norms = [gradient_norm(self.network, block) for block in torch.split(z, _CHUNK)]
        return torch.cat(norms).double().cpu().numpy()

    def on_grid(self, xlim, ylim, n: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, Y, F), each (n, n), for ``contourf(X, Y, F)``; same layout as Potential.on_grid."""
        func = "CriticFunction.on_grid"
        n = check_positive_int(func, "n", n, minimum=2)
        xs = np.linspace(*_limits(func, "xlim", xlim), n)
        ys = np.linspace(*_limits(func, "ylim", ylim), n)
        X, Y = np.meshgrid(xs, ys)
        return X, Y, self(np.column_stack([X.ravel(), Y.ravel()])).reshape(n, n)

    def _tensor(self, func: str, points) -> torch.Tensor:
        z = as_points(func, "points", points, dim=2)
        device = next(self.network.parameters()).device
        return torch.as_tensor(z, dtype=torch.float32, device=device)


@dataclass(frozen=True, eq=False)
class CriticHistory:
    """Per-step training record; every field is a (steps,) array, index = step number.

    Attributes
    ----------
    estimate : E_r f - E_g f on the step's batch, before the update.
    penalty : the unweighted gp / lp penalty (0 for clip and sn).
    grad_norm_mean, grad_norm_min, grad_norm_max : statistics of |grad f| at the penalty points
        (interpolates by default), measured for every constraint.
    seconds : wall time from the start of training to the end of the step.
    lr : the learning rate of the step (the ``plateau`` schedule cuts it when settled).
    """

    estimate: np.ndarray
    penalty: np.ndarray
    grad_norm_mean: np.ndarray
    grad_norm_min: np.ndarray
    grad_norm_max: np.ndarray
    seconds: np.ndarray
    lr: np.ndarray

    @property
    def steps(self) -> np.ndarray:
        """(steps,) step numbers 0, 1, ..."""
        return np.arange(self.estimate.shape[0])

    def __len__(self) -> int:
        return int(self.estimate.shape[0])


@dataclass(frozen=True, eq=False)
class CriticSnapshots:
    """The critic on a fixed grid every few steps, for a slider that scrubs through training.

    Attributes
    ----------
    steps : (k,) int array, the step at which each snapshot was taken (0 = before training).
    X, Y : (g, g) arrays, the grid over the data (``contourf(X, Y, values[i])``).
    values : (k, g, g) array, critic values on the grid.
    estimate : (k,) array, E_r f - E_g f on the whole samples.
    certified_estimate : (k,) array, the lower bound on W1 that duality certifies from the
        critic's values on the fake samples (:func:`otlab.critics.certified_estimate`).
    lipschitz : (k,) array, the largest |grad f| on the grid and the data.
    seconds : (k,) array, wall time from the start of training.
    """

    steps: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    values: np.ndarray
    estimate: np.ndarray
    certified_estimate: np.ndarray
    lipschitz: np.ndarray
    seconds: np.ndarray

    @property
    def normalized_estimate(self) -> np.ndarray:
        """(k,) estimate / lipschitz: the estimate of a critic rescaled to be 1-Lipschitz.

        Not a bound: ``lipschitz`` is the steepest slope seen, and it keeps rising as training
        sharpens the critic's creases, so this can drift away from W1 while the critic improves.
        """
        return self.estimate / self.lipschitz

    @property
    def normalized_values(self) -> np.ndarray:
        """(k, g, g) values / lipschitz, each shifted to mean zero over the grid.

        A critic matters up to an additive constant; dividing by its Lipschitz constant puts
        every snapshot (and a clipped critic) on the scale of the exact potential.
        """
        centred = self.values - self.values.mean(axis=(1, 2), keepdims=True)
        return centred / self.lipschitz[:, None, None]

    def __len__(self) -> int:
        return int(self.steps.shape[0])


@dataclass(frozen=True, eq=False)
class CriticFit:
    """A critic trained between two fixed samples by :func:`otlab.fit_critic`.

    Attributes
    ----------
    critic : CriticFunction
        The trained critic, callable on (k, 2) numpy points.
    history : CriticHistory
        Per-step estimate, penalty and gradient-norm statistics.
    snapshots : CriticSnapshots
        Critic values on a grid every ``config.snapshot_every`` steps, and at the end.
    estimate : float
        Final E_r f - E_g f on the whole samples: at most W1 when f is truly 1-Lipschitz, at
        most K * W1 when f is K-Lipschitz. A trained critic's constant is only measured, not
        certified, so this is an estimate of W1, not a guaranteed bound.
    certified_estimate : float
        The W1 lower bound duality certifies from the critic's values on the fake samples (two
        c-transforms, :func:`otlab.critics.certified_estimate`): at most the exact W1 of the two
        samples whatever the critic, and equal to it when those values are an optimal dual.
        The number to trust.
    lipschitz : float
        The largest gradient norm measured on the snapshot grid and the data. A measurement,
        not a certificate: the true Lipschitz constant can be larger (between grid points,
        outside the grid).
    real, fake : (n, 2), (m, 2) arrays, the samples (P_r and P_g).
    constraint : str
    config : CriticConfig
    seed : int, the seed actually used (drawn from the generator or at random when
        ``seed`` was a Generator or None).
    settled : bool, True when the convergence rule was met (see :func:`otlab.fit_critic`);
        False when training hit ``max_steps`` (or ran a fixed ``steps`` without settling).
    interrupted : bool, True when training stopped early on KeyboardInterrupt.
    """

    critic: CriticFunction
    history: CriticHistory
    snapshots: CriticSnapshots
    estimate: float
    certified_estimate: float
    lipschitz: float
    real: np.ndarray
    fake: np.ndarray
    constraint: str
    config: CriticConfig
    seed: int
    settled: bool
    interrupted: bool

    @property
    def normalized_estimate(self) -> float:
        """estimate / lipschitz: the gap rescaled by the measured Lipschitz constant.

        An estimate of W1, not a bound: ``lipschitz`` can underestimate the true constant
        (it is measured on a grid and the data only), and then this can exceed W1; and one
        steep spot anywhere drags it down. ``certified_estimate`` has neither flaw.
        """
        return self.estimate / self.lipschitz

    @property
    def steps(self) -> int:
        """Number of optimiser steps completed."""
        return len(self.history)

    def grad(self, points) -> np.ndarray:
        """(k, 2) gradients of the trained critic at (k, 2) points."""
        return self.critic.grad(points)
