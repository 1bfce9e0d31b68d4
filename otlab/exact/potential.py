"""The Kantorovich potential of W1, extended from the samples to the whole space.

The LP gives dual values only at the sample points. Its c-transform

.. math:: f(z) = \\min_j \\big(|z - y_j| - g_j\\big)

is defined everywhere, is 1-Lipschitz (a minimum of 1-Lipschitz cones), and still certifies
the optimum: ``E_a f(x) - E_b f(y) = W1``. It is the function a WGAN critic tries to learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_points, check_positive_int, fail
from otlab.exact.lp import EMDResult, ground_cost

_FUNC = "kantorovich_potential"
_CHUNK = 2048  # points per block when evaluating: keeps the (chunk, m) distance block in cache
_PRUNE_LIMIT = 4000  # above this many cones the pairwise pruning test costs more than it saves


@dataclass(frozen=True, eq=False)
class Potential:
    """A 1-Lipschitz potential ``f(z) = min_j (|z - y_j| - g_j)``, maximising E_a f - E_b f.

    Attributes
    ----------
    y : (k, d) array, apexes of the cones that can be active (dominated ones removed).
    g : (k,) array, their dual values.
    """

    y: np.ndarray
    g: np.ndarray

    def __call__(self, points) -> np.ndarray:
        """(k,) values of f at (k, d) points."""
        return self._evaluate(points)[0]

    def grad(self, points) -> np.ndarray:
        """(k, d) gradients: the unit vector from the active cone's apex towards each point.

        At an apex itself, where f has a kink, the gradient returned is zero.
        """
        z = as_points("Potential.grad", "points", points, dim=self.y.shape[1])
        _, active = self._evaluate(z)
        offset = z - self.y[active]  # (k, d)
        norm = np.linalg.norm(offset, axis=1, keepdims=True)
        return np.divide(offset, norm, out=np.zeros_like(offset), where=norm > 0)

    def on_grid(self, xlim, ylim, n: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, Y, F), each (n, n), for ``contourf(X, Y, F)`` over ``xlim`` x ``ylim``."""
        n = check_positive_int("Potential.on_grid", "n", n, minimum=2)
        if self.y.shape[1] != 2:
            fail(
                "Potential.on_grid",
                "a potential on the plane (d = 2)",
                f"d = {self.y.shape[1]}",
                "evaluate it on your own points with f(points)",
            )
        X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
        F = self(np.column_stack([X.ravel(), Y.ravel()])).reshape(n, n)
        return X, Y, F

    def _evaluate(self, points) -> tuple[np.ndarray, np.ndarray]:
        z = as_points("Potential", "points", points, dim=self.y.shape[1])
        values = np.empty(z.shape[0])
        active = np.empty(z.shape[0], dtype=np.intp)
        for start in range(0, z.shape[0], _CHUNK):
            block = ground_cost(z[start : start + _CHUNK], self.y, 1)  # (chunk, k)
            block -= self.g
            idx = block.argmin(axis=1)
            active[start : start + _CHUNK] = idx
            values[start : start + _CHUNK] = block[np.arange(idx.size), idx]
        return values, active


def kantorovich_potential(result: EMDResult) -> Potential:
    """Extend the W1 dual of an :func:`otlab.emd` result to a 1-Lipschitz function on R^d.

    .. math:: f(z) = \\min_j \\big(|z - y_j| - g_j\\big), \\qquad
              \\sum_i a_i f(x_i) - \\sum_j b_j f(y_j) = \\mathrm{cost}

    Oriented like a WGAN critic: large on the target ``x`` (real), small on the source ``y``;
    inside each transport segment its gradient is the unit vector from y_j towards x_i.
    No peer library offers this (see PythonOT/POT#728).

    Parameters
    ----------
    result : EMDResult
        An exact solution with ``p=1``.

    Examples
    --------
    >>> from otlab import emd
    >>> r = emd([[2.0, 0.0]], [[0.0, 0.0]])
    >>> f = kantorovich_potential(r)
    >>> float(f([[2.0, 0.0]])[0] - f([[0.0, 0.0]])[0])
    2.0
    """
    if not isinstance(result, EMDResult):
        fail(
            _FUNC,
            "an EMDResult from otlab.emd",
            type(result).__name__,
            "call otlab.emd(x, y, p=1) first",
            kind=TypeError,
        )
    if result.p != 1:
        fail(
            _FUNC,
            "a W1 solution (p=1)",
            f"p={result.p:g}",
            "the 1-Lipschitz extension exists for p=1 only; solve with otlab.emd(..., p=1)",
        )
    keep = _undominated(result.y, result.g)
    return Potential(result.y[keep], result.g[keep])


def _undominated(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Indices of cones that can be the minimum somewhere.

    Cone j lies above cone k everywhere when g_k - g_j >= |y_j - y_k|, so it never wins.
    Removing such cones changes no value and makes every evaluation cheaper.
    """
    m = y.shape[0]
    if m > _PRUNE_LIMIT:
        return np.arange(m)
    slack = g[None, :] - g[:, None] - ground_cost(y, y, 1)  # slack[j, k] >= 0: k dominates j
    np.fill_diagonal(slack, -np.inf)
    # For exact ties (duplicate cones) keep the lowest index only.
    lower = np.tril(np.ones((m, m), dtype=bool), k=-1)
    dominated = np.any((slack > 0) | ((slack == 0) & lower), axis=1)
    return np.flatnonzero(~dominated)
