"""The record of a GAN training run: its settings, snapshots, and the trained networks."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import torch

from otlab._validation import as_points, check_positive_int, describe, fail


@dataclass(frozen=True)
class GANConfig:
    """The settings of a run, as resolved by :func:`train_gan`."""

    loss: str
    steps: int  # generator steps asked for
    n_critic: int  # critic steps per generator step (0 for wgan-exact: no critic)
    batch_size: int  # points per batch, real and fake alike
    lr: float  # learning rate of the generator
    critic_lr: float | None  # learning rate of the critic (None for wgan-exact: no critic)
    optimiser: str  # "adam" or "rmsprop"
    betas: tuple[float, float] | None  # Adam's betas
    width: int  # hidden units per layer, generator and critic
    depth: int  # hidden layers, generator and critic
    noise_dim: int  # dimension of the generator's Gaussian input
    gp_weight: float  # lambda of wgan-gp
    clip: float  # c of wgan-clip
    eval_every: int  # generator steps between evaluations (exact W1, coverage, snapshot)
    n_eval: int  # points on each side of the exact W1
    dataset: str | None  # toy name, or None for an array
    data_params: dict = field(default_factory=dict)  # the toy dataset's parameters
    seed: int | None = None


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The state of a run after ``step`` generator steps.

    Attributes
    ----------
    step : int
    samples : (n_eval, 2) array, generator samples.
    critic : (GRID_SIZE, GRID_SIZE) array, the critic's raw score on ``GANRun.grid`` (the
        discriminator's logit for gan / gan-ns; for wgan-exact, the exact Kantorovich
        potential between ``samples`` and the data, from :func:`otlab.kantorovich_potential`).
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
    config : GANConfig
    generator, critic : torch.nn.Module (critic is None for wgan-exact).
    real : (n_eval, 2) array, the data points every W1 and plot compares against.
    generator_loss, critic_loss : (steps_done,) arrays. ``critic_loss`` is what the critic
        minimised at its last step before each generator step (penalty included); for
        wgan-exact it is minus the exact minibatch W1, the loss of an optimal critic.
    critic_gap : (steps_done,) array, ``E_r f - E_g f`` at that step (the WGAN estimate of W1
        without penalty; the minibatch W1 for wgan-exact; NaN for gan / gan-ns).
    eval_steps : (k,) int array, steps at which the run was evaluated (0 first).
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
    generator: torch.nn.Module
    critic: torch.nn.Module | None
    real: np.ndarray
    generator_loss: np.ndarray
    critic_loss: np.ndarray
    critic_gap: np.ndarray
    eval_steps: np.ndarray
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
        return self.config.loss

    @property
    def neg_critic_loss(self) -> np.ndarray:
        """(steps_done,) ``-critic_loss``: for WGAN variants, the loss that tracks W1."""
        return -self.critic_loss

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

    def sample(self, n: int, *, seed: int | None = None) -> np.ndarray:
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
                "a wgan-exact run",
                "use otlab.kantorovich_potential(otlab.emd(run.real, run.sample(512)))",
            )
        points = as_points("GANRun.critic_scores", "points", points, dim=2)
        device = next(self.critic.parameters()).device
        with torch.no_grad():
            x = torch.as_tensor(points, dtype=torch.float32, device=device)
            return self.critic(x).double().cpu().numpy()


def torch_generator(func: str, seed, device) -> torch.Generator:
    gen = torch.Generator(device=device)
    if seed is None:
        gen.seed()  # fresh entropy, global state untouched
    elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0:
        gen.manual_seed(int(seed))
    else:
        fail(
            func,
            "`seed` a non-negative int, a numpy or torch Generator, or None",
            describe(seed),
            "pass e.g. seed=0",
            kind=TypeError,
        )
    return gen


def int_seed(seed):
    """An int seed drawn from a numpy or torch Generator (advancing it); other values as given.

    The entry points record one int per run (``GANConfig.seed``), so a run trained from a
    Generator can be repeated with ``seed=run.config.seed``.
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**62))
    if isinstance(seed, torch.Generator):
        return int(torch.randint(0, 2**62, (), generator=seed, device=seed.device))
    return seed
