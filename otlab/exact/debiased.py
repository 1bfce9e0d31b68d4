"""The debiased Sinkhorn divergence, on arrays and as a differentiable loss on torch batches.

``S_eps(a, b) = OT_eps(a, b) - OT_eps(a, a) / 2 - OT_eps(b, b) / 2`` removes the entropic bias
of :func:`otlab.sinkhorn`'s cost: it is >= 0, and 0 exactly when the inputs are equal
(Feydy et al., 2019). The self-terms start from the symmetric fixed point
(:func:`otlab.exact.entropic._symmetric_start`), where alternating updates would crawl.
"""

from __future__ import annotations

import warnings

import numpy as np

from otlab._validation import as_scalar, check_p, check_positive_int, entry_point, fail
from otlab.exact.entropic import (
    SinkhornWarning,
    _Problem,
    _problem,
    _solve,
    _symmetric_start,
    check_eps,
)

__all__ = ["sinkhorn_divergence", "sinkhorn_loss"]


@entry_point("sinkhorn_divergence")
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
    :attr:`otlab.SinkhornResult.entropic_cost`). The kernel ``exp(-|x - y|^p / eps)`` is positive
    definite for ``p <= 2``, which is what makes ``S_eps >= 0`` (Feydy et al., 2019); hence
    ``1 <= p <= 2`` here. S_eps tends to W_p^p as eps -> 0 and to an MMD as eps -> inf.

    Parameters are those of :func:`otlab.sinkhorn`; masses are normalised to probabilities.

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


@entry_point("sinkhorn_loss")
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
        1 / iterations: then a :class:`otlab.SinkhornWarning` says so, and the gradient is still
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
