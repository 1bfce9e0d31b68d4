"""Displacement interpolation (McCann): moving each unit of mass along its transport segment.

Given an optimal plan between two discrete distributions, the mass ``plan_ij`` travels on the
straight segment from x_i to y_j; stopped at time t it sits at ``(1 - t) x_i + t y_j``. For
p = 2 these intermediate distributions form the W2 geodesic: W2(mu_t, mu_0) = t W2(mu_0, mu_1)
and W2(mu_t, mu_1) = (1 - t) W2(mu_0, mu_1). Averaging the densities instead would only fade
one picture into the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_scalar, fail
from otlab.exact.entropic import SinkhornResult
from otlab.exact.lp import EMDResult

__all__ = ["Interpolant", "check_t", "displacement_interpolation"]


@dataclass(frozen=True, eq=False)
class Interpolant:
    """The distribution at time t of a displacement interpolation.

    Attributes
    ----------
    points : (k, d) array, one point per plan entry with mass, ``(1 - t) x_i + t y_j``.
    weights : (k,) array, the masses ``plan_ij`` they carry (same total as the plan).
    t : float, in [0, 1]; t = 0 is the first distribution (x), t = 1 the second (y).
    rows, cols : (k,) int arrays, the plan entries (i, j) behind each point.
    """

    points: np.ndarray
    weights: np.ndarray
    t: float
    rows: np.ndarray
    cols: np.ndarray


def displacement_interpolation(result, t: float) -> Interpolant:
    r"""McCann's interpolation between the two clouds of a transport result, at time ``t``.

    .. math:: \mu_t = \sum_{ij} P_{ij}\, \delta_{(1 - t) x_i + t y_j}

    Parameters
    ----------
    result : EMDResult or SinkhornResult
        From :func:`otlab.emd` (a geodesic for p = 2) or :func:`otlab.sinkhorn` (every entry of
        the dense entropic plan moves: the picture blurs as eps grows).
    t : float
        Time in [0, 1]: 0 gives x with masses a, 1 gives y with masses b.

    Returns
    -------
    Interpolant

    Examples
    --------
    >>> from otlab import emd
    >>> r = emd([[0.0, 0.0], [1.0, 0.0]], [[0.0, 2.0], [1.0, 2.0]], p=2)
    >>> displacement_interpolation(r, 0.25).points.tolist()
    [[0.0, 0.5], [1.0, 0.5]]

    References
    ----------
    McCann, *A convexity principle for interacting gases* (1997); Peyre & Cuturi,
    *Computational Optimal Transport* (2019), section 7.1.
    """
    func = "displacement_interpolation"
    if not isinstance(result, (EMDResult, SinkhornResult)):
        fail(
            func,
            "an EMDResult or SinkhornResult",
            type(result).__name__,
            "call otlab.emd(x, y, p=2) (or otlab.sinkhorn) first",
            kind=TypeError,
        )
    t = check_t(func, t)
    rows, cols = np.nonzero(result.plan > 0)
    points = (1.0 - t) * result.x[rows] + t * result.y[cols]  # (k, d)
    return Interpolant(points, result.plan[rows, cols], t, rows, cols)


def check_t(func: str, t) -> float:
    """A time in [0, 1] (NaN and inf refused), with the house message."""
    value = as_scalar(func, "t", t)
    if not 0.0 <= value <= 1.0:
        fail(
            func,
            "a time `t` in [0, 1]",
            repr(value),
            "t = 0 is the first distribution and t = 1 the second; clip t to [0, 1]",
        )
    return value
