"""Train a critic between two fixed samples: the inner loop of a WGAN, with the generator frozen.

Holding P_g fixed turns the critic's job into a plain optimisation problem whose answer otlab
knows exactly (the Kantorovich potential), which is what makes the comparison possible.
This module validates and configures; the training loop is :mod:`otlab.critics.training`.
"""

from __future__ import annotations

import numpy as np
import torch

from otlab._seeding import resolve_seed
from otlab._validation import as_points, entry_point
from otlab.critics.config import preset_config
from otlab.critics.network import as_device, cpu_threads
from otlab.critics.result import CriticFit
from otlab.critics.training import _FUNC, _Trainer

__all__ = ["fit_critic"]


@entry_point("fit_critic")  # preset_config's checks report under the name the user called
def fit_critic(
    real,
    fake,
    *,
    constraint: str = "gp",
    steps: int | None = None,
    seed: int | np.random.Generator | torch.Generator | None = None,
    progress: bool = True,
    device: str = "cpu",
    preset: str | None = None,
    **options,
) -> CriticFit:
    r"""Train a critic f to separate ``real`` from ``fake`` under a Lipschitz constraint.

    .. math::
        \max_f \; \frac1n \sum_i f(x_i) - \frac1m \sum_j f(y_j)
        \; - \; \lambda\, \mathbb{E}_{\hat x}\, \big(|\nabla f(\hat x)| - 1\big)^2

    for ``constraint="gp"``; ``lp`` penalises only ``max(0, |grad f| - 1)^2``; ``clip`` drops
    the penalty and clamps the weights to [-c, c] after each step; ``sn`` drops the penalty and
    spectrally normalises every layer. By Kantorovich-Rubinstein duality the maximum over
    1-Lipschitz f is W1(P_r, P_g).

    Parameters
    ----------
    real : (n, 2) array_like
        Samples of P_r (the target; the critic is high there).
    fake : (m, 2) array_like
        Samples of P_g (the source, held fixed).
    constraint : {"gp", "lp", "clip", "sn"}, keyword-only
        How the critic is kept (about) 1-Lipschitz.
    steps : int, optional
        Optimiser steps, exactly. None (the default of the ``fast`` preset): train until the
        estimates settle, at most ``max_steps``. The rule, checked at every snapshot: over the
        last ``settle_window`` snapshots at the current learning rate, the certified and the
        raw estimate moved by at most ``settle_tol`` and ``settle_tol_raw`` (mean of the
        window's second half against its first half, relative). With ``schedule="plateau"``
        the learning rate is then multiplied by ``lr_decay`` and training goes on; the
        ``lr_decays + 1``-th settle stops it. The rule reads numbers only, never the clock:
        same seed, same stopping step.
    seed : int, numpy.random.Generator or torch.Generator, optional
        Seeds the initial weights, the interpolation weights and the batches. Same seed, same
        numbers. A generator gives one int seed (drawn from it, so it advances; the same
        generator state gives the same fit); None draws one at random. The int used is stored
        in ``fit.seed``.
    progress : bool, keyword-only
        Show a tqdm progress bar.
    device : str, keyword-only
        A torch device, e.g. "cpu" or "cuda". Randomness is drawn on the CPU, so a seed gives
        the same batches and interpolates on every device.
    preset : {"fast", "paper"}, optional
        ``"fast"`` (the default, when None): tuned for a few hundred points in the plane;
        full-sample batches, a 3 x 64 ReLU network, Adam at 3e-3 until settled, twice cut by
        0.3 (the ``plateau`` schedule), lambda = 50 (lp: 100, also penalised at the samples);
        clip: c = 0.01 with RMSprop 1e-3.
        ``"paper"``: the published settings (clip: c = 0.01, RMSprop 5e-5, batches of 64;
        gp/lp/sn: lambda = 10, Adam 1e-4, betas (0.5, 0.9), batches of 256; a 3 x 512 network),
        slower but faithful. Why they differ: :mod:`otlab.critics.config`.
    **options
        Override any field of :class:`otlab.critics.CriticConfig` (``width``, ``depth``,
        ``activation``, ``lr``, ``penalty_weight``, ``sampling``, ``clip``, ``batch_size``, ...).

    Returns
    -------
    CriticFit
        ``fit.certified_estimate`` is the number to trust: a lower bound on the empirical W1
        for any critic (:func:`otlab.critics.certified_estimate`). ``fit.settled`` says whether
        the rule stopped training. A KeyboardInterrupt during training returns the fit so far
        (``interrupted=True``).

    Raises
    ------
    FloatingPointError
        When the loss becomes NaN or inf or the critic's gap explodes; the message names the
        step and suggests a fix.

    Examples
    --------
    >>> import otlab
    >>> from otlab import toy
    >>> real = toy.sample("gaussian", 64, seed=0, mean=(1.0, 0.0))
    >>> fake = toy.sample("gaussian", 64, seed=1)
    >>> fit = fit_critic(real, fake, steps=50, seed=0, progress=False)
    >>> fit.critic(real).shape, fit.steps
    ((64,), 50)
    >>> bool(fit.certified_estimate <= otlab.emd(real, fake).distance)  # for any critic
    True

    References
    ----------
    Arjovsky, Chintala & Bottou, *Wasserstein GAN* (2017); Gulrajani et al., *Improved Training
    of Wasserstein GANs* (2017); Miyato et al., *Spectral Normalization for GANs* (2018).
    """
    if steps is not None:
        options["steps"] = steps
    config = preset_config(constraint, preset, **options)
    real = as_points(_FUNC, "real", real, dim=2)
    fake = as_points(_FUNC, "fake", fake, dim=2)
    device = as_device(_FUNC, device)
    seed = resolve_seed(_FUNC, seed)
    with cpu_threads(config.threads):
        trainer = _Trainer(real, fake, constraint, config, seed, device)
        interrupted = trainer.run(progress)
        return trainer.result(interrupted)
