"""The exact answer beside a generator: where W1's transport moves each sample, and how well
the generator's push agrees with it (a mean cosine).

:class:`otlab.gan.live.LiveTraining` measures both after every update; they are plain numpy
functions of two point clouds, usable on any samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_points, entry_point, fail
from otlab.exact import emd, kantorovich_potential
from otlab.exact.lp import EMDResult

__all__ = ["TransportDirections", "mean_cosine", "transport_directions"]


@dataclass(frozen=True, eq=False)
class TransportDirections:
    """The exact W1 transport between data and samples, and where it moves each sample.

    Attributes
    ----------
    result : EMDResult, ``otlab.emd(real, fake)``.
    direction : (m, 2) array, unit vectors: the gradient of the Kantorovich potential on the
        transport segment that leaves each sample (zero for a sample sitting on its data point).
    """

    result: EMDResult
    direction: np.ndarray

    @property
    def distance(self) -> float:
        """The exact W1 between the data and the samples."""
        return self.result.distance

    @property
    def potential(self):
        """The Kantorovich potential of ``result`` (:func:`otlab.kantorovich_potential`)."""
        return kantorovich_potential(self.result)


@entry_point("transport_directions")
def transport_directions(real, fake) -> TransportDirections:
    r"""Exact W1 between ``real`` and ``fake`` and the direction of transport at each fake point.

    The exact potential ``f`` (:func:`otlab.kantorovich_potential`) has gradient
    :math:`(x_i - y_j) / |x_i - y_j|` on every segment of the optimal plan, so the direction
    that transport moves sample :math:`y_j` in is the plan-weighted mean of those unit vectors,

    .. math:: d_j \propto \sum_i \pi_{ij} \frac{x_i - y_j}{|x_i - y_j|},

    normalised to length 1 (one vector when the sample's mass goes to one data point, which is
    the rule for equal sizes). A WGAN generator's gradient should point the same way.

    Parameters
    ----------
    real : (n, 2) array_like, the data (target)
    fake : (m, 2) array_like, the generator's samples (source)

    Examples
    --------
    >>> t = transport_directions([[2.0, 0.0]], [[0.0, 0.0]])
    >>> t.distance, t.direction.tolist()
    (2.0, [[1.0, 0.0]])
    """
    result = emd(real, fake)
    i, j = np.nonzero(result.plan)
    offset = result.x[i] - result.y[j]  # (k, 2) along each used segment
    length = np.linalg.norm(offset, axis=1, keepdims=True)
    unit = np.divide(offset, length, out=np.zeros_like(offset), where=length > 0)
    direction = np.zeros_like(result.y)
    np.add.at(direction, j, result.plan[i, j, None] * unit)
    return TransportDirections(result, _unit_rows(direction))


def mean_cosine(u, v) -> float:
    """Mean cosine between the rows of ``u`` and ``v`` (n, d), over rows where both are nonzero
    (NaN when there is none). 1: the same directions; 0: unrelated; -1: opposite.

    >>> mean_cosine([[1.0, 0.0], [0.0, 2.0]], [[3.0, 0.0], [0.0, -1.0]])
    0.0
    """
    u = as_points("mean_cosine", "u", u)
    v = as_points("mean_cosine", "v", v, dim=u.shape[1])
    if u.shape != v.shape:
        fail("mean_cosine", "u and v of one shape", f"{u.shape} and {v.shape}", "pair the rows")
    nu, nv = np.linalg.norm(u, axis=1), np.linalg.norm(v, axis=1)
    keep = (nu > 0) & (nv > 0)
    if not keep.any():
        return float("nan")
    return float(np.mean(np.sum(u[keep] * v[keep], axis=1) / (nu[keep] * nv[keep])))


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norm, out=np.zeros_like(vectors), where=norm > 0)
