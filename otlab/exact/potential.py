"""The Kantorovich potential of W1, extended from the samples to the whole space.

The LP gives dual values only at the sample points. Its c-transform

.. math:: f(z) = \\min_j \\big(|z - y_j| - g_j\\big)

is defined everywhere, is 1-Lipschitz (a minimum of 1-Lipschitz cones), and still certifies
the optimum: ``E_a f(x) - E_b f(y) = W1``. It is the function a WGAN critic tries to learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_float_array, as_points, check_positive_int, describe, fail
from otlab.exact.lp import EMDResult, ground_cost

_FUNC = "kantorovich_potential"
_CHUNK = 2048  # points per block when evaluating: keeps the (chunk, m) distance block in cache
_PRUNE_LIMIT = 4000  # above this many cones the pairwise pruning test costs more than it saves
_TILE = 8  # grid points per side of a tile in on_grid's pruning
_BLOCK = 1 << 18  # distances computed per block in on_grid: 2 MB arrays stay in cache


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
        func = "Potential.on_grid"
        n = check_positive_int(func, "n", n, minimum=2)
        if self.y.shape[1] != 2:
            fail(
                func,
                "a potential on the plane (d = 2)",
                f"d = {self.y.shape[1]}",
                "evaluate it on your own points with f(points)",
            )
        xs = np.linspace(*_limits(func, "xlim", xlim), n)
        ys = np.linspace(*_limits(func, "ylim", ylim), n)
        X, Y = np.meshgrid(xs, ys)
        return X, Y, _min_on_grid(xs, ys, self.y, self.g)

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


def _limits(func: str, name: str, value) -> tuple[float, float]:
    arr = as_float_array(func, name, value)
    if arr.shape != (2,) or not np.all(np.isfinite(arr)) or not arr[0] < arr[1]:
        fail(
            func,
            f"`{name}` as (low, high) with low < high",
            describe(value),
            f"pass e.g. {name}=(-3, 3)",
        )
    return float(arr[0]), float(arr[1])


def _min_on_grid(xs: np.ndarray, ys: np.ndarray, y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """(len(ys), len(xs)) values of min_j |z - y_j| - g_j at the grid points z = (xs[c], ys[r]).

    Pruned tile by tile: every cone is 1-Lipschitz, so on a tile of half-diagonal r a cone
    whose value at the tile's centre exceeds the best value there by more than 2r is never
    the minimum in that tile. Only the remaining candidates are evaluated at the tile's points.
    """
    tile = _TILE
    pad_x, pad_y = -len(xs) % tile, -len(ys) % tile
    tx = np.pad(xs, (0, pad_x), mode="edge").reshape(-1, tile)  # (cols, tile)
    ty = np.pad(ys, (0, pad_y), mode="edge").reshape(-1, tile)  # (rows, tile)
    centre = np.stack(
        np.meshgrid((tx[:, 0] + tx[:, -1]) / 2, (ty[:, 0] + ty[:, -1]) / 2), axis=-1
    ).reshape(-1, 2)  # (tiles, 2), row-major over (rows, cols)
    radius = np.hypot(*np.meshgrid(tx[:, -1] - tx[:, 0], ty[:, -1] - ty[:, 0])).ravel() / 2
    at_centre = ground_cost(centre, y, 1) - g  # (tiles, k)
    slack = at_centre - at_centre.min(axis=1, keepdims=True)
    count = np.count_nonzero(slack <= 2 * radius[:, None] + 1e-9 * (1 + np.abs(g).max()), axis=1)
    rows, cols = ty.shape[0], tx.shape[0]
    tile_x = np.broadcast_to(tx[None, :, :], (rows, cols, tile)).reshape(-1, tile)
    tile_y = np.broadcast_to(ty[:, None, :], (rows, cols, tile)).reshape(-1, tile)
    out = np.empty((rows * cols, tile, tile))  # (tiles, tile rows, tile cols)
    # Tiles in blocks of similar candidate counts; in a block every tile takes its `width`
    # lowest cones at the centre (a superset of its candidates), so a block is one array pass.
    order = np.argsort(count, kind="stable")
    start = 0
    while start < order.size:
        # Up to 64 tiles per block, fewer when they are wide: at most _BLOCK distances at once.
        widest = int(count[order[min(start + 63, order.size - 1)]])
        block = order[start : start + max(1, min(64, _BLOCK // (tile * tile * widest)))]
        width = int(count[block].max())
        c = np.argpartition(at_centre[block], width - 1, axis=1)[:, :width]  # (b, width)
        dx = tile_x[block][:, :, None] - y[c, 0][:, None, :]  # (b, tile, width)
        dy = tile_y[block][:, :, None] - y[c, 1][:, None, :]  # (b, tile, width)
        dist = np.sqrt(dy[:, :, None, :] ** 2 + dx[:, None, :, :] ** 2)  # (b, tile, tile, width)
        dist -= g[c][:, None, None, :]
        out[block] = dist.min(axis=-1)
        start += block.size
    grid = out.reshape(rows, cols, tile, tile).transpose(0, 2, 1, 3)
    return grid.reshape(rows * tile, cols * tile)[: len(ys), : len(xs)]


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
