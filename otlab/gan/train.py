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

:func:`train_gan_seeds` trains several seeds at once as one batched network (see
:mod:`otlab.gan.ensemble`), a few times faster on a CPU than a loop over seeds.
"""

from __future__ import annotations

import inspect
import numbers
import time
from dataclasses import replace

import numpy as np
import torch
from torch.nn import functional as F
from tqdm.auto import tqdm

from otlab import toy
from otlab._validation import (
    as_points,
    as_scalar,
    check_choice,
    check_positive_int,
    describe,
    fail,
)
from otlab.critics.fit import _as_device
from otlab.critics.network import cpu_threads
from otlab.exact import emd, kantorovich_potential
from otlab.gan.coverage import COVERAGE_DATASETS, mode_coverage
from otlab.gan.ensemble import Ensemble
from otlab.gan.generator import make_generator
from otlab.gan.run import GANConfig, GANRun, Snapshot, int_seed, torch_generator

_FUNC = "train_gan"
LOSSES = ("gan", "gan-ns", "wgan-clip", "wgan-gp", "wgan-sn", "wgan-exact")
GRID_SIZE = 40  # critic snapshots are GRID_SIZE x GRID_SIZE values
CHUNK = 64  # batches of toy data drawn per call of the sampler

# Optimiser per loss: (name, generator lr, critic lr, Adam betas). The papers use one rate for
# both players (WGAN-GP: Adam 1e-4, betas (0.5, 0.9); weight clipping: RMSprop 5e-5) over
# 100k+ steps. For short runs on a CPU the rates here are larger, and the critic learns about
# 3x faster than the generator (the two time-scale update rule of Heusel et al., 2017): with
# equal rates the generator overshot a lagging critic and W1 oscillated on some seeds.
OPTIMISERS = {
    "gan": ("adam", 3e-4, 1e-3, (0.5, 0.9)),
    "gan-ns": ("adam", 3e-4, 1e-3, (0.5, 0.9)),
    "wgan-clip": ("rmsprop", 1.5e-4, 5e-4, None),
    "wgan-gp": ("adam", 3e-4, 1e-3, (0.5, 0.9)),
    "wgan-sn": ("adam", 3e-4, 1e-3, (0.5, 0.9)),
    "wgan-exact": ("adam", 3e-4, None, (0.5, 0.9)),
}


def train_gan(
    data,
    *,
    loss: str = "wgan-gp",
    steps: int = 1000,
    n_critic: int = 5,
    batch_size: int = 256,
    lr: float | None = None,
    critic_lr: float | None = None,
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
    lr, critic_lr : float, optional, keyword-only
        Learning rates of the generator and of the critic (discriminator); defaults from
        :data:`OPTIMISERS` for the loss (3e-4 and 1e-3 with Adam for most losses).
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
    seed : int, numpy.random.Generator or torch.Generator, optional, keyword-only
        Same seed, same run (networks, noise, data). A Generator gives the int seed the run
        uses (drawn from it, recorded in ``run.config.seed``); None draws fresh entropy.
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
    options = {k: v for k, v in locals().items() if k not in ("data", "seed", "progress")}
    return _train(_FUNC, data, [int_seed(seed)], progress, options)[0]


def train_gan_seeds(data, *, seeds, progress: bool = True, **options) -> tuple[GANRun, ...]:
    """Train one run per seed, all at once: the same as ``train_gan(data, seed=s, ...)`` for
    each ``s`` in ``seeds``, batched across seeds.

    The seeds' networks are stacked into one batched network (:class:`otlab.gan.ensemble.
    Ensemble`, batched matrix products), so the per-operation overhead of PyTorch, which
    dominates for small 2-D networks, is paid once for all seeds.
    Each run has its own initial weights, noise and data drawn from its own seed, and Adam
    (or RMSprop) updates each run's weights as if it trained alone; only the gradient
    penalty's interpolation weights are drawn from the first seed's stream. Runs trained
    together are reproducible as a group, though not bit for bit equal to the same seed
    trained alone. ``wgan-sn`` (whose weights are recomputed by a power iteration at every
    call, so they cannot be stacked) trains the seeds one after the other.

    Parameters
    ----------
    data : str or (n, 2) array_like
        As for :func:`train_gan`.
    seeds : sequence of int
        One run per seed (distinct non-negative integers).
    progress : bool, keyword-only
        One tqdm progress bar for the whole group.
    **options
        Any keyword of :func:`train_gan` other than ``seed`` and ``progress``.

    Returns
    -------
    tuple of GANRun, in the order of ``seeds``.

    Examples
    --------
    >>> runs = train_gan_seeds("8gaussians", seeds=[0, 1], loss="gan", steps=5, progress=False)
    >>> [run.config.seed for run in runs]
    [0, 1]
    """
    func = "train_gan_seeds"
    allowed = set(inspect.signature(train_gan).parameters) - {"data", "seed", "progress"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        fail(
            func,
            f"options of train_gan among {sorted(allowed)}",
            repr(unknown),
            "drop or rename them (one seed per run goes in `seeds`)",
            kind=TypeError,
        )
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__") or len(seeds) == 0:
        fail(
            func,
            "`seeds` as a non-empty list of ints",
            describe(seeds),
            "pass e.g. seeds=[0, 1, 2]",
            kind=TypeError,
        )
    seeds = list(seeds)
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            fail(
                func,
                "`seeds` of non-negative ints",
                repr(seeds),
                "pass e.g. seeds=[0, 1, 2]",
                kind=TypeError,
            )
    if len(set(seeds)) != len(seeds):
        fail(func, "distinct `seeds`", repr(seeds), "drop the repeated seeds")
    defaults = {
        name: p.default
        for name, p in inspect.signature(train_gan).parameters.items()
        if name in allowed
    }
    options = {**defaults, **options}
    if options["loss"] == "wgan-sn":  # spectral-norm layers cannot be stacked (see Ensemble)
        return tuple(_train(func, data, [seed], progress, options)[0] for seed in seeds)
    return _train(func, data, seeds, progress, options)


# --- the loop ----------------------------------------------------------------------------


def _train(func: str, data, seeds: list, progress: bool, options: dict) -> tuple[GANRun, ...]:
    with cpu_threads(1):  # tiny networks: threads cost more than they save
        return _train_loop(func, data, seeds, progress, options)


def _train_loop(func: str, data, seeds: list, progress: bool, options: dict):
    from otlab.critics.network import make_critic  # the critics subpackage, shared with fit

    config, dev, points = _config(func, data, seeds, **options)
    gens = [torch_generator(func, seed, dev) for seed in seeds]
    sources = [_DataSource(points, config, dev, seed) for seed in seeds]
    shape = {"width": config.width, "depth": config.depth}
    generator = Ensemble(
        [make_generator(noise_dim=config.noise_dim, generator=g, **shape) for g in gens]
    )
    critic = None
    if config.loss != "wgan-exact":
        sn = config.loss == "wgan-sn"
        critic = Ensemble([make_critic(spectral_norm=sn, generator=g, **shape) for g in gens])
    opt_g = _optimiser(config, generator, config.lr)
    opt_c = None if critic is None else _optimiser(config, critic, config.critic_lr)

    n_seeds, steps = len(seeds), config.steps
    g_loss, c_loss, c_gap = (np.full((n_seeds, steps), np.nan) for _ in range(3))
    evals: list[list] = []  # per evaluation: (step, [(w1, covered, near, snapshot) per seed])
    grids = [_grid(source.real) for source in sources]
    z_gens = [torch.Generator(device=dev).manual_seed(_draw_seed(g)) for g in gens]

    def evaluate(step: int) -> float:
        evals.append((step, _evaluate(step, generator, critic, sources, grids, config, z_gens)))
        return float(np.mean([record[0] for record in evals[-1][1]]))

    start = time.perf_counter()
    done, interrupted = 0, False
    name = f"{func}[{config.loss}]" + (f" x{n_seeds} seeds" if n_seeds > 1 else "")
    bar = tqdm(total=steps, desc=name, disable=not progress, leave=False)
    try:
        evaluate(0)
        for step in range(steps):
            if critic is not None:
                for _ in range(config.n_critic):
                    c_loss[:, step], c_gap[:, step] = _critic_step(
                        config, critic, opt_c, generator, sources, gens
                    )
                    _check_finite(c_loss[:, step], "critic", step, config, seeds)
            g_loss[:, step], gap = _generator_step(config, critic, opt_g, generator, sources, gens)
            _check_finite(g_loss[:, step], "generator", step, config, seeds)
            if critic is None:  # wgan-exact: the oracle critic's loss is -W1 on the batch
                c_loss[:, step], c_gap[:, step] = -gap, gap
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

    generators = generator.eval().unstack()
    critics = [None] * n_seeds if critic is None else critic.eval().unstack()
    eval_steps = np.array([step for step, _ in evals])
    runs = []
    for s, seed in enumerate(seeds):
        w1, covered, near, snapshots = zip(*(records[s] for _, records in evals), strict=True)
        has_coverage = covered[0] is not None
        runs.append(
            GANRun(
                config=replace(config, seed=seed),
                generator=generators[s],
                critic=critics[s],
                real=sources[s].real,
                generator_loss=g_loss[s, :done],
                critic_loss=c_loss[s, :done],
                critic_gap=c_gap[s, :done],
                eval_steps=eval_steps,
                w1=np.array(w1),
                modes_covered=np.array(covered) if has_coverage else None,
                fraction_near=np.array(near) if has_coverage else None,
                snapshots=tuple(snapshots),
                grid=grids[s],
                steps_done=done,
                interrupted=interrupted,
                seconds=seconds,
            )
        )
    return tuple(runs)


def _critic_step(config, critic, opt, generator, sources, gens):
    """One critic update of every seed; returns per-seed (critic loss, E_r f - E_g f)."""
    from otlab.critics.constraints import clip_weights_, gradient_penalty

    n_seeds, batch = len(sources), config.batch_size
    real = torch.cat([source.batch(batch) for source in sources])  # (S*B, 2)
    with torch.no_grad():
        fake = generator(_noise(config, gens, batch))  # (S*B, 2), no generator gradient
    f_real = critic(real).reshape(n_seeds, batch)  # (S, B)
    f_fake = critic(fake).reshape(n_seeds, batch)
    if config.loss in ("gan", "gan-ns"):
        # Logistic regression, real = 1, fake = 0: -log D(x) - log(1 - D(G(z))).
        loss = F.softplus(-f_real).mean(1) + F.softplus(f_fake).mean(1)  # (S,)
        gap = np.full(n_seeds, np.nan)
    else:
        gap_t = f_real.mean(1) - f_fake.mean(1)  # (S,)
        loss = -gap_t
        if config.loss == "wgan-gp":
            # The gradient penalty of otlab.critics, per point, then averaged per seed.
            terms = gradient_penalty(critic, real, fake, generator=gens[0], reduction="none")
            loss = loss + config.gp_weight * terms.reshape(n_seeds, batch).mean(1)
        gap = gap_t.detach().cpu().double().numpy()
    opt.zero_grad(set_to_none=True)
    loss.sum().backward()  # the seeds share no weights: the sum trains each on its own loss
    opt.step()
    if config.loss == "wgan-clip":
        clip_weights_(critic, config.clip)
    return loss.detach().cpu().double().numpy(), gap


def _generator_step(config, critic, opt, generator, sources, gens):
    """One generator update of every seed; returns per-seed (loss, minibatch W1 or NaN)."""
    n_seeds, batch = len(sources), config.batch_size
    fake = generator(_noise(config, gens, batch))  # (S*B, 2)
    gap = np.full(n_seeds, np.nan)
    if config.loss == "wgan-exact":
        import ot  # POT's torch backend differentiates the LP value w.r.t. the cost matrix

        weights = torch.full((batch,), 1.0 / batch, dtype=torch.float64, device=fake.device)
        losses = []
        for s, source in enumerate(sources):
            real = source.batch(batch).double()
            cost = torch.cdist(fake[s * batch : (s + 1) * batch].double(), real)  # (B, B)
            losses.append(ot.emd2(weights, weights, cost))
        loss = torch.stack(losses)  # (S,)
        gap = loss.detach().cpu().numpy()
    else:
        critic.requires_grad_(False)  # the critic's weights need no gradient here
        scores = critic(fake).reshape(n_seeds, batch)  # (S, B)
        critic.requires_grad_(True)
        if config.loss == "gan":  # minimise E log(1 - D(G(z))) = -E softplus(f)
            loss = -F.softplus(scores).mean(1)
        elif config.loss == "gan-ns":  # minimise -E log D(G(z)) = E softplus(-f)
            loss = F.softplus(-scores).mean(1)
        else:  # WGAN: maximise E f(G(z))
            loss = -scores.mean(1)
    opt.zero_grad(set_to_none=True)
    loss.sum().backward()
    opt.step()
    return loss.detach().cpu().double().numpy(), gap


def _evaluate(step, generator, critic, sources, grids, config, z_gens) -> list:
    """Per seed: exact W1, coverage and a snapshot from n_eval fresh generator samples."""
    n_seeds, dev = len(sources), sources[0].device
    points = [np.column_stack([a.ravel() for a in np.meshgrid(gx, gy)]) for gx, gy in grids]
    with torch.no_grad():
        z = torch.cat(
            [torch.randn(config.n_eval, config.noise_dim, generator=g, device=dev) for g in z_gens]
        )
        samples = generator(z).double().cpu().numpy().reshape(n_seeds, config.n_eval, 2)
        if critic is not None:
            grid = torch.as_tensor(np.concatenate(points), dtype=torch.float32, device=dev)
            values = critic(grid).double().cpu().numpy().reshape(n_seeds, -1)
    records = []
    for s, source in enumerate(sources):
        if not np.all(np.isfinite(samples[s])):
            _check_finite(np.array([np.nan]), "generator sample", step, config, [config.seed])
        exact = emd(source.real, samples[s])
        # For the oracle, the "critic" is the exact potential between these samples and data.
        field = kantorovich_potential(exact)(points[s]) if critic is None else values[s]
        covered = near = None
        if config.dataset in COVERAGE_DATASETS:
            cov = mode_coverage(samples[s], config.dataset, **config.data_params)
            covered, near = cov.modes_covered, cov.fraction_near
        gx, gy = grids[s]
        snapshot = Snapshot(step, samples[s], field.reshape(gy.size, gx.size), exact.distance)
        records.append((exact.distance, covered, near, snapshot))
    return records


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
        self._buffer, self._used = None, 0

    def batch(self, size: int) -> torch.Tensor:
        if self.points is None:
            # Fresh i.i.d. points, drawn CHUNK batches at a time to save the sampler's overhead.
            if self._buffer is None or self._used + size > self._buffer.shape[0]:
                fresh = toy.sample(
                    self.config.dataset, CHUNK * size, seed=self.rng, **self.config.data_params
                )
                self._buffer = torch.as_tensor(fresh, dtype=torch.float32, device=self.device)
                self._used = 0
            self._used += size
            return self._buffer[self._used - size : self._used]
        idx = torch.randint(
            0, self.points.shape[0], (size,), generator=self.index_gen, device=self.device
        )
        return self.points[idx]


def _noise(config: GANConfig, gens: list, batch: int) -> torch.Tensor:
    """(S*B, noise_dim) Gaussian noise, each seed's block from its own generator."""
    return torch.cat(
        [torch.randn(batch, config.noise_dim, generator=g, device=g.device) for g in gens]
    )


def _optimiser(config: GANConfig, module: torch.nn.Module, lr: float) -> torch.optim.Optimizer:
    # foreach: one fused update for all weights (element-wise, so seeds stay independent).
    if config.optimiser == "rmsprop":
        return torch.optim.RMSprop(module.parameters(), lr=lr, foreach=True)
    return torch.optim.Adam(module.parameters(), lr=lr, betas=config.betas, foreach=True)


def _grid(real: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid axes covering the data with a margin of a quarter of its extent (at least 0.5)."""
    low, high = real.min(axis=0), real.max(axis=0)
    pad = np.maximum(0.25 * (high - low), 0.5)
    gx = np.linspace(low[0] - pad[0], high[0] + pad[0], GRID_SIZE)
    gy = np.linspace(low[1] - pad[1], high[1] + pad[1], GRID_SIZE)
    return gx, gy


# The likely fix when a loss of each kind turns NaN or infinite.
FIXES = {
    "wgan-clip": "lower lr and critic_lr, or clip",
    "wgan-gp": "lower lr and critic_lr (e.g. 1e-4), or gp_weight",
    "wgan-sn": "lower lr and critic_lr (e.g. 1e-4)",
    "wgan-exact": "lower lr (e.g. 1e-4)",
}
GAN_FIX = "lower lr and critic_lr (e.g. 1e-4), or use loss='gan-ns' or a WGAN loss"


def _check_finite(values: np.ndarray, what: str, step: int, config: GANConfig, seeds) -> None:
    fix = FIXES.get(config.loss, GAN_FIX)
    context = f"generator step {step} of loss={config.loss!r} with lr={config.lr:g}"
    check_finite_loss(_FUNC, values, what, context, seeds, fix)


def check_finite_loss(func: str, values, what: str, context: str, seeds, fix: str) -> None:
    """Raise FloatingPointError if any of the per-seed ``values`` is NaN or infinite.

    The message names ``func``, the loss (``what``), where it happened (``context``, e.g.
    "generator step 12 of loss='gan' with lr=0.001"), the seed, and the likely ``fix``.
    """
    values = np.atleast_1d(np.asarray(values, dtype=float))
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size == 0:
        return
    seed = seeds[bad[0]] if len(seeds) > bad[0] else None
    raise FloatingPointError(
        f"{func}: finite losses, got a non-finite {what} loss ({values[bad[0]]}) at {context} "
        f"(seed {seed}); {fix}, and train again"
    )


def _draw_seed(gen: torch.Generator) -> int:
    return int(torch.randint(0, 2**62, (), generator=gen, device=gen.device))


def _config(
    func: str,
    data,
    seeds: list,
    *,
    loss,
    steps,
    n_critic,
    batch_size,
    lr,
    critic_lr,
    width,
    depth,
    noise_dim,
    gp_weight,
    clip,
    eval_every,
    n_eval,
    data_params,
    device,
) -> tuple[GANConfig, torch.device, np.ndarray | None]:
    """Validate every argument of train_gan and resolve the defaults."""
    check_choice(func, "loss", loss, LOSSES)
    steps = check_positive_int(func, "steps", steps)
    n_critic = check_positive_int(func, "n_critic", n_critic)
    batch_size = check_positive_int(func, "batch_size", batch_size, minimum=2)
    width = check_positive_int(func, "width", width)
    depth = check_positive_int(func, "depth", depth)
    noise_dim = check_positive_int(func, "noise_dim", noise_dim)
    n_eval = check_positive_int(func, "n_eval", n_eval, minimum=2)
    eval_every = max(steps // 20, 1) if eval_every is None else eval_every
    eval_every = check_positive_int(func, "eval_every", eval_every)
    gp_weight = as_scalar(func, "gp_weight", gp_weight, positive=True)
    clip = as_scalar(func, "clip", clip, positive=True)
    optimiser, default_lr, default_critic_lr, betas = OPTIMISERS[loss]
    lr = default_lr if lr is None else as_scalar(func, "lr", lr, positive=True)
    if critic_lr is not None:
        critic_lr = as_scalar(func, "critic_lr", critic_lr, positive=True)
    critic_lr = default_critic_lr if critic_lr is None else critic_lr
    dev = _as_device(device, func=func)
    for seed in seeds:
        torch_generator(func, seed, dev)  # validates the seed
    if data_params is not None and not isinstance(data_params, dict):
        fail(
            func,
            "`data_params` as a dict",
            describe(data_params),
            "pass e.g. data_params={'sd': 0.05}",
            kind=TypeError,
        )
    if isinstance(data, str):
        if data not in toy.DATASETS:
            fail(
                func,
                f"`data` a toy name, one of {', '.join(sorted(toy.DATASETS))}",
                repr(data),
                "pick a name from otlab.toy.DATASETS or pass an (n, 2) array",
            )
        try:
            toy.sample(data, 2, seed=0, **(data_params or {}))  # validates the parameters
        except (TypeError, ValueError) as error:
            fail(
                func,
                f"`data_params` that otlab.toy.sample({data!r}, ...) accepts",
                repr(data_params),
                f"fix them as it says: {error}",
            )
        dataset, points = data, None
    else:
        if data_params:
            fail(
                func,
                "`data_params` only with a toy dataset name",
                f"{data_params!r}",
                "drop data_params when passing points",
            )
        points = as_points(func, "data", data, dim=2)
        if points.shape[0] < 2:
            fail(func, "`data` with at least 2 points", f"shape {points.shape}", "pass more points")
        dataset = None
    config = GANConfig(
        loss=loss,
        steps=steps,
        n_critic=0 if loss == "wgan-exact" else n_critic,
        batch_size=batch_size,
        lr=lr,
        critic_lr=critic_lr,
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
        seed=seeds[0],
    )
    return config, dev, points
