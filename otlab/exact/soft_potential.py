"""The entropic potential: Sinkhorn's f extended to the whole space by a soft c-transform.

``f(z) = -eps log sum_j b_j exp((g_j - |z - y_j|^p) / eps)`` is a smooth version of
:class:`otlab.Potential` (a soft minimum instead of a minimum), built from the potential g of a
:func:`otlab.sinkhorn` result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_points, check_positive_int, fail
from otlab.exact.entropic import SinkhornResult
from otlab.exact.lp import ground_cost
from otlab.exact.potential import _limits

__all__ = ["EntropicPotential", "entropic_potential"]

_CHUNK = 2048  # points per block when evaluating a potential: (chunk, m) stays in cache


@dataclass(frozen=True, eq=False)
class EntropicPotential:
    """The soft c-transform ``f(z) = -eps log sum_j b_j exp((g_j - |z - y_j|^p) / eps)``.

    A smooth version of :class:`otlab.Potential` (a soft minimum instead of a minimum): it
    equals the Sinkhorn potential f at the points x_i and tends to the exact c-transform
    ``min_j (|z - y_j|^p - g_j)`` as eps -> 0.

    Attributes
    ----------
    y : (m, d) array, the source points.
    g : (m,) array, their dual values.
    b : (m,) array, their masses as probabilities.
    eps : float
    p : float
    """

    y: np.ndarray
    g: np.ndarray
    b: np.ndarray
    eps: float
    p: float

    def __call__(self, points) -> np.ndarray:
        """(k,) values of f at (k, d) points."""
        z = as_points("EntropicPotential", "points", points, dim=self.y.shape[1])
        return self._evaluate(z, gradient=False)[0]

    def grad(self, points) -> np.ndarray:
        """(k, d) gradients: the softmax-weighted average of the cones' gradients.

        ``grad f(z) = sum_j w_j(z) grad_z |z - y_j|^p`` with ``w_j`` proportional to
        ``b_j exp((g_j - |z - y_j|^p) / eps)``; for p = 1 a weighted mean of unit vectors.
        """
        z = as_points("EntropicPotential.grad", "points", points, dim=self.y.shape[1])
        return self._evaluate(z, gradient=True)[1]

    def on_grid(self, xlim, ylim, n: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, Y, F), each (n, n), for ``contourf(X, Y, F)`` over ``xlim`` x ``ylim``."""
        func = "EntropicPotential.on_grid"
        n = check_positive_int(func, "n", n, minimum=2)
        if self.y.shape[1] != 2:
            fail(
                func,
                "a potential on the plane (d = 2)",
                f"d = {self.y.shape[1]}",
                "evaluate it on your own points with f(points)",
            )
        X, Y = np.meshgrid(
            np.linspace(*_limits(func, "xlim", xlim), n),
            np.linspace(*_limits(func, "ylim", ylim), n),
        )
        values = self._evaluate(np.column_stack([X.ravel(), Y.ravel()]), gradient=False)[0]
        return X, Y, values.reshape(n, n)

    def _evaluate(self, z: np.ndarray, *, gradient: bool):
        from scipy.special import logsumexp, softmax

        with np.errstate(divide="ignore"):
            log_b = np.log(self.b)  # a massless source point: -inf, a cone that never wins
        values = np.empty(z.shape[0])
        grads = np.empty_like(z) if gradient else None
        for start in range(0, z.shape[0], _CHUNK):
            block = z[start : start + _CHUNK]
            cost = ground_cost(block, self.y, self.p)  # (chunk, m)
            exponent = (self.g - cost) / self.eps + log_b  # (chunk, m)
            values[start : start + _CHUNK] = -self.eps * logsumexp(exponent, axis=1)
            if gradient:
                weights = softmax(exponent, axis=1)  # (chunk, m), rows sum to 1
                offset = block[:, None, :] - self.y[None, :, :]  # (chunk, m, d)
                dist = np.sqrt(np.sum(offset**2, axis=-1))  # (chunk, m)
                with np.errstate(divide="ignore", invalid="ignore"):
                    scale = np.where(dist > 0, self.p * dist ** (self.p - 2), 0.0)
                grads[start : start + _CHUNK] = np.einsum("km,kmd->kd", weights * scale, offset)
        return values, grads


def entropic_potential(result: SinkhornResult) -> EntropicPotential:
    r"""Extend the Sinkhorn potential f of a :func:`otlab.sinkhorn` result to the whole space.

    .. math::
        f_\varepsilon(z) = -\varepsilon \log \sum_j b_j
        \exp\big((g_j - |z - y_j|^p) / \varepsilon\big)
        \;\xrightarrow[\varepsilon \to 0]{}\; \min_j \big(|z - y_j|^p - g_j\big)

    This is the soft c-transform of g: at convergence it equals ``result.f`` at every x_i,
    and for p = 1 it tends to the Kantorovich potential of :func:`otlab.kantorovich_potential`
    (up to an additive constant) as eps -> 0. Oriented like a critic: high on the target.

    Examples
    --------
    >>> from otlab import sinkhorn
    >>> r = sinkhorn([[2.0, 0.0]], [[0.0, 0.0]], eps=0.1)
    >>> f = entropic_potential(r)
    >>> round(float(f([[2.0, 0.0]])[0] - f([[0.0, 0.0]])[0]), 6)
    2.0
    """
    if not isinstance(result, SinkhornResult):
        fail(
            "entropic_potential",
            "a SinkhornResult from otlab.sinkhorn",
            type(result).__name__,
            "call otlab.sinkhorn(x, y, eps=...) first",
            kind=TypeError,
        )
    return EntropicPotential(
        result.y, result.g, result.b / float(result.b.sum()), result.eps, result.p
    )
