"""Divergences between distributions, and why GANs trade them for the Wasserstein distance.

KL, JS and TV compare two distributions point by point, so they cannot see how far apart
two disjoint supports are; W1 measures the distance mass has to travel. The theta-shift family
of the WGAN paper (Arjovsky et al., 2017, Example 1) makes the difference exact:
P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]) give, for every theta != 0,
KL = +inf, JS = log 2, TV = 1, while W1 = |theta|.

Histograms may be counts or probabilities: each is normalised to total 1 after validation.
Values are in nats unless ``base=2`` (bits) is passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, special

from otlab import toy
from otlab._validation import (
    as_float_array,
    as_scalar,
    check_finite,
    check_nonempty,
    check_positive_int,
    fail,
)
from otlab.exact import emd
from otlab.exact.gaussian import gaussian_pair
from otlab.exact.lp import MAX_SIZE

__all__ = [
    "GaussianIntegrands",
    "ThetaDivergences",
    "ThetaSlopes",
    "gan_value",
    "gaussian_integrands",
    "gaussian_js",
    "gaussian_kl",
    "js",
    "kl",
    "optimal_discriminator",
    "theta_divergences",
    "theta_estimates",
    "theta_slopes",
    "tv",
]

LOG2 = math.log(2.0)


# --- histograms --------------------------------------------------------------------------------


def kl(p, q, *, base: float | None = None) -> float:
    r"""Kullback-Leibler divergence KL(p || q) between two histograms on a common support.

    .. math:: \mathrm{KL}(p \,\|\, q) = \sum_i p_i \log \frac{p_i}{q_i}

    Parameters
    ----------
    p, q : array_like, same shape
        Non-negative masses (counts or probabilities), each normalised to total 1 here.
    base : float, optional, keyword-only
        Base of the logarithm: None for nats, 2 for bits.

    Returns
    -------
    float
        KL >= 0; ``inf`` (a float, without a warning) when p puts mass where q has none.

    Examples
    --------
    >>> round(kl([0.5, 0.5], [0.25, 0.75], base=2), 6)
    0.207519
    >>> kl([1, 1], [2, 0])
    inf
    """
    p, q = _histograms("kl", p, q)
    scale = _log_base("kl", base)
    # kl_div(x, y) = x log(x / y) - x + y sums to the same KL (both totals are 1) but every term
    # is >= 0, so KL >= 0 and KL(p, p) == 0 hold exactly instead of up to cancellation.
    return float(np.sum(special.kl_div(p, q))) / scale


def js(p, q, *, base: float | None = None) -> float:
    r"""Jensen-Shannon divergence between two histograms on a common support.

    .. math::
        \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p \,\|\, m) + \tfrac12 \mathrm{KL}(q \,\|\, m),
        \qquad m = \tfrac12 (p + q)

    Parameters
    ----------
    p, q : array_like, same shape
        Non-negative masses (counts or probabilities), each normalised to total 1 here.
    base : float, optional, keyword-only
        Base of the logarithm: None for nats, 2 for bits.

    Returns
    -------
    float
        Symmetric, between 0 and log 2 (1 bit); log 2 exactly when the supports are disjoint.

    Examples
    --------
    >>> js([1, 0], [0, 1], base=2)
    1.0
    """
    p, q = _histograms("js", p, q)
    scale = _log_base("js", base)
    if not np.any((p > 0) & (q > 0)):
        return LOG2 / scale  # disjoint supports: exactly log 2, with no rounding from the sum
    # With m = (p + q) / 2: KL(p || m) = sum p log(2p / (p + q)) = sum rel_entr(2p, p + q) / 2.
    # Never forming m keeps the smallest masses from underflowing to 0, which would read as an
    # infinite KL. Each bin's
    # pair of terms is (p + q) (log 2 - H(p / (p + q))) >= 0, so only rounding can leave
    # [0, log 2]: the clip below removes it.
    total = p + q
    value = 0.25 * float(np.sum(special.rel_entr(2 * p, total) + special.rel_entr(2 * q, total)))
    return min(max(value, 0.0), LOG2) / scale


def tv(p, q) -> float:
    r"""Total variation distance between two histograms on a common support.

    .. math:: \mathrm{TV}(p, q) = \tfrac12 \sum_i |p_i - q_i| = \max_A |p(A) - q(A)|

    Examples
    --------
    >>> tv([3, 1], [1, 1])
    0.25
    """
    p, q = _histograms("tv", p, q)
    return min(0.5 * float(np.sum(np.abs(p - q))), 1.0)


# --- the optimal discriminator -----------------------------------------------------------------


def optimal_discriminator(p_r, p_g) -> np.ndarray:
    r"""The discriminator that maximises the GAN value for fixed real and generated densities.

    .. math:: D^*(x) = \frac{p_r(x)}{p_r(x) + p_g(x)}

    Parameters
    ----------
    p_r, p_g : array_like, same shape
        Real and generated histograms, or densities on a common grid (each normalised here).

    Returns
    -------
    ndarray, same shape
        Values in [0, 1]; 1/2 where neither distribution has mass (any value is optimal there).

    Examples
    --------
    >>> optimal_discriminator([1, 1, 0], [0, 1, 0]).tolist()
    [1.0, 0.3333333333333333, 0.5]
    """
    p_r, p_g = _histograms("optimal_discriminator", p_r, p_g, names=("p_r", "p_g"))
    total = p_r + p_g
    with np.errstate(invalid="ignore", divide="ignore"):
        d = p_r / total
    return np.where(total > 0, d, 0.5)


def gan_value(p_r, p_g, d=None) -> float:
    r"""The minimax GAN objective of a discriminator ``d`` on a common support.

    .. math::
        L(G, D) = \mathbb{E}_{x \sim p_r} \log D(x) + \mathbb{E}_{x \sim p_g} \log (1 - D(x))

    With ``d = optimal_discriminator(p_r, p_g)`` this equals ``2 JS(p_r, p_g) - 2 log 2``
    (Goodfellow et al., 2014, Theorem 1): the discriminator's best reply turns the generator's
    loss into a Jensen-Shannon divergence.

    Parameters
    ----------
    p_r, p_g : array_like, same shape
        Real and generated histograms (each normalised here).
    d : array_like, same shape, optional
        Discriminator outputs in [0, 1]. None means the optimal discriminator D*, evaluated
        in log space: where p_g is below 1e-16 p_r (far tails), D* rounds to exactly 1 as a
        float and ``log(1 - D*)`` would be -inf, while ``log(p_g / (p_r + p_g))`` is not.

    Returns
    -------
    float
        At most 0; ``-inf`` when d = 0 where p_r has mass, or d = 1 where p_g has mass.

    Examples
    --------
    >>> p_r, p_g = [1, 1], [1, 1]
    >>> round(gan_value(p_r, p_g, optimal_discriminator(p_r, p_g)), 6)  # -2 log 2
    -1.386294
    >>> round(gan_value([3, 1], [1, 3]), 6) == round(2 * js([3, 1], [1, 3]) - 2 * LOG2, 6)
    True
    """
    func = "gan_value"
    p_r, p_g = _histograms(func, p_r, p_g, names=("p_r", "p_g"))
    with np.errstate(divide="ignore", invalid="ignore"):
        if d is None:
            # log D* = log p_r - log(p_r + p_g), log(1 - D*) = log p_g - log(p_r + p_g); where a
            # term's weight is 0, xlogy makes it 0 (no NaN from 0 * -inf).
            log_total = np.log(p_r + p_g)
            log_d = np.log(p_r) - log_total
            log_not_d = np.log(p_g) - log_total
        else:
            d = _discriminator(func, d, p_r.shape)
            log_d, log_not_d = np.log(d), np.log1p(-d)
        real = np.where(p_r > 0, p_r * log_d, 0.0)
        fake = np.where(p_g > 0, p_g * log_not_d, 0.0)
    return float(np.sum(real) + np.sum(fake))


def _discriminator(func: str, d, shape) -> np.ndarray:
    d = _nonempty_finite(func, "d", d)
    if d.shape != shape:
        fail(
            func,
            f"`d` with the shape of the histograms {shape}",
            f"shape {d.shape}",
            "evaluate the discriminator on the same support as p_r and p_g",
        )
    if np.any((d < 0) | (d > 1)):
        fail(
            func,
            "discriminator outputs `d` in [0, 1]",
            f"values from {d.min():g} to {d.max():g}",
            "pass probabilities (apply a sigmoid to logits)",
        )
    return d


# --- Gaussians ---------------------------------------------------------------------------------


def gaussian_kl(mean1, cov1, mean2, cov2) -> float:
    r"""KL(N(mean1, cov1) || N(mean2, cov2)) in closed form, in any dimension (nats).

    .. math::
        \mathrm{KL} = \tfrac12 \Big( \operatorname{tr}(\Sigma_2^{-1}\Sigma_1)
            + (m_2 - m_1)^\top \Sigma_2^{-1} (m_2 - m_1) - d
            + \log \frac{\det \Sigma_2}{\det \Sigma_1} \Big)

    Parameters
    ----------
    mean1, mean2 : float or (d,) array_like
    cov1, cov2 : float (a variance, in 1-D) or (d, d) array_like, symmetric positive definite

    Examples
    --------
    >>> gaussian_kl(0.0, 1.0, 1.0, 1.0)
    0.5
    """
    func = "gaussian_kl"
    m1, c1, m2, c2 = gaussian_pair(func, mean1, cov1, mean2, cov2)
    c1 = _positive_definite(func, "cov1", c1)
    c2 = _positive_definite(func, "cov2", c2)
    gap = m2 - m1
    trace = float(np.trace(np.linalg.solve(c2, c1)))
    mahalanobis = float(gap @ np.linalg.solve(c2, gap))
    log_det = np.linalg.slogdet(c2)[1] - np.linalg.slogdet(c1)[1]
    # KL >= 0 exactly; rounding can leave -1e-16 when the two Gaussians are equal.
    return max(0.5 * (trace + mahalanobis - m1.shape[0] + float(log_det)), 0.0)


def gaussian_js(mean1, var1, mean2, var2) -> float:
    r"""JS between the 1-D Gaussians N(mean1, var1) and N(mean2, var2), by quadrature (nats).

    .. math::
        \mathrm{JS} = \tfrac12 \mathbb{E}_{p}\Big[\log \frac{2p}{p + q}\Big]
                    + \tfrac12 \mathbb{E}_{q}\Big[\log \frac{2q}{p + q}\Big]

    JS has no closed form for Gaussians. Each expectation is taken over a standard normal
    variable with ``scipy.integrate.quad``, split where the two densities cross, so narrow or
    far-apart Gaussians are integrated as accurately as the textbook pair N(0, 1), N(1, 1).

    Parameters
    ----------
    mean1, mean2 : float
    var1, var2 : float, > 0
        Variances (not standard deviations).

    Examples
    --------
    >>> round(gaussian_js(0.0, 1.0, 1.0, 1.0), 6)
    0.111421
    """
    func = "gaussian_js"
    m1, m2 = as_scalar(func, "mean1", mean1), as_scalar(func, "mean2", mean2)
    s1 = math.sqrt(as_scalar(func, "var1", var1, positive=True))
    s2 = math.sqrt(as_scalar(func, "var2", var2, positive=True))
    value = 0.5 * (_half_js(m1, s1, m2, s2) + _half_js(m2, s2, m1, s1))
    return min(max(value, 0.0), LOG2)


@dataclass(frozen=True, eq=False)
class GaussianIntegrands:
    """Pointwise integrands of KL and JS between two 1-D Gaussians, on a grid ``x``.

    Attributes
    ----------
    x : (k,) array, the grid.
    p, q : (k,) arrays, the densities of N(mean1, var1) and N(mean2, var2).
    kl_pq : (k,) array, p log(p / q): integrates to KL(p || q); negative where q > p.
    kl_qp : (k,) array, q log(q / p): integrates to KL(q || p).
    js : (k,) array, (p log(p / m) + q log(q / m)) / 2 with m = (p + q) / 2: integrates to JS,
        never negative.
    """

    x: np.ndarray
    p: np.ndarray
    q: np.ndarray
    kl_pq: np.ndarray
    kl_qp: np.ndarray
    js: np.ndarray


def gaussian_integrands(x, mean1, var1, mean2, var2) -> GaussianIntegrands:
    """The integrands of KL both ways and of JS between two 1-D Gaussians, evaluated on ``x``.

    Examples
    --------
    >>> r = gaussian_integrands(np.linspace(-12, 13, 5001), 0.0, 1.0, 1.0, 1.0)
    >>> round(float(np.trapezoid(r.kl_pq, r.x)), 6)
    0.5
    """
    func = "gaussian_integrands"
    x = _nonempty_finite(func, "x", x)
    if x.ndim != 1:
        fail(func, "a 1-D grid `x`", f"shape {x.shape}", "pass e.g. np.linspace(-4, 5, 400)")
    m1, m2 = as_scalar(func, "mean1", mean1), as_scalar(func, "mean2", mean2)
    v1 = as_scalar(func, "var1", var1, positive=True)
    v2 = as_scalar(func, "var2", var2, positive=True)
    log_p = -0.5 * ((x - m1) ** 2 / v1 + math.log(2 * math.pi * v1))
    log_q = -0.5 * ((x - m2) ** 2 / v2 + math.log(2 * math.pi * v2))
    log_m = np.logaddexp(log_p, log_q) - LOG2
    p, q = np.exp(log_p), np.exp(log_q)
    # Differences of logs, not logs of ratios: p / q over- or underflows in the tails.
    return GaussianIntegrands(
        x=x,
        p=p,
        q=q,
        kl_pq=p * (log_p - log_q),
        kl_qp=q * (log_q - log_p),
        js=0.5 * (p * (log_p - log_m) + q * (log_q - log_m)),
    )


# --- the theta-shift family --------------------------------------------------------------------


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


def _half_js(m_a: float, s_a: float, m_b: float, s_b: float) -> float:
    """E_{X ~ N(m_a, s_a^2)} log(2 p_a(X) / (p_a(X) + p_b(X))), over z = (X - m_a) / s_a."""
    log_ratio = math.log(s_a / s_b)

    def integrand(z: float) -> float:
        u = (m_a + s_a * z - m_b) / s_b
        t = 0.5 * (z * z - u * u) + log_ratio  # log p_b(X) - log p_a(X)
        softplus = max(t, 0.0) + math.log1p(math.exp(-abs(t)))  # log(1 + e^t), no overflow
        return math.exp(-0.5 * z * z) * (LOG2 - softplus)

    # The integrand bends where the two densities cross; quad is told where that happens.
    # |integrand| <= exp(-z^2 / 2) (z^2 / 2 + |log(s_a / s_b)| + log 2), below 1e-29 past 12.
    reach = 12.0
    points = [z for z in _crossings(m_a, s_a, m_b, s_b) if -reach < z < reach]
    value, _ = integrate.quad(
        integrand, -reach, reach, points=[0.0, *points], epsabs=1e-13, epsrel=1e-11, limit=200
    )
    return value / math.sqrt(2 * math.pi)


def _crossings(m_a: float, s_a: float, m_b: float, s_b: float) -> list[float]:
    """Where N(m_a, s_a^2) and N(m_b, s_b^2) have equal densities, in z = (x - m_a) / s_a."""
    # (z / 1)^2 - ((s_a z + m_a - m_b) / s_b)^2 = 2 log(s_b / s_a): a quadratic in z.
    r, c = s_a / s_b, (m_a - m_b) / s_b
    qa, qb, qc = 1.0 - r * r, -2.0 * r * c, -c * c - 2.0 * math.log(s_b / s_a)
    if abs(qa) < 1e-12:
        return [] if qb == 0 else [-qc / qb]
    disc = qb * qb - 4 * qa * qc
    if disc < 0:
        return []
    root = math.sqrt(disc)
    return [(-qb - root) / (2 * qa), (-qb + root) / (2 * qa)]


def _histograms(func: str, p, q, *, names=("p", "q")) -> tuple[np.ndarray, np.ndarray]:
    """Two non-negative histograms of one shape with positive totals, each normalised to 1."""
    p = _nonempty_finite(func, names[0], p)
    q = _nonempty_finite(func, names[1], q)
    if p.shape != q.shape:
        fail(
            func,
            f"`{names[0]}` and `{names[1]}` on a common support (the same shape)",
            f"shapes {p.shape} and {q.shape}",
            "bin both samples with the same edges, e.g. np.histogram(x, bins=edges)",
        )
    out = []
    for name, arr in zip(names, (p, q), strict=True):
        if np.any(arr < 0):
            fail(
                func,
                f"non-negative masses in `{name}`",
                f"minimum {arr.min():g}",
                "mass cannot be negative; pass counts or probabilities",
            )
        top = float(arr.max())
        if not top > 0:
            fail(
                func, f"a positive total mass in `{name}`", "total 0", f"put some mass in `{name}`"
            )
        arr = arr / top  # counts up to 1.8e308 would overflow the total before normalising
        out.append(arr / arr.sum())
    return out[0], out[1]


def _nonempty_finite(func: str, name: str, value) -> np.ndarray:
    arr = as_float_array(func, name, value)
    return check_finite(func, name, check_nonempty(func, name, arr))


def _positive_definite(func: str, name: str, cov: np.ndarray) -> np.ndarray:
    """A PSD covariance must also be invertible: a degenerate Gaussian has no density."""
    values = np.linalg.eigvalsh(cov)
    if values.min() <= 1e-12 * max(float(values.max()), 1e-300):
        fail(
            func,
            f"a non-singular `{name}`",
            f"smallest eigenvalue {values.min():.3g}",
            "KL needs both densities; add a small multiple of the identity to the covariance",
        )
    return cov


def _log_base(func: str, base) -> float:
    if base is None:
        return 1.0
    value = as_scalar(func, "base", base, positive=True)
    if value == 1:
        fail(func, "a logarithm `base` other than 1", "1", "use base=None (nats) or base=2 (bits)")
    return math.log(value)
