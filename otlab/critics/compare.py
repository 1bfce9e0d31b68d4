"""How close is a learned critic to the exact Kantorovich potential? Five numbers say it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import fail
from otlab.critics.certify import certified_estimate
from otlab.critics.result import CriticFit
from otlab.exact import EMDResult, kantorovich_potential

_FUNC = "compare_critic"
_SEGMENT_POINTS = 5  # points per transport segment where the gradient direction is checked
_TOLERANCE = 0.1  # "gradient norm about 1" means within 10% of 1


@dataclass(frozen=True, eq=False)
class CriticComparison:
    """A learned critic against the exact W1 solution for the same samples.

    Attributes
    ----------
    exact : float
        The exact W1 between the two samples.
    estimate : float
        The critic's gap E_r f - E_g f.
    normalized_estimate : float
        estimate / (measured Lipschitz constant of the critic).
    certified_estimate : float
        The lower bound on W1 certified from the critic's values on the fake samples; at most
        ``exact`` for any critic (:func:`otlab.critics.certified_estimate`).
    mean_cosine : float
        Mean cosine between grad f and the exact transport direction (the unit vector from
        y_j towards x_i) at points inside the plan's segments, weighted by the mass moved.
        1 means the critic pushes every point the way the optimal plan moves it.
    unit_gradient_fraction : float
        Fraction of random interpolates where |grad f| is within 10% of 1 (WGAN-GP's target).
    potential_correlation : float
        Correlation between the critic and the exact potential on the fit's grid (both are
        defined up to a constant, so both are centred; 1 means the same shape up to scale).
    """

    exact: float
    estimate: float
    normalized_estimate: float
    certified_estimate: float
    mean_cosine: float
    unit_gradient_fraction: float
    potential_correlation: float

    @property
    def relative_error(self) -> float:
        """|estimate - exact| / exact (0 when both are 0, inf when only exact is)."""
        return _relative(self.estimate, self.exact)

    @property
    def normalized_relative_error(self) -> float:
        """|normalized_estimate - exact| / exact."""
        return _relative(self.normalized_estimate, self.exact)

    @property
    def certified_relative_error(self) -> float:
        """|certified_estimate - exact| / exact (the certified estimate is never above exact)."""
        return _relative(self.certified_estimate, self.exact)


def _relative(value: float, exact: float) -> float:
    """Relative error; two identical samples have W1 = 0, where only 0 is exact."""
    if exact == 0:
        return 0.0 if value == 0 else float("inf")
    return abs(value - exact) / exact


def compare_critic(fit: CriticFit, exact: EMDResult) -> CriticComparison:
    r"""Compare a trained critic with the exact W1 solution of the same two samples.

    Inside a segment from ``y_j`` to ``x_i`` that carries mass (``plan_ij > 0``), the exact
    potential grows at unit rate along the segment:

    .. math:: \nabla f(y_j + t (x_i - y_j)) = \frac{x_i - y_j}{|x_i - y_j|}, \quad 0 < t < 1

    so the critic's gradient there should point the same way.

    Parameters
    ----------
    fit : CriticFit
        From :func:`otlab.fit_critic`.
    exact : EMDResult
        ``otlab.emd(fit.real, fit.fake, p=1)``: real as x, fake as y.

    Returns
    -------
    CriticComparison

    Examples
    --------
    >>> import otlab
    >>> from otlab import toy
    >>> real = toy.sample("gaussian", 64, seed=0, mean=(2.0, 0.0))
    >>> fake = toy.sample("gaussian", 64, seed=1)
    >>> fit = otlab.fit_critic(real, fake, steps=300, seed=0, progress=False)
    >>> result = otlab.compare_critic(fit, otlab.emd(real, fake))
    >>> result.mean_cosine > 0.9
    True
    """
    check_fit_and_exact(_FUNC, fit, exact)
    potential = kantorovich_potential(exact)
    critic = fit.critic

    # Gradient direction inside the plan's segments, weighted by the mass each carries.
    i, j = np.nonzero(exact.plan > 1e-12 * exact.plan.max())
    offset = exact.x[i] - exact.y[j]  # (s, 2)
    length = np.linalg.norm(offset, axis=1)
    keep = length > 1e-12  # a point that stays put has no direction
    i, j, offset, length = i[keep], j[keep], offset[keep], length[keep]
    if i.size:
        t = (np.arange(_SEGMENT_POINTS) + 0.5) / _SEGMENT_POINTS  # interior points only
        points = exact.y[j][:, None, :] + t[None, :, None] * offset[:, None, :]  # (s, k, 2)
        grad = critic.grad(points.reshape(-1, 2)).reshape(points.shape)
        unit = (offset / length[:, None])[:, None, :]
        norm = np.linalg.norm(grad, axis=2)
        cosine = np.divide((grad * unit).sum(axis=2), norm, out=np.zeros_like(norm), where=norm > 0)
        weight = np.repeat(exact.plan[i, j][:, None], _SEGMENT_POINTS, axis=1)
        mean_cosine = float(np.sum(weight * cosine) / np.sum(weight))
    else:
        mean_cosine = float("nan")  # the two samples coincide: no direction to compare

    # |grad f| at interpolates drawn as in WGAN-GP (fixed seed: the comparison is repeatable).
    rng = np.random.default_rng(0)
    k = max(len(fit.real), len(fit.fake))
    eps = rng.random((k, 1))
    hat = eps * fit.real[rng.integers(0, len(fit.real), k)]
    hat += (1 - eps) * fit.fake[rng.integers(0, len(fit.fake), k)]
    norms = critic.grad_norm(hat)
    unit_fraction = float(np.mean(np.abs(norms - 1) <= _TOLERANCE))

    # Shape of the whole function on the grid over the data.
    grid = np.column_stack([fit.snapshots.X.ravel(), fit.snapshots.Y.ravel()])
    learned, true = critic(grid), potential(grid)
    correlation = float(np.corrcoef(learned - learned.mean(), true - true.mean())[0, 1])

    return CriticComparison(
        exact=exact.distance,
        estimate=fit.estimate,
        normalized_estimate=fit.normalized_estimate,
        certified_estimate=certified_estimate(fit.real, fit.fake, critic(fit.fake)),
        mean_cosine=mean_cosine,
        unit_gradient_fraction=unit_fraction,
        potential_correlation=correlation,
    )


def check_fit(func: str, fit) -> None:
    """A CriticFit from otlab.fit_critic."""
    if not isinstance(fit, CriticFit):
        fail(
            func,
            "a CriticFit from otlab.fit_critic",
            type(fit).__name__,
            "call otlab.fit_critic(real, fake) first",
            kind=TypeError,
        )


def check_fit_and_exact(func: str, fit, exact) -> None:
    """A CriticFit and the W1 EMDResult of its own samples, in the same roles."""
    check_fit(func, fit)
    if not isinstance(exact, EMDResult):
        fail(
            func,
            "an EMDResult from otlab.emd",
            type(exact).__name__,
            "call otlab.emd(fit.real, fit.fake, p=1) first",
            kind=TypeError,
        )
    if exact.p != 1:
        fail(
            func,
            "a W1 solution (p=1)",
            f"p={exact.p:g}",
            "a critic estimates W1: solve with otlab.emd(fit.real, fit.fake, p=1)",
        )
    same = (
        exact.x.shape == fit.real.shape
        and exact.y.shape == fit.fake.shape
        and np.allclose(exact.x, fit.real)
        and np.allclose(exact.y, fit.fake)
    )
    if not same:
        swapped = exact.x.shape == fit.fake.shape and np.allclose(exact.x, fit.fake)
        fail(
            func,
            "the exact solution for the fit's samples (x = fit.real, y = fit.fake)",
            "real and fake swapped" if swapped else "other points",
            "solve otlab.emd(fit.real, fit.fake, p=1); the order sets the potential's sign",
        )
    if not (np.allclose(exact.a, exact.a.mean()) and np.allclose(exact.b, exact.b.mean())):
        fail(
            func,
            "uniform weights, as the critic was trained on plain samples",
            "non-uniform `a` or `b`",
            "solve otlab.emd(fit.real, fit.fake, p=1) without weights",
        )
