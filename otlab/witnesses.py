"""Witness functions: what each distance between distributions uses to tell them apart.

A distance of the form ``sup_h E_P h - E_Q h`` comes with a witness, the h that attains it:

- W1: the Kantorovich potential, 1-Lipschitz (:func:`otlab.kantorovich_potential`);
- MMD: the mean embedding difference, in the unit ball of a kernel's RKHS (:func:`mmd_witness`);
- JS: the optimal discriminator D* = p / (p + q) (:func:`otlab.divergences.optimal_discriminator`).

On the theta-shift family (P = U({0} x [0, 1]), Q_theta = U({theta} x [0, 1])) the three differ
sharply: JS stays at log 2 for every theta != 0, while W1 = |theta| and the MMD keep a slope
(the MMD's fades beyond the kernel's bandwidth). :func:`theta_witnesses` computes all three.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from otlab import toy
from otlab._validation import (
    as_float_array,
    as_points,
    as_real_values,
    as_scalar,
    as_weights,
    check_finite,
    check_positive_int,
    check_same_mass,
    describe,
    entry_point,
    fail,
)
from otlab.exact import emd, kantorovich_potential

__all__ = [
    "MMDWitness",
    "ThetaWitnesses",
    "mmd",
    "mmd_witness",
    "theta_mmd",
    "theta_witnesses",
]

LOG2 = math.log(2.0)


@dataclass(frozen=True, eq=False)
class MMDWitness:
    """The MMD witness of a Gaussian kernel, normalised: ``E_a h(x) - E_b h(y) = MMD``.

    Attributes
    ----------
    x, y : (n, d), (m, d) arrays, the target (real) and source (generated) points.
    a, b : (n,), (m,) arrays, their masses as probabilities.
    bandwidth : float, sigma of ``k(u, v) = exp(-|u - v|^2 / (2 sigma^2))``.
    distance : float, the MMD (0 when the two mean embeddings coincide).
    """

    x: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    bandwidth: float
    distance: float

    def __call__(self, points) -> np.ndarray:
        """(k,) values ``(sum_i a_i k(z, x_i) - sum_j b_j k(z, y_j)) / MMD`` at (k, d) points."""
        z = as_points("MMDWitness", "points", points, dim=self.x.shape[1])
        gap = (
            _kernel(z, self.x, self.bandwidth) @ self.a
            - _kernel(z, self.y, self.bandwidth) @ self.b
        )
        return gap / self.distance if self.distance > 0 else np.zeros_like(gap)


@entry_point("mmd")
def mmd(x, y, a=None, b=None, *, bandwidth: float) -> float:
    r"""Maximum mean discrepancy with a Gaussian kernel between two weighted point clouds.

    .. math::
        \mathrm{MMD}^2 = a^\top K_{xx} a - 2 a^\top K_{xy} b + b^\top K_{yy} b, \qquad
        k(u, v) = e^{-|u - v|^2 / (2\sigma^2)}

    The plug-in (V-statistic) value between the two empirical distributions, >= 0.

    Examples
    --------
    >>> round(mmd([[0.0]], [[1.0]], bandwidth=1.0), 6)  # sqrt(2 - 2 exp(-1/2))
    0.887096

    References
    ----------
    Gretton et al., *A kernel two-sample test* (JMLR 2012).
    """
    return mmd_witness(x, y, a, b, bandwidth=bandwidth).distance


def mmd_witness(x, y, a=None, b=None, *, bandwidth: float) -> MMDWitness:
    r"""The witness function of the MMD between two weighted point clouds.

    .. math::
        h(z) = \frac{\sum_i a_i k(z, x_i) - \sum_j b_j k(z, y_j)}{\mathrm{MMD}}, \qquad
        \mathbb{E}_a h - \mathbb{E}_b h = \mathrm{MMD}

    the function of unit RKHS norm that separates the two the most; oriented like a critic
    (high on the target ``x``).

    Parameters
    ----------
    x, y : (n, d), (m, d) array_like
    a, b : (n,), (m,) array_like, optional
        Masses with equal totals (normalised here); default uniform.
    bandwidth : float, keyword-only
        sigma > 0 of the Gaussian kernel, in the units of the points.
    """
    func = "mmd_witness"
    x = as_points(func, "x", x)
    y = as_points(func, "y", y, dim=x.shape[1])
    a = as_weights(func, "a", a, x.shape[0])
    b = as_weights(func, "b", b, y.shape[0])
    total = check_same_mass(func, a, b)
    a, b = a / total, b / total
    sigma = as_scalar(func, "bandwidth", bandwidth, positive=True)
    squared = (
        a @ _kernel(x, x, sigma) @ a
        - 2 * a @ _kernel(x, y, sigma) @ b
        + b @ _kernel(y, y, sigma) @ b
    )
    return MMDWitness(x, y, a, b, sigma, float(np.sqrt(max(squared, 0.0))))


def theta_mmd(theta, *, bandwidth: float) -> np.ndarray | float:
    r"""The MMD between P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]), in closed form.

    .. math::
        \mathrm{MMD}^2(\theta) = 2 c \big(1 - e^{-\theta^2 / (2\sigma^2)}\big), \quad
        c = \mathbb{E}\, e^{-(u - u')^2 / (2\sigma^2)}
          = 2\Big(\sigma\sqrt{\pi/2}\, \mathrm{erf}\big(\tfrac{1}{\sigma\sqrt2}\big)
          - \sigma^2 \big(1 - e^{-1/(2\sigma^2)}\big)\Big)

    (u, u' independent uniform on [0, 1]: the vertical parts of the kernel). Near 0 it grows
    like |theta| sqrt(c) / sigma, like W1; past the bandwidth it flattens at sqrt(2 c).

    Parameters
    ----------
    theta : float or array_like
    bandwidth : float, keyword-only

    Examples
    --------
    >>> round(float(theta_mmd(0.0, bandwidth=0.5)), 6)
    0.0
    """
    func = "theta_mmd"
    sigma = as_scalar(func, "bandwidth", bandwidth, positive=True)
    t = as_real_values(func, "theta", theta)
    from scipy.special import erf

    c = 2 * (
        sigma * math.sqrt(math.pi / 2) * erf(1 / (sigma * math.sqrt(2)))
        - sigma**2 * (1 - math.exp(-1 / (2 * sigma**2)))
    )
    value = np.sqrt(2 * c * -np.expm1(-(t**2) / (2 * sigma**2)))
    return float(value) if value.ndim == 0 else value


@dataclass(frozen=True, eq=False)
class ThetaWitnesses:
    """The three witnesses of the theta family along the line z = (s, 0.5), and their values.

    Attributes
    ----------
    theta : float
    s : (k,) array, horizontal positions where the witnesses are evaluated.
    w1 : (k,) array, the Kantorovich potential of the exact plan between the samples.
    mmd : (k,) array, the MMD witness (Gaussian kernel) of the samples.
    js : (k,) array, the optimal discriminator D* on cells of width ``s[1] - s[0]``
        (1 on P's cell, 0 on Q's, 1/2 where neither has mass: any value is optimal there).
    w1_value, mmd_value, js_value : float, W1, MMD and JS between the samples, each certified
        by its witness (JS from the binned distributions: log 2 once the cells differ).
    bandwidth : float
    n : int, samples per side.
    """

    theta: float
    s: np.ndarray
    w1: np.ndarray
    mmd: np.ndarray
    js: np.ndarray
    w1_value: float
    mmd_value: float
    js_value: float
    bandwidth: float
    n: int


@entry_point("theta_witnesses")
def theta_witnesses(
    theta: float, *, s=None, bandwidth: float = 0.5, n: int = 100, seed=0
) -> ThetaWitnesses:
    """Evaluate the W1, MMD and JS witnesses between n samples of P and of Q_theta.

    Parameters
    ----------
    theta : float
        The shift of Q_theta.
    s : (k,) array_like, optional
        Increasing, evenly spaced horizontal positions; default 241 points on [-1.5, 1.5].
    bandwidth : float, keyword-only
        sigma of the MMD's Gaussian kernel.
    n : int, keyword-only
        Samples per side (:func:`otlab.toy.theta_pair`).
    seed : int or numpy.random.Generator, keyword-only
    """
    from otlab.divergences import js, optimal_discriminator

    func = "theta_witnesses"
    theta = as_scalar(func, "theta", theta)
    n = check_positive_int(func, "n", n)
    s = (
        np.linspace(-1.5, 1.5, 241)
        if s is None
        else check_finite(func, "s", as_float_array(func, "s", s))
    )
    if s.ndim != 1 or s.size < 2 or not np.allclose(np.diff(s), s[1] - s[0]) or s[1] <= s[0]:
        fail(func, "`s` as evenly spaced, increasing positions", describe(s), "use np.linspace")
    real, fake = toy.theta_pair(theta, n, seed=seed)  # (n, 2) each
    line = np.column_stack([s, np.full(s.size, 0.5)])  # (k, 2): the witnesses along y = 0.5
    exact = emd(real, fake)
    witness = mmd_witness(real, fake, bandwidth=bandwidth)
    # D* on cells of width ds along the line: P's samples all lie in the cell of s = 0, Q's in
    # the cell of s = theta.
    width = s[1] - s[0]
    edges = np.concatenate([s - width / 2, [s[-1] + width / 2]])
    p_r = np.histogram(real[:, 0], bins=edges)[0].astype(float)
    p_g = np.histogram(fake[:, 0], bins=edges)[0].astype(float)
    if p_r.sum() == 0 or p_g.sum() == 0:
        fail(func, "0 and theta inside the range of `s`", f"theta = {theta:g}", "widen `s`")
    return ThetaWitnesses(
        theta,
        s,
        kantorovich_potential(exact)(line),
        witness(line),
        optimal_discriminator(p_r, p_g),
        exact.distance,
        witness.distance,
        js(p_r, p_g),
        witness.bandwidth,
        n,
    )


def _kernel(u: np.ndarray, v: np.ndarray, sigma: float) -> np.ndarray:
    """(n, m) Gaussian kernel exp(-|u_i - v_j|^2 / (2 sigma^2))."""
    from scipy.spatial.distance import cdist

    # Distances in bandwidths first: sigma**2 underflows to 0 for sigma < 1e-154 (0 / 0 = NaN).
    return np.exp(-0.5 * (cdist(u, v) / sigma) ** 2)
