"""W_p on the line through quantile functions.

In one dimension the optimal plan is monotone, so

.. math:: W_p^p(\\mu, \\nu) = \\int_0^1 |F_\\mu^{-1}(t) - F_\\nu^{-1}(t)|^p \\, dt,

which for samples is a sort (for weighted samples and p = 1, the equal area between the two
CDFs is cheaper: one sort of all samples) and for frozen scipy distributions a 1-D integral.
"""

from __future__ import annotations

import numpy as np

from otlab._validation import as_samples_1d, as_weights, check_p, check_same_mass, fail
from otlab.exact._sort import sort_with_order

_FUNC = "wasserstein_1d"


def wasserstein_1d(u, v, *, p: float = 1, u_weights=None, v_weights=None) -> float:
    r"""The Wasserstein distance W_p (not W_p^p) between two distributions on the line.

    .. math:: W_p(\mu, \nu) = \Big(\int_0^1 |F_\mu^{-1}(t) - F_\nu^{-1}(t)|^p\,dt\Big)^{1/p}

    Parameters
    ----------
    u, v : (n,), (m,) array_like or frozen ``scipy.stats`` continuous distributions
        Sample locations, or two distributions such as ``scipy.stats.norm(0, 1)``.
    p : float, keyword-only
        Exponent, ``p >= 1``.
    u_weights, v_weights : (n,), (m,) array_like, optional
        Non-negative sample weights (masses or counts); default equal weights. When both are
        given their totals must match; a single one is read as relative weights.

    Returns
    -------
    float
        W_p. Peers differ: ``ot.wasserstein_1d`` returns W_p^p.

    Examples
    --------
    >>> wasserstein_1d([0.0, 1.0], [2.0, 3.0])
    2.0
    >>> from scipy import stats
    >>> round(wasserstein_1d(stats.norm(0, 1), stats.norm(3, 1), p=2), 9)
    3.0
    """
    p = check_p(_FUNC, p)
    u_dist, v_dist = _is_distribution(u), _is_distribution(v)
    if u_dist or v_dist:
        if not (u_dist and v_dist):
            fail(
                _FUNC,
                "two samples or two frozen scipy.stats distributions",
                "one of each",
                "draw samples from the distribution with .rvs(n, random_state=0)",
                kind=TypeError,
            )
        if u_weights is not None or v_weights is not None:
            fail(
                _FUNC,
                "no weights with scipy.stats distributions",
                "weights",
                "drop u_weights / v_weights",
                kind=TypeError,
            )
        return _between_distributions(u, v, p)

    u = as_samples_1d(_FUNC, "u", u)
    v = as_samples_1d(_FUNC, "v", v)
    a = None if u_weights is None else as_weights(_FUNC, "u_weights", u_weights, u.shape[0])
    b = None if v_weights is None else as_weights(_FUNC, "v_weights", v_weights, v.shape[0])
    if a is not None and b is not None:
        check_same_mass(_FUNC, a, b, names=("u_weights", "v_weights"))
    scale = max(float(np.abs(u).max()), float(np.abs(v).max()))
    if p * np.log10(max(scale, 1.0)) > 150:
        # |u - v|^p would overflow: W_p(c u, c v) = c W_p(u, v), so work on u / c.
        unit = wasserstein_1d(u / scale, v / scale, p=p, u_weights=a, v_weights=b)
        with np.errstate(over="ignore"):
            distance = scale * unit
        if not np.isfinite(distance):
            fail(
                _FUNC,
                "a distance that float64 can hold (below 1.8e308)",
                f"W_p = {unit:.3g} x {scale:.3g}",
                "rescale u and v by the same factor (e.g. divide both by 1e300) and scale back",
            )
        return distance
    if a is None and b is None and u.shape == v.shape:
        # Equal weights and sizes: both quantile functions step at the same levels k/n, so
        # W_p^p is the mean over matched order statistics. Two sorts, then in place.
        diff = np.sort(u)
        diff -= np.sort(v)
        np.abs(diff, out=diff)
        return _root(float(np.mean(diff if p == 1 else diff**p)), p)
    if p == 1 and (a is not None or b is not None):
        return _w1_by_cdf(u, v, _uniform(u) if a is None else a, _uniform(v) if b is None else b)
    u_sorted, cum_u = _sorted_levels(u, a)
    v_sorted, cum_v = _sorted_levels(v, b)
    return _root(_pth_power(u_sorted, cum_u, v_sorted, cum_v, p), p)


def _uniform(samples: np.ndarray) -> np.ndarray:
    return np.full(samples.shape[0], 1.0 / samples.shape[0])


def _w1_by_cdf(u, v, a, b) -> float:
    """W1 as the area between the two CDFs: one sort of all samples and a cumulative sum.

    .. math:: W_1 = \\int |F_\\mu(x) - F_\\nu(x)|\\,dx

    Cheaper than merging two quantile functions: the weights ride along a single sort.
    """
    values, order = sort_with_order(np.concatenate([u, v]))  # (n + m,)
    gap = np.concatenate([a / a.sum(), b / -b.sum()])[order]
    np.cumsum(gap, out=gap)  # F - G on the gap to the right of each sorted sample
    np.abs(gap, out=gap)
    return float(np.dot(gap[:-1], np.diff(values)))


def _sorted_levels(samples: np.ndarray, weights) -> tuple[np.ndarray, np.ndarray]:
    """Sorted samples and the level in (0, 1] at which each one's quantile step ends."""
    n = samples.shape[0]
    if weights is None:  # no weights to carry along: a plain sort
        return np.sort(samples), np.arange(1, n + 1) / n
    ordered, order = sort_with_order(samples)
    cum = np.cumsum(weights[order])
    cum /= cum[-1]
    cum[-1] = 1.0  # exact, so both sides end on the same level
    return ordered, cum


def _pth_power(u_sorted, cum_u, v_sorted, cum_v, p: float) -> float:
    """Integrate |F^-1 - G^-1|^p exactly: both quantile functions are step functions."""
    n, m = cum_u.size, cum_v.size
    # Every level where either quantile function jumps, in increasing order. Both halves are
    # already sorted, so the stable sort is a linear merge; `order` tells which side each is.
    levels = np.concatenate([cum_u, cum_v])
    order = np.argsort(levels, kind="stable")
    levels = levels[order]
    widths = np.diff(levels, prepend=0.0)
    # On (levels[k-1], levels[k]] each quantile is the first sample whose level reaches
    # levels[k]: the number of that side's levels strictly before position k. (Where the
    # width is 0 the index does not matter, hence the clip.)
    from_u = order < n
    iu = np.cumsum(from_u) - from_u
    iv = np.arange(n + m) - iu
    diff = np.abs(u_sorted[np.minimum(iu, n - 1)] - v_sorted[np.minimum(iv, m - 1)])
    return float(np.dot(widths, diff if p == 1 else diff**p))


def _between_distributions(u, v, p: float) -> float:
    from scipy import integrate  # on first use: keeps `import otlab` light

    # Tanh-sinh quadrature is built for integrable singularities at the ends of the interval,
    # which is where quantile functions blow up, and it evaluates the integrand on whole arrays.
    # Each half is integrated towards 0, where floats are dense: the upper half uses the
    # inverse survival function isf(s) = F^-1(1 - s), which keeps its precision as s -> 0
    # while 1 - s would round to 1.
    total = error = 0.0
    for half in ("ppf", "isf"):  # t in (0, 1/2] with F^-1(t); then s = 1 - t with isf(s)

        def integrand(t, half=half):
            return np.abs(getattr(u, half)(t) - getattr(v, half)(t)) ** p

        res = integrate.tanhsinh(integrand, 0.0, 0.5, rtol=1e-12, atol=1e-300)
        total, error = total + float(res.integral), error + float(res.error)
    # The promise is 1e-6 relative on W_p. A diverging integral (an infinite p-th moment,
    # e.g. a Cauchy) shows up as a large error estimate, not as a clean inf.
    if not (np.isfinite(total) and error <= 1e-8 * total + 1e-300):
        fail(
            _FUNC,
            "distributions with a finite p-th moment",
            f"an integral that does not converge (estimate {total:.6g} +- {error:.2g})",
            "W_p is infinite or too heavy-tailed to integrate here; try a smaller p or "
            "compare samples",
        )
    return _root(total, p)


def _is_distribution(obj) -> bool:
    if not (hasattr(obj, "ppf") and hasattr(obj, "dist")):
        return False
    from scipy import stats  # only for objects that look like one: keeps `import otlab` light

    return isinstance(obj.dist, stats.rv_continuous)


def _root(value: float, p: float) -> float:
    return value if p == 1 else value ** (1.0 / p)
