"""Sliced Wasserstein: W_p averaged over random one-dimensional projections.

On a line transport is a sort (see :mod:`otlab.exact.quantile`), so projecting both clouds on
a direction and sorting costs O(n log n) instead of an LP. Averaging W_p^p over many random
directions gives a distance between the clouds that is cheap at any size, never larger than
W_p, but not equal to it. We draw the directions ourselves (so that a numpy ``seed`` or
``Generator`` gives them, as everywhere in otlab) and hand them to POT's
``ot.sliced_wasserstein_distance``.
"""

from __future__ import annotations

import numpy as np

from otlab._seeding import numpy_rng
from otlab._validation import check_positive_int
from otlab.exact.entropic import _problem

__all__ = ["random_directions", "sliced_wasserstein"]

_FUNC = "sliced_wasserstein"


def random_directions(d: int, n_projections: int, *, seed=None) -> np.ndarray:
    """(d, n_projections) unit vectors drawn uniformly on the sphere (normalised Gaussians).

    The directions :func:`sliced_wasserstein` uses for the same ``seed``.
    """
    func = "random_directions"
    d = check_positive_int(func, "d", d)
    n_projections = check_positive_int(func, "n_projections", n_projections)
    rng = numpy_rng(func, seed)
    directions = rng.standard_normal((d, n_projections))  # (d, k)
    return directions / np.linalg.norm(directions, axis=0, keepdims=True)


def sliced_wasserstein(
    x, y, a=None, b=None, *, p: float = 1, n_projections: int = 50, seed=None
) -> float:
    r"""The sliced Wasserstein distance, estimated with ``n_projections`` random directions.

    .. math::
        SW_p(\alpha, \beta) = \Big(\mathbb{E}_{\theta \sim \mathcal{U}(S^{d-1})}
        W_p^p(\theta_\# \alpha, \theta_\# \beta)\Big)^{1/p} \le W_p(\alpha, \beta)

    Parameters
    ----------
    x : (n, d) array_like
        Target points (real).
    y : (m, d) array_like
        Source points (generated).
    a, b : (n,), (m,) array_like, optional
        Masses with equal totals; default uniform.
    p : float, keyword-only
        Exponent, ``p >= 1``.
    n_projections : int, keyword-only
        Random directions averaged over; the estimate's spread shrinks like
        1 / sqrt(n_projections).
    seed : int, numpy.random.Generator, torch.Generator or None, keyword-only
        The directions, as :func:`random_directions` draws them (otlab's one seeding rule,
        ``otlab._seeding``). Same seed, same number.

    Returns
    -------
    float
        SW_p (a distance, not its p-th power).

    Examples
    --------
    >>> x = [[0.0, 0.0], [0.0, 1.0]]
    >>> round(sliced_wasserstein(x, [[2.0, 0.0], [2.0, 1.0]], p=2, n_projections=2000,
    ...                          seed=0), 1)  # |shift| / sqrt(2) in the plane
    1.4

    References
    ----------
    Rabin, Peyre, Delon & Bernot, *Wasserstein barycenter and its application to texture
    mixing* (2011); Bonneel et al., *Sliced and Radon Wasserstein barycenters of measures*
    (2015).
    """
    problem = _problem(_FUNC, x, y, a, b, p)
    n_projections = check_positive_int(_FUNC, "n_projections", n_projections)
    rng = numpy_rng(_FUNC, seed)
    directions = random_directions(problem.x.shape[1], n_projections, seed=rng)
    total = float(problem.a.sum())
    import ot  # POT loads torch when installed: imported on first use

    value = ot.sliced_wasserstein_distance(
        problem.x,
        problem.y,
        problem.a / total,
        problem.b / total,
        p=problem.p,
        projections=directions,
    )
    return float(value)  # masses as probabilities: counts give the same distance
