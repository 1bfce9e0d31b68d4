"""Train a generator on 2-D toy data with six losses, and record what happens.

One loop, six losses. Per generator step the critic (or discriminator) takes ``n_critic``
steps, then the generator takes one. Every ``eval_every`` steps the run measures the exact W1
between 512 fresh generator samples and 512 data points (``otlab.emd``), the mode coverage,
and keeps a snapshot (samples + critic on a grid) for a slider that scrubs through training.

The losses (critic ``f``, discriminator ``D = sigmoid(f)``, generator samples ``G(z)``):

- ``gan``: minimax, the generator minimises ``E log(1 - D(G(z)))`` (Goodfellow et al., 2014);
- ``gan-ns``: non-saturating, the generator minimises ``-E log D(G(z))``;
- ``wgan-clip``: WGAN with weights clipped to [-c, c] (Arjovsky et al., 2017);
- ``wgan-gp``: WGAN with gradient penalty at interpolates (Gulrajani et al., 2017);
- ``wgan-sn``: WGAN with a spectrally normalised critic (Miyato et al., 2018);
- ``wgan-exact``: no critic; the generator descends the exact minibatch W1 between its batch
  and a data batch, differentiated through POT's ``emd2`` (an oracle critic).
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch.nn import functional as F
from tqdm.auto import tqdm

from otlab import toy
from otlab._validation import as_points, check_choice, check_positive_int, describe, fail
from otlab.exact import emd, kantorovich_potential
from otlab.gan.coverage import COVERAGE_DATASETS, mode_coverage
from otlab.gan.generator import make_generator

_FUNC = "train_gan"
LOSSES = ("gan", "gan-ns", "wgan-clip", "wgan-gp", "wgan-sn", "wgan-exact")
WGAN_LOSSES = ("wgan-clip", "wgan-gp", "wgan-sn", "wgan-exact")
GRID_SIZE = 40  # critic snapshots are GRID_SIZE x GRID_SIZE values

# Optimiser per loss: (name, learning rate, Adam betas). The papers use Adam 1e-4 with betas
# (0.5, 0.9) for WGAN-GP and RMSprop 5e-5 for weight clipping, over 100k+ steps; these rates
# are 10x larger so that 2-D toys train within a few thousand steps on a laptop CPU.
OPTIMISERS = {
    "gan": ("adam", 1e-3, (0.5, 0.9)),
    "gan-ns": ("adam", 1e-3, (0.5, 0.9)),
    "wgan-clip": ("rmsprop", 5e-4, None),
    "wgan-gp": ("adam", 1e-3, (0.5, 0.9)),
    "wgan-sn": ("adam", 1e-3, (0.5, 0.9)),
    "wgan-exact": ("adam", 1e-3, (0.5, 0.9)),
}


@dataclass(frozen=True)
class GANConfig:
    """The settings of a run, as resolved by :func:`train_gan`."""

    loss: str
    steps: int  # generator steps asked for
    n_critic: int  # critic steps per generator step (0 for wgan-exact: no critic)
    batch_size: int  # points per batch, real and fake alike
    lr: float  # learning rate of both players
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
    seconds : float, wall time of the training loop.
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
        out = np.full(self.eval_steps.size, np.nan)
        for k in range(1, self.eval_steps.size):
            window = self.critic_loss[self.eval_steps[k - 1] : self.eval_steps[k]]
            out[k] = window.mean() if window.size else np.nan
        return out

    @property
    def final_w1(self) -> float:
        return float(self.w1[-1])

    def sample(self, n: int, *, seed: int | None = None) -> np.ndarray:
        """(n, 2) numpy array of fresh generator samples; same seed, same points."""
        n = check_positive_int("GANRun.sample", "n", n)
        device = next(self.generator.parameters()).device
        gen = _torch_generator("GANRun.sample", seed, device)
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


def train_gan(
    data,
    *,
    loss: str = "wgan-gp",
    steps: int = 1000,
    n_critic: int = 5,
    batch_size: int = 256,
    lr: float | None = None,
    width: int = 64,
    depth: int = 3,
    noise_dim: int = 2,
    gp_weight: float = 10.0,
    clip: float = 0.01,
    eval_every: int | None = None,
    n_eval: int = 512,
    data_params: dict | None = None,
    device: str = "cpu",
    seed: int | None = None,
    progress: bool = True,
) -> GANRun:
    r"""Train an MLP generator on 2-D data with a GAN or WGAN loss.

    With critic ``f``, data ``P_r`` and generator samples ``G(z)``, the WGAN variants play

    .. math::
        \min_G \max_{f \text{ 1-Lipschitz}} \; \mathbb{E}_{x \sim P_r} f(x)
        - \mathbb{E}_{z} f(G(z)) \;=\; \min_G W_1(P_r, P_G)

    and the GAN variants replace the inner problem by logistic regression of real against fake
    (the Jensen-Shannon divergence at the optimum). See the module docstring for each loss.

    Parameters
    ----------
    data : str or (n, 2) array_like
        A name of :data:`otlab.toy.DATASETS` (fresh batches every step) or a fixed point cloud
        (batches drawn from it with replacement).
    loss : {"gan", "gan-ns", "wgan-clip", "wgan-gp", "wgan-sn", "wgan-exact"}, keyword-only
    steps : int, keyword-only
        Generator steps.
    n_critic : int, keyword-only
        Critic (discriminator) steps per generator step; ignored by wgan-exact.
    batch_size : int, keyword-only
    lr : float, optional, keyword-only
        Learning rate of both players; default from :data:`OPTIMISERS` for the loss.
    width, depth : int, keyword-only
        Hidden units and hidden layers of the generator and the critic (ReLU MLPs).
    noise_dim : int, keyword-only
        Dimension of the Gaussian noise z.
    gp_weight : float, keyword-only
        Gradient-penalty weight lambda for wgan-gp (10 as in the paper).
    clip : float, keyword-only
        Weight-clipping bound c for wgan-clip (0.01 as in the paper).
    eval_every : int, optional, keyword-only
        Generator steps between evaluations; default ``steps // 20`` (at least 1).
    n_eval : int, keyword-only
        Generator samples (and data points) in each exact W1 and snapshot.
    data_params : dict, optional, keyword-only
        Parameters of the toy dataset, as for :func:`otlab.toy.sample`.
    device : str, keyword-only
        ``"cpu"`` or ``"cuda"``.
    seed : int, optional, keyword-only
        Same seed, same run (networks, noise, data). None draws fresh entropy.
    progress : bool, keyword-only
        Show a tqdm progress bar.

    Returns
    -------
    GANRun
        A KeyboardInterrupt stops training and returns the run so far (``interrupted=True``).

    Raises
    ------
    FloatingPointError
        When a loss becomes NaN or infinite, naming the step and a likely fix.

    Examples
    --------
    >>> run = train_gan("8gaussians", loss="wgan-gp", steps=20, seed=0, progress=False)
    >>> run.sample(3, seed=0).shape
    (3, 2)

    References
    ----------
    Goodfellow et al., *Generative Adversarial Nets* (2014); Arjovsky, Chintala & Bottou,
    *Wasserstein GAN* (2017); Gulrajani et al., *Improved Training of Wasserstein GANs* (2017);
    Miyato et al., *Spectral Normalization for GANs* (2018).
    """
    from otlab.critics.network import make_critic  # the critics subpackage, shared with fit

    config, dev, points = _config(
        data,
        loss,
        steps,
        n_critic,
        batch_size,
        lr,
        width,
        depth,
        noise_dim,
        gp_weight,
        clip,
        eval_every,
        n_eval,
        data_params,
        device,
        seed,
    )
    gen = _torch_generator(_FUNC, seed, dev)
    source = _DataSource(points, config, dev, seed)

    generator = make_generator(noise_dim=noise_dim, width=width, depth=depth, generator=gen)
    critic = None
    if loss != "wgan-exact":
        critic = make_critic(
            width=width, depth=depth, spectral_norm=loss == "wgan-sn", generator=gen
        ).to(dev)
    opt_g = _optimiser(config, generator)
    opt_c = None if critic is None else _optimiser(config, critic)

    g_loss, c_loss, c_gap = (np.full(steps, np.nan) for _ in range(3))
    evals: list[tuple[int, float, int | None, float | None]] = []
    snapshots: list[Snapshot] = []
    grid = _grid(source.real)
    z_eval_gen = torch.Generator(device=dev).manual_seed(int(_draw_seed(gen)))

    def evaluate(step: int) -> float:
        record = _evaluate(step, generator, critic, source, grid, config, z_eval_gen, dev)
        evals.append(record[:4])
        snapshots.append(record[4])
        return record[1]

    start = time.perf_counter()
    done, interrupted = 0, False
    bar = tqdm(total=steps, desc=f"train_gan[{loss}]", disable=not progress, leave=False)
    try:
        evaluate(0)
        for step in range(steps):
            if critic is not None:
                for _ in range(config.n_critic):
                    c_loss[step], c_gap[step] = _critic_step(
                        config, critic, opt_c, generator, source, gen
                    )
                    _check_finite(c_loss[step], "critic", step, config)
            g_loss[step], gap = _generator_step(config, critic, opt_g, generator, source, gen)
            _check_finite(g_loss[step], "generator", step, config)
            if critic is None:  # wgan-exact: the oracle critic's loss is -W1 on the batch
                c_loss[step], c_gap[step] = -gap, gap
            done = step + 1
            bar.update(1)
            if done % config.eval_every == 0 or done == steps:
                bar.set_postfix(w1=f"{evaluate(done):.3f}")
    except KeyboardInterrupt:
        interrupted = True
        if not evals or evals[-1][0] != done:
            evaluate(done)
    finally:
        bar.close()
    seconds = time.perf_counter() - start

    eval_steps, w1, covered, near = zip(*evals, strict=True)
    has_coverage = covered[0] is not None
    return GANRun(
        config=config,
        generator=generator.eval(),
        critic=None if critic is None else critic.eval(),
        real=source.real,
        generator_loss=g_loss[:done],
        critic_loss=c_loss[:done],
        critic_gap=c_gap[:done],
        eval_steps=np.array(eval_steps),
        w1=np.array(w1),
        modes_covered=np.array(covered) if has_coverage else None,
        fraction_near=np.array(near) if has_coverage else None,
        snapshots=tuple(snapshots),
        grid=grid,
        steps_done=done,
        interrupted=interrupted,
        seconds=seconds,
    )


# --- one step of each player -------------------------------------------------------------


def _critic_step(config, critic, opt, generator, source, gen) -> tuple[float, float]:
    """One critic update; returns (critic loss, E_r f - E_g f or NaN for GANs)."""
    real = source.batch(config.batch_size)  # (B, 2)
    with torch.no_grad():
        fake = generator(_noise(config, gen, real.device))  # (B, 2), no generator gradient
    f_real, f_fake = critic(real), critic(fake)  # (B,), (B,)
    if config.loss in ("gan", "gan-ns"):
        # Logistic regression, real = 1, fake = 0: -log D(x) - log(1 - D(G(z))).
        loss = F.softplus(-f_real).mean() + F.softplus(f_fake).mean()
        gap = math.nan
    else:
        gap_t = f_real.mean() - f_fake.mean()
        loss = -gap_t
        if config.loss == "wgan-gp":
            from otlab.critics.constraints import gradient_penalty

            loss = loss + config.gp_weight * gradient_penalty(critic, real, fake, generator=gen)
        gap = float(gap_t)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if config.loss == "wgan-clip":
        from otlab.critics.constraints import clip_weights_

        clip_weights_(critic, config.clip)
    return float(loss.detach()), gap


def _generator_step(config, critic, opt, generator, source, gen) -> tuple[float, float]:
    """One generator update; returns (generator loss, minibatch W1 for wgan-exact else NaN)."""
    fake = generator(_noise(config, gen, source.device))  # (B, 2)
    gap = math.nan
    if config.loss == "wgan-exact":
        import ot  # POT's torch backend differentiates the LP value w.r.t. the cost matrix

        real = source.batch(config.batch_size)
        weights = torch.full((fake.shape[0],), 1.0 / fake.shape[0], device=fake.device)
        cost = torch.cdist(fake.double(), real.double())  # (B, B), float64 for the LP
        loss = ot.emd2(weights.double(), weights.double(), cost)
        gap = float(loss.detach())
    else:
        scores = critic(fake)  # (B,)
        if config.loss == "gan":  # minimise E log(1 - D(G(z))) = -E softplus(f)
            loss = -F.softplus(scores).mean()
        elif config.loss == "gan-ns":  # minimise -E log D(G(z)) = E softplus(-f)
            loss = F.softplus(-scores).mean()
        else:  # WGAN: maximise E f(G(z))
            loss = -scores.mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return float(loss.detach()), gap


def _evaluate(step, generator, critic, source, grid, config, z_gen, dev):
    """Exact W1, coverage and a snapshot from n_eval fresh generator samples."""
    with torch.no_grad():
        z = torch.randn(config.n_eval, config.noise_dim, generator=z_gen, device=dev)
        samples = generator(z).double().cpu().numpy()  # (n_eval, 2)
    if not np.all(np.isfinite(samples)):
        _check_finite(math.nan, "generator sample", step, config)
    exact = emd(source.real, samples)
    gx, gy = grid
    points = np.column_stack([a.ravel() for a in np.meshgrid(gx, gy)])  # (G*G, 2)
    if critic is None:  # the oracle: the exact potential between these samples and the data
        values = kantorovich_potential(exact)(points)
    else:
        with torch.no_grad():
            values = critic(torch.as_tensor(points, dtype=torch.float32, device=dev))
            values = values.double().cpu().numpy()
    covered = near = None
    if config.dataset in COVERAGE_DATASETS:
        cov = mode_coverage(samples, config.dataset, **config.data_params)
        covered, near = cov.modes_covered, cov.fraction_near
    snapshot = Snapshot(step, samples, values.reshape(gy.size, gx.size), exact.distance)
    return step, exact.distance, covered, near, snapshot


# --- plumbing -------------------------------------------------------------------------------


class _DataSource:
    """Batches of real points as tensors, and the fixed evaluation set ``real`` (numpy)."""

    def __init__(self, points, config: GANConfig, device: torch.device, seed):
        self.device = device
        self.config = config
        self.rng = np.random.default_rng(seed)
        if points is None:  # a toy name: fresh batches from the sampler
            self.points = None
            self.real = toy.sample(
                config.dataset, config.n_eval, seed=self.rng, **config.data_params
            )
        else:
            self.points = torch.as_tensor(points, dtype=torch.float32, device=device)
            if points.shape[0] > config.n_eval:
                points = points[self.rng.choice(points.shape[0], config.n_eval, replace=False)]
            self.real = points
        self.index_gen = torch.Generator(device=device).manual_seed(int(self.rng.integers(2**62)))

    def batch(self, size: int) -> torch.Tensor:
        if self.points is None:
            points = toy.sample(self.config.dataset, size, seed=self.rng, **self.config.data_params)
            return torch.as_tensor(points, dtype=torch.float32, device=self.device)
        idx = torch.randint(
            0, self.points.shape[0], (size,), generator=self.index_gen, device=self.device
        )
        return self.points[idx]


def _noise(config: GANConfig, gen: torch.Generator, device) -> torch.Tensor:
    return torch.randn(config.batch_size, config.noise_dim, generator=gen, device=device)


def _optimiser(config: GANConfig, module: torch.nn.Module) -> torch.optim.Optimizer:
    if config.optimiser == "rmsprop":
        return torch.optim.RMSprop(module.parameters(), lr=config.lr)
    return torch.optim.Adam(module.parameters(), lr=config.lr, betas=config.betas)


def _grid(real: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid axes covering the data with a margin of a quarter of its extent (at least 0.5)."""
    low, high = real.min(axis=0), real.max(axis=0)
    pad = np.maximum(0.25 * (high - low), 0.5)
    gx = np.linspace(low[0] - pad[0], high[0] + pad[0], GRID_SIZE)
    gy = np.linspace(low[1] - pad[1], high[1] + pad[1], GRID_SIZE)
    return gx, gy


def _check_finite(value: float, what: str, step: int, config: GANConfig) -> None:
    if math.isfinite(value):
        return
    fix = {
        "wgan-clip": "lower lr or clip",
        "wgan-gp": "lower lr (e.g. 1e-4) or gp_weight",
        "wgan-sn": "lower lr (e.g. 1e-4)",
        "wgan-exact": "lower lr (e.g. 1e-4)",
    }.get(config.loss, "lower lr (e.g. 1e-4) or use loss='gan-ns' or a WGAN loss")
    raise FloatingPointError(
        f"{_FUNC}: finite losses, got a non-finite {what} loss ({value}) at generator step "
        f"{step} of loss={config.loss!r} with lr={config.lr:g}; {fix}, and train again"
    )


def _draw_seed(gen: torch.Generator) -> int:
    return int(torch.randint(0, 2**62, (), generator=gen, device=gen.device))


def _torch_generator(func: str, seed, device) -> torch.Generator:
    gen = torch.Generator(device=device)
    if seed is None:
        gen.seed()  # fresh entropy, global state untouched
    elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0:
        gen.manual_seed(int(seed))
    else:
        fail(
            func,
            "`seed` a non-negative int or None",
            describe(seed),
            "pass e.g. seed=0",
            kind=TypeError,
        )
    return gen


def _positive_float(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        fail(_FUNC, f"`{name}` a number > 0", describe(value), f"pass a positive `{name}`")
    if not math.isfinite(value):
        fail(_FUNC, f"a finite `{name}`", describe(value), f"pass a finite `{name}`")
    return float(value)


def _config(
    data,
    loss,
    steps,
    n_critic,
    batch_size,
    lr,
    width,
    depth,
    noise_dim,
    gp_weight,
    clip,
    eval_every,
    n_eval,
    data_params,
    device,
    seed,
) -> tuple[GANConfig, torch.device, np.ndarray | None]:
    """Validate every argument of train_gan and resolve the defaults."""
    check_choice(_FUNC, "loss", loss, LOSSES)
    steps = check_positive_int(_FUNC, "steps", steps)
    n_critic = check_positive_int(_FUNC, "n_critic", n_critic)
    batch_size = check_positive_int(_FUNC, "batch_size", batch_size, minimum=2)
    width = check_positive_int(_FUNC, "width", width)
    depth = check_positive_int(_FUNC, "depth", depth)
    noise_dim = check_positive_int(_FUNC, "noise_dim", noise_dim)
    n_eval = check_positive_int(_FUNC, "n_eval", n_eval, minimum=2)
    eval_every = max(steps // 20, 1) if eval_every is None else eval_every
    eval_every = check_positive_int(_FUNC, "eval_every", eval_every)
    gp_weight = _positive_float("gp_weight", gp_weight)
    clip = _positive_float("clip", clip)
    optimiser, default_lr, betas = OPTIMISERS[loss]
    lr = default_lr if lr is None else _positive_float("lr", lr)
    dev = _device(device)
    _torch_generator(_FUNC, seed, dev)  # validates the seed
    if data_params is not None and not isinstance(data_params, dict):
        fail(
            _FUNC,
            "`data_params` as a dict",
            describe(data_params),
            "pass e.g. data_params={'sd': 0.05}",
            kind=TypeError,
        )
    if isinstance(data, str):
        if data not in toy.DATASETS:
            fail(
                _FUNC,
                f"`data` a toy name, one of {', '.join(sorted(toy.DATASETS))}",
                repr(data),
                "pick a name from otlab.toy.DATASETS or pass an (n, 2) array",
            )
        try:
            toy.sample(data, 2, seed=0, **(data_params or {}))  # validates the parameters
        except (TypeError, ValueError) as error:
            fail(
                _FUNC,
                f"`data_params` that otlab.toy.sample({data!r}, ...) accepts",
                repr(data_params),
                f"fix them as it says: {error}",
            )
        dataset, points = data, None
    else:
        if data_params:
            fail(
                _FUNC,
                "`data_params` only with a toy dataset name",
                f"{data_params!r}",
                "drop data_params when passing points",
            )
        points = as_points(_FUNC, "data", data, dim=2)
        if points.shape[0] < 2:
            fail(
                _FUNC, "`data` with at least 2 points", f"shape {points.shape}", "pass more points"
            )
        dataset = None
    config = GANConfig(
        loss=loss,
        steps=steps,
        n_critic=0 if loss == "wgan-exact" else n_critic,
        batch_size=batch_size,
        lr=lr,
        optimiser=optimiser,
        betas=betas,
        width=width,
        depth=depth,
        noise_dim=noise_dim,
        gp_weight=gp_weight,
        clip=clip,
        eval_every=eval_every,
        n_eval=n_eval,
        dataset=dataset,
        data_params=dict(data_params or {}),
        seed=seed,
    )
    return config, dev, points


def _device(device) -> torch.device:
    try:
        dev = torch.device(device)
    except (TypeError, RuntimeError):
        fail(_FUNC, "`device` such as 'cpu' or 'cuda'", describe(device), "pass device='cpu'")
    if dev.type == "cuda" and not torch.cuda.is_available():
        fail(_FUNC, "an available device", repr(device), "no GPU here: pass device='cpu'")
    return dev
