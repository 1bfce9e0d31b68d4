"""Train generators on 2-D toy data: the loop, its evaluations, and the finished runs.

Per generator step the critic (or discriminator) takes ``n_critic`` steps, then the generator
takes one (:class:`otlab.gan.trainer.Trainer`). Every ``eval_every`` steps the run measures the
exact W1 between ``n_eval`` fresh generator samples and ``n_eval`` data points
(``otlab.emd``), the mode coverage, and keeps a snapshot (samples + critic on a grid) for a
slider that scrubs through training. The exact solves run on a second thread while training
goes on, so evaluation costs the loop almost nothing on a machine with two cores.

The losses are the rows of :data:`otlab.gan.LOSSES`; the settings are one
:class:`otlab.gan.GANConfig`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import torch
from tqdm.auto import tqdm

from otlab._seeding import resolve_seed, resolve_seeds
from otlab._validation import entry_point
from otlab.critics.network import as_device, cpu_threads
from otlab.gan.config import GANConfig, make_config
from otlab.gan.data import check_data
from otlab.gan.evaluate import GRID_SIZE, Pending, evaluate, grid_axes
from otlab.gan.run import GANRun
from otlab.gan.trainer import Trainer

__all__ = ["GRID_SIZE", "train_gan", "train_gan_seeds"]
CHECK_EVERY = 25  # generator steps between checks for NaN (a check waits for the device)


@entry_point("train_gan")  # the Trainer's and toy.sample's checks report as train_gan
def train_gan(data, config=None, *, seed=None, progress: bool = True, **overrides) -> GANRun:
    r"""Train an MLP generator on 2-D data with a GAN or WGAN loss.

    With critic ``f``, data ``P_r`` and generator samples ``G(z)``, the WGAN losses play

    .. math::
        \min_G \max_{f \text{ 1-Lipschitz}} \; \mathbb{E}_{x \sim P_r} f(x)
        - \mathbb{E}_{z} f(G(z)) \;=\; \min_G W_1(P_r, P_G)

    and the GAN losses replace the inner problem by logistic regression of real against fake
    (the Jensen-Shannon divergence at the optimum). :data:`otlab.gan.LOSSES` lists them all.

    Parameters
    ----------
    data : str or (n, 2) array_like
        A name of :data:`otlab.toy.DATASETS` (fresh batches every step) or a fixed point cloud
        (batches drawn from it with replacement).
    config : GANConfig or str, optional
        The settings, or the name of a preset ("fast", the default, or "paper").
    seed : int, numpy.random.Generator or torch.Generator, optional, keyword-only
        Same seed, same run (networks, noise, data). A Generator gives an int drawn from it;
        None draws fresh entropy. The int used is ``run.seed``.
    progress : bool, keyword-only
        Show a tqdm progress bar.
    **overrides
        Any field of :class:`GANConfig`: ``loss``, ``steps``, ``lr``, ``n_critic``, ...

    Returns
    -------
    GANRun
        A KeyboardInterrupt stops training and returns the run so far (``interrupted=True``).

    Raises
    ------
    FloatingPointError
        When a loss becomes NaN or infinite, naming the step and the likely cause.

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
    func = "train_gan"
    config = make_config(func, config, overrides)
    return _run(func, data, config, [resolve_seed(func, seed)], progress)[0]


@entry_point("train_gan_seeds")
def train_gan_seeds(
    data, config=None, *, seeds, progress: bool = True, **overrides
) -> tuple[GANRun, ...]:
    """Train one run per seed, all at once: ``train_gan(data, config, seed=s, ...)`` for each
    ``s`` in ``seeds``, batched.

    The seeds' networks are stacked (:class:`otlab.gan.network.StackedMLP`), so PyTorch's
    per-operation overhead, which dominates for small 2-D networks, is paid once for all
    seeds. Each seed draws from its own streams, so its run equals ``train_gan(seed=s)``
    (up to float rounding in the batched matrix products).

    Parameters
    ----------
    data, config, progress, **overrides
        As for :func:`train_gan`.
    seeds : sequence of seeds, keyword-only
        One run per seed (see :func:`train_gan`; distinct after resolving).

    Returns
    -------
    tuple of GANRun, in the order of ``seeds``.

    Examples
    --------
    >>> runs = train_gan_seeds("8gaussians", seeds=[0, 1], loss="gan", steps=5, progress=False)
    >>> [run.seed for run in runs]
    [0, 1]
    """
    func = "train_gan_seeds"
    config = make_config(func, config, overrides)
    return _run(func, data, config, resolve_seeds(func, seeds), progress)


# --- the loop --------------------------------------------------------------------------------


@dataclass
class _Curves:
    """Per generator step and seed, kept on the device until the run ends."""

    generator_loss: torch.Tensor  # (steps, S)
    critic_loss: torch.Tensor
    critic_gap: torch.Tensor


def _run(func: str, data, config: GANConfig, seeds: list[int], progress: bool):
    check_data(func, data, config.data_params)
    device = as_device(func, config.device)
    with cpu_threads(config.threads), ThreadPoolExecutor(max_workers=1) as pool:
        trainer = Trainer(data, config, seeds, device)
        return _loop(func, trainer, config, pool, progress)


def _loop(func: str, trainer: Trainer, config: GANConfig, pool, progress: bool):
    steps, size = config.steps, trainer.size
    curves = _Curves(
        *(torch.full((steps, size), float("nan"), dtype=torch.float64) for _ in range(3))
    )
    grids = [grid_axes(real) for real in trainer.data.real]
    evals: list[Pending] = []
    name = f"{func}[{config.name}]" + (f" x{size} seeds" if size > 1 else "")
    bar = tqdm(total=steps, desc=name, disable=not progress, leave=False)
    done, interrupted, clock = 0, False, 0.0
    start = time.perf_counter()
    try:
        evals.append(evaluate(pool, trainer, grids, seconds=0.0))
        for step in range(steps):
            tick = time.perf_counter()
            trainer.set_lr(_schedule(config, step))
            if config.row.has_critic:
                record = trainer.train_critic(config.n_critic)
                curves.critic_loss[step], curves.critic_gap[step] = record.loss, record.gap
            record = trainer.train_generator()
            curves.generator_loss[step] = record.loss
            if not config.row.has_critic:  # an optimal critic's loss is -W1 on the batch
                curves.critic_loss[step], curves.critic_gap[step] = -record.gap, record.gap
            done = step + 1
            clock += time.perf_counter() - tick
            if done % CHECK_EVERY == 0 or done == steps:
                _check_finite(func, curves, done, config, trainer)
            if done % config.eval_every == 0 or done == steps:
                evals.append(evaluate(pool, trainer, grids, seconds=clock))
            bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        if evals and evals[-1].step != done:
            evals.append(evaluate(pool, trainer, grids, seconds=clock))
    finally:
        bar.close()
    _check_finite(func, curves, done, config, trainer)
    wall = time.perf_counter() - start
    return _runs(trainer, config, curves, done, evals, grids, interrupted, wall)


def _schedule(config: GANConfig, step: int) -> float:
    """Learning-rate factor at ``step``: 1, or for "linear" 1 then down to 0 over the last half."""
    if config.schedule == "constant":
        return 1.0
    return min(1.0, 2.0 * (1.0 - step / config.steps))


def _runs(trainer, config, curves, done, evals, grids, interrupted, wall) -> tuple[GANRun, ...]:
    generators = trainer.generator.unstack()
    critics = trainer.critic.unstack() if config.row.has_critic else [None] * trainer.size
    per_seed = list(zip(*(pending.future.result() for pending in evals), strict=True))
    runs = []
    for s, seed in enumerate(trainer.seeds):
        records = per_seed[s]  # one Evaluation per evaluation step
        covered = [record.modes_covered for record in records]
        has_coverage = covered[0] is not None
        curve = {name: getattr(curves, name)[:done, s].double().numpy() for name in vars(curves)}
        runs.append(
            GANRun(
                config=config,
                seed=seed,
                generator=generators[s].eval(),
                critic=None if critics[s] is None else critics[s].eval(),
                real=trainer.data.real[s],
                eval_steps=np.array([pending.step for pending in evals]),
                eval_seconds=np.array([pending.seconds for pending in evals]),
                w1=np.array([record.w1 for record in records]),
                modes_covered=np.array(covered) if has_coverage else None,
                fraction_near=(
                    np.array([r.fraction_near for r in records]) if has_coverage else None
                ),
                snapshots=tuple(record.snapshot for record in records),
                grid=grids[s],
                steps_done=done,
                interrupted=interrupted,
                seconds=wall,
                **curve,
            )
        )
    return tuple(runs)


def _check_finite(func: str, curves: _Curves, done: int, config: GANConfig, trainer) -> None:
    """Stop at the first non-finite loss, naming the step, the seed and the likely cause."""
    for what in ("critic_loss", "generator_loss"):
        values = getattr(curves, what)[:done]  # (done, S)
        finite = torch.isfinite(values)
        if bool(finite.all()):
            continue
        step, s = (int(i) for i in torch.nonzero(~finite)[0])
        raise FloatingPointError(
            f"{func}: finite losses, got a non-finite {what.replace('_', ' ')} "
            f"({float(values[step, s])}) at generator step {step} of loss={config.name!r} with "
            f"lr={config.lr:g}, critic_lr={config.critic_lr or config.lr:g} (seed "
            f"{trainer.seeds[s]}); {_likely_fix(config, trainer)}, and train again"
        )


def _likely_fix(config: GANConfig, trainer) -> str:
    scale = max(float(np.abs(real).max()) for real in trainer.data.real)
    if scale > 1e4:  # the networks' activations, not the step size, overflow float32
        return (
            f"the data reaches |x| = {scale:.3g}, too large for float32 networks (not a "
            "learning-rate problem): rescale it, e.g. (data - data.mean(0)) / data.std()"
        )
    return config.row.fix
