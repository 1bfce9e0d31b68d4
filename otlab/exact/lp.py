"""The discrete optimal transport linear program, solved exactly.

Two solvers for the same LP: POT's network simplex (fast, what to use) and scipy's HiGHS on
the LP written out in full (slow, but it is the textbook formulation, so students can read it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_points, as_weights, check_choice, check_p, check_same_mass, fail

_FUNC = "emd"
SOLVERS = ("network_simplex", "highs")
# Largest n * m each solver accepts: the dense cost matrix (8 bytes an entry) for the network
# simplex; the HiGHS LP has n * m variables and is meant for small, readable problems.
MAX_SIZE = {"network_simplex": 25_000_000, "highs": 250_000}


class PlanMixin:
    """What every transport result derives from its points, weights, cost and exponent."""

    @property
    def distance(self) -> float:
        """(cost / total mass)^(1/p): W_p between the normalised distributions for an exact
        plan (an entropic plan's tends to it from above as eps -> 0)."""
        return (self.cost / float(self.a.sum())) ** (1.0 / self.p)

    @property
    def cost_matrix(self) -> np.ndarray:
        """(n, m) ground costs |x_i - y_j|^p."""
        return ground_cost(self.x, self.y, self.p)


@dataclass(frozen=True, eq=False)
class EMDResult(PlanMixin):
    """An exact optimal transport plan with its dual certificate.

    Attributes
    ----------
    x, y : (n, d), (m, d) arrays, target (real) and source (generated) points.
    a, b : (n,), (m,) arrays, their masses.
    plan : (n, m) array, mass moved between x_i and y_j.
    cost : float, ``sum(plan * C)`` with ``C_ij = |x_i - y_j|^p``.
    f, g : (n,), (m,) arrays, dual potentials: ``f_i + g_j <= C_ij`` and ``a.f + b.g = cost``.
    p : float, the exponent of the ground cost.
    solver : str, which solver produced it.
    """

    x: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    plan: np.ndarray
    cost: float
    f: np.ndarray
    g: np.ndarray
    p: float
    solver: str


def emd(x, y, a=None, b=None, *, p: float = 1, solver: str = "network_simplex") -> EMDResult:
    r"""Exact optimal transport between two weighted point clouds.

    .. math::
        \min_{P \ge 0} \sum_{ij} P_{ij} |x_i - y_j|^p
        \quad \text{s.t.} \quad P \mathbf{1} = a,\; P^\top \mathbf{1} = b

    Parameters
    ----------
    x : (n, d) array_like
        Target points (P_r, "real"); a 1-D array is n points on a line.
    y : (m, d) array_like
        Source points (P_g, "generated").
    a, b : (n,), (m,) array_like, optional
        Masses (counts or probabilities) with equal totals; default uniform.
    p : float, keyword-only
        Exponent of the Euclidean ground cost, ``p >= 1``.
    solver : {"network_simplex", "highs"}, keyword-only
        POT's network simplex, or ``scipy.optimize.linprog(method="highs")`` on the full LP.

    Returns
    -------
    EMDResult

    Examples
    --------
    >>> r = emd([[0.0, 0.0]], [[3.0, 4.0]])
    >>> r.distance
    5.0

    References
    ----------
    Bonneel et al., *Displacement interpolation using Lagrangian mass transport* (2011);
    Peyre & Cuturi, *Computational Optimal Transport* (2019), ch. 3.
    """
    check_choice(_FUNC, "solver", solver, SOLVERS)
    p = check_p(_FUNC, p)
    x = as_points(_FUNC, "x", x)
    y = as_points(_FUNC, "y", y, dim=x.shape[1])
    a = as_weights(_FUNC, "a", a, x.shape[0])
    b = as_weights(_FUNC, "b", b, y.shape[0])
    total = check_same_mass(_FUNC, a, b)
    n, m = a.shape[0], b.shape[0]
    if n * m > MAX_SIZE[solver]:
        fail(
            _FUNC,
            f"at most {MAX_SIZE[solver]:,} plan entries for solver={solver!r}",
            f"{n} x {m} = {n * m:,}",
            "subsample the clouds, use solver='network_simplex' if you chose 'highs', or an "
            "approximate solver: entropic otlab.sinkhorn(x, y, eps=...) or sliced "
            "otlab.sliced_wasserstein(x, y)",
        )
    cost_matrix = ground_cost(x, y, p)
    # Finite points can still overflow (|x - y|^p beyond 1e308); POT must never see an inf or
    # NaN cost, it can crash on one. max() propagates both and allocates nothing.
    largest = float(cost_matrix.max())
    if not np.isfinite(largest):
        fail(
            _FUNC,
            "finite ground costs |x - y|^p",
            f"a largest cost of {largest}",
            "rescale the points (e.g. divide by their spread) or use a smaller p",
        )
    # Solve on probability vectors: POT checks the totals to a fixed number of decimals, and
    # LP duals do not change when both marginals are scaled by the same factor. Weights that
    # already sum to 1 go through untouched, exactly as a direct call to ot.emd would pass them.
    unit = abs(total - 1.0) <= 1e-12
    a_unit, b_unit = (a, b) if unit else (a / total, b / total)
    solve = _network_simplex if solver == "network_simplex" else _highs
    # Solvers work to absolute tolerances (HiGHS about 1e-7): costs far from 1 are solved in
    # units of the largest one (same optimal plans; potentials scale back).
    unit_cost = largest if largest > 0 and not 1e-3 <= largest <= 1e6 else 1.0
    plan, f, g = solve(a_unit, b_unit, cost_matrix / unit_cost if unit_cost != 1.0 else cost_matrix)
    f, g = f * unit_cost, g * unit_cost
    if not unit:
        plan *= total
    # sum(plan * C) without an (n, m) temporary. Not np.vdot: that is a BLAS call, and
    # multithreaded OpenBLAS spends milliseconds starting its threads for a 256 x 256 plan
    # on a busy 2-core machine (2.8 ms of CPU against 0.02 ms for einsum).
    cost = float(np.einsum("ij,ij->", plan, cost_matrix))
    return EMDResult(x, y, a, b, plan, cost, f, g, p, solver)


def ground_cost(x: np.ndarray, y: np.ndarray, p: float) -> np.ndarray:
    """(n, m) matrix of |x_i - y_j|^p with the Euclidean norm."""
    from scipy.spatial.distance import cdist  # scipy loads on first use: `import otlab` stays light

    scale = max(float(np.abs(x).max()), float(np.abs(y).max()))
    if 0 < scale < 1e-150:  # cdist squares the differences, and 1e-150 ** 2 underflows to 0
        cost = cdist(x / scale, y / scale) * scale
    else:
        cost = cdist(x, y)
    return cost if p == 1 else cost**p


def _network_simplex(a, b, cost_matrix):
    # Imported here: POT loads torch when it is installed, and `import otlab` must stay light.
    import ot

    # POT's default iteration cap is too low for a 1000 x 1000 problem; this one is generous.
    max_iter = max(100_000, 50 * cost_matrix.size)
    plan, log = ot.emd(a, b, cost_matrix, numItermax=max_iter, log=True)
    if log["result_code"] != 1:
        fail(
            _FUNC,
            "an optimal plan from the network simplex",
            f"POT's message {log['warning']!r}",
            "report this problem to otlab's authors",
        )
    return plan, np.asarray(log["u"]), np.asarray(log["v"])


def _highs(a, b, cost_matrix):
    from scipy import optimize, sparse

    n, m = cost_matrix.shape
    # Variables: the plan flattened row by row. Row sums: kron(I_n, 1_m); column sums:
    # kron(1_n, I_m). That is the whole LP of the textbook, written out.
    rows = sparse.kron(sparse.eye(n), np.ones((1, m)))
    cols = sparse.kron(np.ones((1, n)), sparse.eye(m))
    constraints = sparse.vstack([rows, cols]).tocsc()
    res = optimize.linprog(
        cost_matrix.ravel(),
        A_eq=constraints,
        b_eq=np.concatenate([a, b]),
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:
        fail(
            _FUNC,
            "an optimal plan from HiGHS",
            f"status {res.status}: {res.message}",
            "use solver='network_simplex'",
        )
    duals = res.eqlin.marginals  # d(optimal cost) / d(marginal): the dual variables
    return res.x.reshape(n, m), duals[:n], duals[n:]
