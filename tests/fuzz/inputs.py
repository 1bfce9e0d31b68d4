"""Small valid inputs for the fuzz registry, each built once and shared (read-only) by the cases.

Everything here is tiny (a few points, a few training steps) so that the whole suite stays fast.
"""

from __future__ import annotations

from functools import cache

import numpy as np

import otlab

X = np.array([[0.0, 0.0], [1.0, 0.5], [0.5, 1.0]])  # (3, 2)
Y = np.array([[2.0, 0.0], [1.5, 1.5], [2.5, 1.0]])  # (3, 2)
W = np.array([0.2, 0.3, 0.5])  # weights of X or Y
U = np.array([0.0, 1.0, 3.0])  # 1-D samples
V = np.array([0.5, 2.0, 2.5])
HIST_P = np.array([0.1, 0.4, 0.5])  # histograms on one support
HIST_Q = np.array([0.3, 0.3, 0.4])
MEAN = np.array([0.0, 0.0])
COV = np.array([[1.0, 0.2], [0.2, 0.5]])
MEAN2 = np.array([1.0, -1.0])
COV2 = np.array([[0.5, 0.0], [0.0, 2.0]])
TINY_NET = {"width": 8, "depth": 1}
TINY_GAN = {"width": 8, "depth": 1, "batch_size": 16, "n_eval": 16}


@cache
def real_fake() -> tuple[np.ndarray, np.ndarray]:
    real = otlab.toy.sample("8gaussians", 24, seed=0)
    fake = otlab.toy.sample("gaussian", 24, seed=1)
    return real, fake


@cache
def emd_result():
    return otlab.emd(X, Y, W, W[::-1])


@cache
def emd_real_fake():
    return otlab.emd(*real_fake())


@cache
def sinkhorn_result():
    return otlab.sinkhorn(X, Y, eps=0.5)


@cache
def piles_result():
    return otlab.piles_emd([3, 1, 0, 2], [1, 2, 2, 1])


@cache
def interpolant():
    return otlab.displacement_interpolation(emd_result(), 0.5)


@cache
def critic_fit():
    real, fake = real_fake()
    return otlab.fit_critic(real, fake, steps=3, seed=0, progress=False, grid_size=8, **TINY_NET)


@cache
def segments():
    from otlab.critics import segment_gradients

    return segment_gradients(critic_fit(), emd_real_fake(), points=5)


@cache
def gan_run():
    return otlab.train_gan("8gaussians", steps=4, eval_every=2, seed=0, progress=False, **TINY_GAN)


@cache
def bilinear():
    return otlab.bilinear_game(1.0, 0.0, steps=10)


@cache
def dirac():
    from otlab.gan import dirac_gan

    return dirac_gan(steps=10)


@cache
def vanishing():
    return otlab.vanishing_gradients(
        steps=3, batch_size=16, width=8, depth=1, seed=0, progress=False
    )


@cache
def live():
    from otlab.gan import LiveTraining

    return LiveTraining("8gaussians", seed=0, **TINY_GAN)


@cache
def frame():
    return live().measure(record=False)


@cache
def critic_net():
    import torch

    from otlab.critics import make_critic

    return make_critic(width=8, depth=1, generator=torch.Generator().manual_seed(0))


def tensors(n: int = 6):
    import torch

    real = torch.linspace(0, 1, 2 * n).reshape(n, 2)
    return real, real + 1.0


def axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots()[1]


def drawn(plot, *args, **kwargs):
    """An Axes on which ``plot`` (an otlab.plot function) has drawn, for its update_ twin."""
    ax = axes()
    plot(*args, ax=ax, **kwargs)
    return ax
