"""Entropic optimal transport: Sinkhorn's plan, its potentials, the debiased divergence.

Adding ``eps`` times the relative entropy of the plan to the transport cost makes the problem
strictly convex and solvable by Sinkhorn's alternating scalings. We call POT's log-domain
Sinkhorn (``ot.bregman.sinkhorn_log``), which stays stable for small ``eps``: it works with
``f / eps`` instead of ``exp(f / eps)``, which would underflow.

Potentials follow Peyre & Cuturi (2019, section 4.4) and Feydy et al. (2019): the plan is
``plan_ij = a_i b_j exp((f_i + g_j - C_ij) / eps)``, so that at convergence
``a.f + b.g = <plan, C> + eps KL(plan | a x b)``, the entropic cost. As ``eps -> 0`` the
plan, the cost and the potentials tend to those of the exact LP (:func:`otlab.emd`).
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
from otlab.exact.lp import ground_cost
from otlab.exact.potential import _limits

__all__ = [
    "EntropicPotential",
    "SinkhornResult",
    "SinkhornWarning",
    "entropic_potential",
    "sinkhorn",
    "sinkhorn_divergence",
    "sinkhorn_loss",
]

_FUNC = "sinkhorn"
_CHUNK = 2048  # points per block when evaluating a potential: (chunk, m) stays in cache


class SinkhornWarning(UserWarning):
    """Sinkhorn stopped at ``max_iter`` before its marginals were within ``tol``."""


@dataclass(frozen=True, eq=False)
class SinkhornResult:
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
    def distance(self) -> float:
        """(cost / total mass)^(1/p): tends to W_p from above as eps -> 0."""
        return (self.cost / float(self.a.sum())) ** (1.0 / self.p)

    @property
    def cost_matrix(self) -> np.ndarray:
        """(n, m) ground costs |x_i - y_j|^p."""
        return ground_cost(self.x, self.y, self.p)

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


def sinkhorn_divergence(
    x,
    y,
    a=None,
    b=None,
    *,
    eps: float,
    p: float = 1,
    max_iter: int = 10_000,
    tol: float = 1e-9,
) -> float:
    r"""The debiased Sinkhorn divergence: >= 0, and 0 exactly when the inputs are equal.

    .. math::
        S_\varepsilon(\alpha, \beta) = \mathrm{OT}_\varepsilon(\alpha, \beta)
        - \tfrac12 \mathrm{OT}_\varepsilon(\alpha, \alpha)
        - \tfrac12 \mathrm{OT}_\varepsilon(\beta, \beta)

    with ``OT_eps`` the entropic cost (transport plus ``eps KL(P | a x b)``, see
    :attr:`SinkhornResult.entropic_cost`). The kernel ``exp(-|x - y|^p / eps)`` is positive
    definite for ``p <= 2``, which is what makes ``S_eps >= 0`` (Feydy et al., 2019); hence
    ``1 <= p <= 2`` here. S_eps tends to W_p^p as eps -> 0 and to an MMD as eps -> inf.

    Parameters are those of :func:`sinkhorn`; masses are normalised to probabilities.

    Returns
    -------
    float
        S_eps in the units of the cost (W_p^p, not W_p); >= 0 up to the solver's ``tol``.

    Examples
    --------
    >>> x = [[0.0, 0.0], [1.0, 0.0]]
    >>> sinkhorn_divergence(x, x, eps=0.1)
    0.0

    References
    ----------
    Genevay, Peyre & Cuturi, *Learning generative models with Sinkhorn divergences* (2018);
    Feydy et al., *Interpolating between optimal transport and MMD using Sinkhorn divergences*
    (AISTATS 2019).
    """
    func = "sinkhorn_divergence"
    problem = _problem(func, x, y, a, b, p)
    if problem.p > 2:
        fail(
            func,
            "an exponent 1 <= p <= 2",
            f"p={problem.p:g}",
            "the divergence is guaranteed >= 0 only for p <= 2; use p=1 or p=2",
        )
    eps = check_eps(func, eps)
    max_iter = check_positive_int(func, "max_iter", max_iter)
    tol = as_scalar(func, "tol", tol, positive=True)
    xs, ys, a, b, p = problem.x, problem.y, problem.a, problem.b, problem.p
    if xs.shape == ys.shape and np.array_equal(xs, ys) and np.array_equal(a, b):
        return 0.0  # the three terms are the same computation: skip them
    terms = []
    for u, v, wu, wv, symmetric in (
        (xs, ys, a, b, False),
        (xs, xs, a, a, True),
        (ys, ys, b, b, True),
    ):
        result = _solve(_Problem(u, v, wu, wv, p), eps, max_iter, tol, symmetric=symmetric)
        if not result.converged:
            warnings.warn(
                f"{func}: marginals within tol={tol:g}, got an error of {result.error:.3g} "
                f"after {result.iterations} iterations (eps={eps:g}); raise max_iter, raise eps, "
                "or loosen tol",
                SinkhornWarning,
                stacklevel=2,
            )
        terms.append(result.entropic_cost)
    # >= 0 in exact arithmetic; a solve stopped at `tol` can leave a rounding of order tol.
    return terms[0] - 0.5 * (terms[1] + terms[2])


def sinkhorn_loss(fake, real, *, eps: float, p: float = 1, max_iter: int = 1000, tol=1e-6):
    r"""The debiased Sinkhorn divergence between two torch batches, differentiable in ``fake``.

    The same number as :func:`sinkhorn_divergence` (``x = real``, ``y = fake``, uniform
    weights), built on POT's torch backend: ``ot.bregman.sinkhorn_log`` solves each of the
    three problems on detached tensors (no graph through its iterations), and
    ``nx.set_gradients`` hands autograd the gradient the envelope theorem gives at the optimum,
    ``d OT_eps / dC = plan``, as ``ot.solve(..., grad="envelope")`` does. A generator that
    descends this loss needs no critic (Genevay et al., 2018).

    Parameters
    ----------
    fake : (B, d) torch.Tensor
        Generated points; gradients flow to them.
    real : (B', d) torch.Tensor
        Data points (treated as constants).
    eps, p : float, keyword-only
        As in :func:`sinkhorn_divergence` (``1 <= p <= 2``).
    max_iter, tol : keyword-only
        Sinkhorn's budget per problem; a training step rarely needs more than ``tol=1e-6``.
        Near convergence of a GAN (fake close to real) Sinkhorn's error shrinks only like
        1 / iterations: then a :class:`SinkhornWarning` says so, and the gradient is still
        usable. Cost: three log-domain solves of B x B' per call (see
        ``benchmarks/bench_entropic.py`` for the time at B = 256).

    Returns
    -------
    torch.Tensor
        A 0-d tensor, S_eps(real, fake) >= 0 (up to ``tol``).
    """
    import torch  # loaded here: `import otlab` stays free of torch

    func = "sinkhorn_loss"
    for name, value in (("fake", fake), ("real", real)):
        if not isinstance(value, torch.Tensor) or value.ndim != 2:
            fail(
                func,
                f"`{name}` as a (B, d) torch tensor",
                type(value).__name__ if not isinstance(value, torch.Tensor) else str(value.shape),
                "pass a batch of points as a 2-D tensor",
                kind=TypeError,
            )
        if not bool(torch.isfinite(value).all()):
            fail(
                func,
                f"finite values in `{name}`",
                "NaN or inf entries",
                "check the generator for a diverged step (lower the learning rate)",
            )
    if fake.shape[1] != real.shape[1]:
        fail(
            func,
            "`fake` and `real` with the same number of coordinates",
            f"shapes {tuple(fake.shape)} and {tuple(real.shape)}",
            "sample both in the same space",
        )
    p = check_p(func, p)
    if p > 2:
        fail(func, "an exponent 1 <= p <= 2", f"p={p:g}", "use p=1 or p=2")
    eps = check_eps(func, eps)
    max_iter = check_positive_int(func, "max_iter", max_iter)
    tol = as_scalar(func, "tol", tol, positive=True)
    real = real.detach().to(dtype=fake.dtype, device=fake.device)

    def ot_eps(u, v, symmetric):
        value, error = _torch_entropic_cost(_torch_cost(u, v, p), eps, max_iter, tol, symmetric)
        if not error < tol:
            warnings.warn(
                f"{func}: marginals within tol={tol:g}, got an error of {error:.3g} after "
                f"max_iter={max_iter} iterations (eps={eps:g}); raise eps (relative to the "
                "spread of the batches), raise max_iter, or loosen tol",
                SinkhornWarning,
                stacklevel=3,
            )
        return value

    return ot_eps(real, fake, False) - 0.5 * (ot_eps(real, real, True) + ot_eps(fake, fake, True))


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
    r"""Extend the Sinkhorn potential f of a :func:`sinkhorn` result to the whole space.

    .. math::
        f_\varepsilon(z) = -\varepsilon \log \sum_j b_j
        \exp\big((g_j - |z - y_j|^p) / \varepsilon\big)
        \;\xrightarrow[\varepsilon \to 0]{}\; \min_j \big(|z - y_j|^p - g_j\big)

    This is the soft c-transform of g: at convergence it equals ``result.f`` at every x_i,
    and for p = 1 it tends to the Kantorovich potential of :func:`otlab.kantorovich_potential`
    (up to an additive constant) as eps -> 0. Oriented like a critic: high on the target.

    Examples
    --------
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


def _torch_entropic_cost(cost, eps: float, max_iter: int, tol: float, symmetric: bool):
    """OT_eps on uniform masses as a 0-d tensor whose gradient in ``cost`` is the plan, and the
    final marginal error.

    Solved on the detached cost by POT's torch backend; the envelope theorem then gives
    d OT_eps / d cost = plan at the optimum, which ``nx.set_gradients`` attaches.
    """
    import ot
    import torch

    fixed = cost.detach()
    nx = ot.backend.get_backend(fixed)
    n, m = fixed.shape
    a = torch.full((n,), 1.0 / n, dtype=fixed.dtype, device=fixed.device)
    b = torch.full((m,), 1.0 / m, dtype=fixed.dtype, device=fixed.device)
    start = _symmetric_start(nx, fixed, a, eps, max_iter, tol)[0] if symmetric else None
    plan, log = ot.bregman.sinkhorn_log(
        a, b, fixed, eps, numItermax=max_iter, stopThr=tol, log=True, warn=False, warmstart=start
    )
    error = float(nx.norm(nx.sum(plan, axis=0) - b))
    value = nx.sum(plan * fixed) + eps * nx.kl_div(plan, a[:, None] * b[None, :])
    return nx.set_gradients(value, (cost,), (plan,)), error


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


def _torch_cost(u, v, p: float):
    """(n, m) |u_i - v_j|^p in torch, with a zero (not NaN) gradient where u_i = v_j."""
    import torch

    squared = ((u[:, None, :] - v[None, :, :]) ** 2).sum(-1)  # (n, m)
    if p == 2:
        return squared
    # The square root's gradient is infinite at 0; there the cost is 0 whichever way the
    # points move together (the diagonal of a self-term), so its gradient is set to 0.
    safe = torch.where(squared > 0, squared, torch.ones_like(squared))
    return torch.where(squared > 0, safe ** (p / 2), torch.zeros_like(squared))
