"""Entropic optimal transport: Sinkhorn's plan and its potentials.

Adding ``eps`` times the relative entropy of the plan to the transport cost makes the problem
strictly convex and solvable by Sinkhorn's alternating scalings. We call POT's log-domain
Sinkhorn (``ot.bregman.sinkhorn_log``), which stays stable for small ``eps``: it works with
``f / eps`` instead of ``exp(f / eps)``, which would underflow.

Potentials follow Peyre & Cuturi (2019, section 4.4) and Feydy et al. (2019): the plan is
``plan_ij = a_i b_j exp((f_i + g_j - C_ij) / eps)``, so that at convergence
``a.f + b.g = <plan, C> + eps KL(plan | a x b)``, the entropic cost. As ``eps -> 0`` the
plan, the cost and the potentials tend to those of the exact LP (:func:`otlab.emd`).

The debiased divergence built on this solver is in :mod:`otlab.exact.debiased`; the potential
extended to the whole space, in :mod:`otlab.exact.soft_potential`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from otlab._validation import (
    as_points,
    as_scalar,
    as_weights,
    check_p,
    check_positive_int,
    check_same_mass,
    fail,
)
from otlab.exact.lp import PlanMixin, ground_cost

__all__ = ["SinkhornResult", "SinkhornWarning", "sinkhorn"]

_FUNC = "sinkhorn"


class SinkhornWarning(UserWarning):
    """Sinkhorn stopped at ``max_iter`` before its marginals were within ``tol``."""


@dataclass(frozen=True, eq=False)
class SinkhornResult(PlanMixin):
    """An entropic transport plan with its dual potentials.

    Attributes
    ----------
    x, y : (n, d), (m, d) arrays, target (real) and source (generated) points.
    a, b : (n,), (m,) arrays, their masses.
    plan : (n, m) array, ``a_i b_j exp((f_i + g_j - C_ij) / eps)``, scaled to the total mass.
    cost : float, ``sum(plan * C)`` with ``C_ij = |x_i - y_j|^p`` (no entropy term).
    f, g : (n,), (m,) arrays, dual potentials (defined up to ``f + c``, ``g - c``).
    eps : float, the regularisation strength, in the units of the cost.
    p : float, the exponent of the ground cost.
    iterations : int, Sinkhorn iterations run.
    converged : bool, whether the marginal error fell below ``tol`` within ``max_iter``.
    error : float, the final marginal error ``|plan^T 1 - b|_2`` (on unit masses).
    """

    x: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    plan: np.ndarray
    cost: float
    f: np.ndarray
    g: np.ndarray
    eps: float
    p: float
    iterations: int
    converged: bool
    error: float

    @property
    def entropic_cost(self) -> float:
        """``cost + eps KL(plan | a x b)`` on unit masses, equal to ``a.f + b.g`` at convergence."""
        from scipy.special import rel_entr  # 0 log 0 = 0, where a mass or the plan is 0

        total = float(self.a.sum())
        outer = np.outer(self.a / total, self.b / total)
        kl = float(np.sum(rel_entr(self.plan / total, outer)))
        return self.cost / total + self.eps * kl


def sinkhorn(
    x,
    y,
    a=None,
    b=None,
    *,
    eps: float,
    p: float = 1,
    max_iter: int = 10_000,
    tol: float = 1e-9,
) -> SinkhornResult:
    r"""Entropic optimal transport between two weighted point clouds (log-domain Sinkhorn).

    .. math::
        \min_{P \ge 0,\, P \mathbf{1} = a,\, P^\top \mathbf{1} = b}
        \sum_{ij} P_{ij} |x_i - y_j|^p + \varepsilon\, \mathrm{KL}(P \,|\, a \otimes b)

    Parameters
    ----------
    x : (n, d) array_like
        Target points (P_r, "real"); a 1-D array is n points on a line.
    y : (m, d) array_like
        Source points (P_g, "generated").
    a, b : (n,), (m,) array_like, optional
        Masses with equal totals; default uniform.
    eps : float, keyword-only
        Regularisation strength > 0, in the units of the cost |x - y|^p. Small eps: close to
        the exact plan, many iterations; large eps: a blurred plan, few iterations.
    p : float, keyword-only
        Exponent of the Euclidean ground cost, ``p >= 1``.
    max_iter : int, keyword-only
        Most Sinkhorn iterations (POT's ``numItermax``).
    tol : float, keyword-only
        Stop when ``|plan^T 1 - b|_2`` on unit masses falls below ``tol`` (POT's ``stopThr``).

    Returns
    -------
    SinkhornResult
        With ``converged=False`` and a :class:`SinkhornWarning` when ``max_iter`` ran out.

    Examples
    --------
    >>> r = sinkhorn([[0.0], [1.0]], [[0.0], [1.0]], eps=0.01)
    >>> r.converged, round(r.cost, 6)
    (True, 0.0)

    References
    ----------
    Cuturi, *Sinkhorn distances* (NeurIPS 2013); Peyre & Cuturi, *Computational Optimal
    Transport* (2019), ch. 4.
    """
    problem = _problem(_FUNC, x, y, a, b, p)
    eps = check_eps(_FUNC, eps)
    max_iter = check_positive_int(_FUNC, "max_iter", max_iter)
    tol = as_scalar(_FUNC, "tol", tol, positive=True)
    result = _solve(problem, eps, max_iter, tol)
    if not result.converged:
        warnings.warn(
            f"{_FUNC}: marginals within tol={tol:g}, got an error of {result.error:.3g} after "
            f"{result.iterations} iterations (eps={eps:g}); raise max_iter, raise eps, or "
            "loosen tol (result.converged is False)",
            SinkhornWarning,
            stacklevel=2,
        )
    return result


def check_eps(func: str, eps) -> float:
    """eps as a float > 0 (NaN, inf, 0 and negatives refused with the house message)."""
    if isinstance(eps, bool) or eps is None or isinstance(eps, (str, bytes)):
        fail(func, "`eps` as a real number > 0", repr(eps), "pass e.g. eps=0.05", kind=TypeError)
    value = as_scalar(func, "eps", eps)
    if not value > 0:
        fail(
            func,
            "`eps` > 0",
            repr(value),
            "entropic transport needs a positive eps; for eps = 0 use otlab.emd",
        )
    return value


# --- implementation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    x: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    p: float


def _problem(func: str, x, y, a, b, p) -> _Problem:
    p = check_p(func, p)
    x = as_points(func, "x", x)
    y = as_points(func, "y", y, dim=x.shape[1])
    a = as_weights(func, "a", a, x.shape[0])
    b = as_weights(func, "b", b, y.shape[0])
    check_same_mass(func, a, b)
    return _Problem(x, y, a, b, p)


def _solve(
    problem: _Problem, eps: float, max_iter: int, tol: float, *, symmetric: bool = False
) -> SinkhornResult:
    """POT's log-domain Sinkhorn; ``symmetric`` (x is y, a is b) starts from the symmetric fixed
    point, where the alternating updates would crawl (the self-terms of the divergence)."""
    import ot  # POT loads torch when installed: imported on first use

    x, y, a, b, p = problem.x, problem.y, problem.a, problem.b, problem.p
    cost_matrix = ground_cost(x, y, p)
    largest = float(cost_matrix.max())
    if not np.isfinite(largest):
        fail(
            _FUNC,
            "finite ground costs |x - y|^p",
            f"a largest cost of {largest}",
            "rescale the points (e.g. divide by their spread) or use a smaller p",
        )
    total = float(a.sum())
    unit = abs(total - 1.0) <= 1e-12
    a_unit, b_unit = (a, b) if unit else (a / total, b / total)
    # Zero masses: log 0 = -inf in the scalings; POT copes, and those rows of the plan are 0.
    # POT's marginal check exponentiates early, far-off iterates, which may overflow to inf:
    # that only fails the check, so numpy's warning about it is silenced.
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        start, warm_iterations = (None, 0)
        if symmetric:
            start, warm_iterations = _symmetric_start(
                ot.backend.NumpyBackend(), cost_matrix, a_unit, eps, max_iter, tol
            )
        plan, log = ot.bregman.sinkhorn_log(
            a_unit,
            b_unit,
            cost_matrix,
            eps,
            numItermax=max_iter,
            stopThr=tol,
            log=True,
            warn=False,
            warmstart=start,
        )
        error = float(np.linalg.norm(plan.sum(axis=0) - b_unit))  # POT's own stopping test
        # POT's scalings are log u = f / eps + log a (plan = diag(u) K diag(v)); ours drop log a.
        f = eps * (log["log_u"] - np.log(a_unit))
        g = eps * (log["log_v"] - np.log(b_unit))
    if not (np.all(a_unit > 0) and np.all(b_unit > 0)):
        f, g = _fill_massless(f, g, a_unit, b_unit, cost_matrix, eps)
    if not unit:
        plan = plan * total
    cost = float(np.vdot(plan, cost_matrix))
    iterations = warm_iterations + int(log["niter"]) + 1
    return SinkhornResult(x, y, a, b, plan, cost, f, g, eps, p, iterations, error < tol, error)


def _symmetric_start(nx, cost_matrix, a, eps: float, max_iter: int, tol: float):
    """Log-scalings (u, u) near the fixed point of a symmetric problem, and the iterations spent.

    On OT_eps(a, a) the alternating updates f <- T(g), g <- T(f) oscillate and can take
    10^5 iterations; the averaged update f <- (f + T(f)) / 2 on the single potential
    converges in tens (Feydy et al., 2019, section 3.1). Written with POT's backend ``nx``,
    so it runs on numpy arrays and torch tensors alike.
    """
    log_a = nx.log(a)
    f = nx.zeros(a.shape, type_as=cost_matrix)
    for iteration in range(1, max_iter + 1):
        soft = -eps * nx.logsumexp(log_a[None, :] + (f[None, :] - cost_matrix) / eps, axis=1)
        f = 0.5 * (f + soft)
        if iteration % 10 == 0:
            marginal = nx.sum(
                nx.exp(
                    log_a[:, None] + log_a[None, :] + (f[:, None] + f[None, :] - cost_matrix) / eps
                ),
                axis=0,
            )
            if float(nx.norm(marginal - a)) < tol:
                break
    u = f / eps + log_a
    return (u, u), iteration


def _fill_massless(f, g, a, b, cost_matrix, eps):
    """Potentials at points without mass, where log 0 left them undefined: soft c-transforms.

    f_i = -eps log sum_j b_j exp((g_j - C_ij) / eps), the value Sinkhorn's update gives a
    point of positive mass; likewise g_j from f.
    """
    from scipy.special import logsumexp

    f, g = f.copy(), g.copy()
    with np.errstate(divide="ignore"):
        log_a, log_b = np.log(a), np.log(b)
    rows, cols = a == 0, b == 0
    f[rows] = -eps * logsumexp(
        log_b[~cols] + (g[~cols] - cost_matrix[rows][:, ~cols]) / eps, axis=1
    )
    g[cols] = -eps * logsumexp(
        (log_a[~rows] + (f[~rows] - cost_matrix[~rows][:, cols].T) / eps), axis=1
    )
    return f, g
