"""KL and JS between Gaussians in closed form, and the integrands that JS integrates.

KL has a closed form in any dimension; JS between 1-D Gaussians is one integral, computed
with ``scipy.integrate.quad`` (:func:`gaussian_js`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate

from otlab._validation import as_scalar, fail
from otlab.divergences.discrete import LOG2, _nonempty_finite
from otlab.exact.gaussian import gaussian_pair

__all__ = ["GaussianIntegrands", "gaussian_integrands", "gaussian_js", "gaussian_kl"]


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


# --- helpers -----------------------------------------------------------------------------------


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
