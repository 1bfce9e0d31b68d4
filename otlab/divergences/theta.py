"""The theta-shift family of the WGAN paper (Arjovsky et al., 2017, Example 1).

P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]) give, for every theta != 0,
KL = +inf, JS = log 2, TV = 1, while W1 = |theta|: exactly, their slopes in theta, and as
estimated from samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from otlab import toy
from otlab._validation import as_scalar, check_positive_int, entry_point, fail
from otlab.divergences.discrete import LOG2, js, kl, tv
from otlab.exact import emd
from otlab.exact.lp import MAX_SIZE

__all__ = [
    "ThetaDivergences",
    "ThetaSlopes",
    "theta_divergences",
    "theta_estimates",
    "theta_slopes",
]


@dataclass(frozen=True, eq=False)
class ThetaDivergences:
    """KL, JS, TV and W1 between P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]).

    Attributes
    ----------
    theta : float, the horizontal shift of Q_theta.
    kl_pq : float, KL(P || Q_theta) (``inf`` for theta != 0).
    kl_qp : float, KL(Q_theta || P).
    js : float, JS(P, Q_theta), in nats.
    tv : float, the total variation distance.
    w1 : float, the earth mover's distance W1.
    n : int or None, samples per side behind an estimate; None for the exact values.
    """

    theta: float
    kl_pq: float
    kl_qp: float
    js: float
    tv: float
    w1: float
    n: int | None = None


def theta_divergences(theta: float) -> ThetaDivergences:
    r"""Exact divergences between P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]).

    .. math::
        \mathrm{KL}(P \| Q_\theta) = \mathrm{KL}(Q_\theta \| P)
            = \begin{cases} +\infty & \theta \ne 0 \\ 0 & \theta = 0 \end{cases},\quad
        \mathrm{JS} = \begin{cases} \log 2 & \theta \ne 0 \\ 0 & \theta = 0 \end{cases},\quad
        \mathrm{TV} = \begin{cases} 1 & \theta \ne 0 \\ 0 & \theta = 0 \end{cases},\quad
        W_1 = |\theta|

    Only W1 is continuous in theta, so only W1 gives a generator a gradient towards theta = 0.

    Examples
    --------
    >>> r = theta_divergences(0.5)
    >>> r.kl_pq, round(r.js, 4), r.tv, r.w1
    (inf, 0.6931, 1.0, 0.5)
    >>> theta_divergences(0.0).js
    0.0

    References
    ----------
    Arjovsky, Chintala & Bottou, *Wasserstein GAN* (2017), Example 1.
    """
    theta = as_scalar("theta_divergences", "theta", theta)
    if theta == 0:
        return ThetaDivergences(theta, 0.0, 0.0, 0.0, 0.0, 0.0)
    return ThetaDivergences(theta, math.inf, math.inf, LOG2, 1.0, abs(theta))


@dataclass(frozen=True, eq=False)
class ThetaSlopes:
    """Numerical derivatives with respect to theta of the theta family's JS, TV and W1.

    KL has no slope to report: it is +inf on both sides of every theta != 0.

    Attributes
    ----------
    theta : float, where the slopes are taken.
    step : float, the half-width h of the central difference.
    js, tv, w1 : float, (m(theta + h) - m(theta - h)) / (2 h) for each measure m.
    """

    theta: float
    step: float
    js: float
    tv: float
    w1: float


def theta_slopes(theta: float, *, step: float = 1e-4) -> ThetaSlopes:
    r"""Central-difference slopes of JS, TV and W1 of the theta family at ``theta``.

    .. math:: \frac{d m}{d\theta} \approx \frac{m(\theta + h) - m(\theta - h)}{2h}

    JS and TV are flat away from 0, so their slope is 0: a generator following them gets no
    signal. W1 = |theta| has slope sign(theta): it always points back towards theta = 0.

    Examples
    --------
    >>> s = theta_slopes(0.5)
    >>> s.js, s.w1
    (0.0, 1.0)
    """
    func = "theta_slopes"
    theta = as_scalar(func, "theta", theta)
    step = as_scalar(func, "step", step, positive=True)
    after, before = theta_divergences(theta + step), theta_divergences(theta - step)
    width = (theta + step) - (theta - step)  # the step as rounded, so |theta| gives exactly 1
    return ThetaSlopes(
        theta,
        step,
        js=(after.js - before.js) / width,
        tv=(after.tv - before.tv) / width,
        w1=(after.w1 - before.w1) / width,
    )


@entry_point("theta_estimates")
def theta_estimates(theta: float, n: int, *, bin_width: float = 0.1, seed=None):
    """Estimate the theta family's divergences from ``n`` samples of P and of Q_theta each.

    KL, JS and TV come from histograms on one grid of square cells of side ``bin_width``
    (one column centred on P's segment x = 0, rows from y = 0); W1 is the exact earth mover's
    distance between the two samples (:func:`otlab.emd`). Shifts smaller than half a cell land
    in P's column, so the binned divergences then only see sampling noise; beyond that the
    histograms are disjoint and give exactly KL = inf, JS = log 2, TV = 1, like the exact
    family. W1 is at least |theta| and approaches it as ``n`` grows.

    Parameters
    ----------
    theta : float
        Shift of Q_theta.
    n : int
        Samples per distribution, at most 5000 (the exact EMD is an n x n problem).
    bin_width : float, keyword-only
        Side of the histogram cells.
    seed : int or numpy.random.Generator, optional
        The same seed gives the same y-coordinates for every theta, so estimates at
        different shifts differ only through theta.

    Returns
    -------
    ThetaDivergences
        With ``n`` set.

    Examples
    --------
    >>> r = theta_estimates(0.5, 200, seed=0)
    >>> r.kl_pq, round(r.js, 4), r.tv, r.w1 >= 0.5
    (inf, 0.6931, 1.0, True)
    """
    func = "theta_estimates"
    theta = as_scalar(func, "theta", theta)
    n = check_positive_int(func, "n", n)
    bin_width = as_scalar(func, "bin_width", bin_width, positive=True)
    largest = math.isqrt(MAX_SIZE["network_simplex"])
    if n > largest:
        fail(
            func,
            f"at most {largest} samples for the exact EMD",
            f"n = {n}",
            "use fewer samples; the estimate is already close to |theta| at n = 1000",
        )
    real, fake = toy.theta_pair(theta, n, seed=seed)  # (n, 2) each
    p, q = _binned(real, fake, bin_width)
    return ThetaDivergences(
        theta, kl(p, q), kl(q, p), js(p, q), tv(p, q), emd(real, fake).distance, n=n
    )


# --- helpers -----------------------------------------------------------------------------------


def _binned(real: np.ndarray, fake: np.ndarray, bin_width: float):
    """Counts of both samples on the cells they occupy (a common support, (k,) each)."""
    origin = np.array([-0.5 * bin_width, 0.0])
    cells_r = np.floor((real - origin) / bin_width).astype(np.int64)  # (n, 2) cell indices
    cells_f = np.floor((fake - origin) / bin_width).astype(np.int64)
    cells, index = np.unique(np.vstack([cells_r, cells_f]), axis=0, return_inverse=True)
    index = index.ravel()
    n = real.shape[0]
    return (
        np.bincount(index[:n], minlength=len(cells)),
        np.bincount(index[n:], minlength=len(cells)),
    )
