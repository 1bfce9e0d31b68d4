"""Plots for WGAN critics: the learned function next to the exact potential, its gradients
against the optimal plan, training curves, and the weight-clipping diagnostics.

Colours follow :mod:`otlab.plot.exact` (real points dark, generated orange). torch is never
imported here: fits carry numpy arrays, and networks are read through ``.detach()``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from otlab._validation import as_float_array, as_points, check_finite, describe, fail
from otlab.plot._axes import axes_or_new
from otlab.plot.exact import EXACT_COLORS

__all__ = [
    "CRITIC_COLORS",
    "plot_critic",
    "plot_critic_gradients",
    "plot_critic_training",
    "plot_gradient_norm_history",
    "plot_layer_gradient_norms",
    "plot_segment_gradients",
    "plot_weight_histogram",
]

CRITIC_COLORS = {
    **EXACT_COLORS,
    "critic": "tab:red",
    "normalized": "tab:purple",
    "certified": "tab:green",
}


def _axes(ax, figsize=(4.5, 4.0)):
    return axes_or_new(ax, figsize)


def _plane_labels(ax) -> None:
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")


def plot_critic(
    X,
    Y,
    F,
    *,
    vmin: float | None = None,
    vmax: float | None = None,
    real=None,
    fake=None,
    levels: int = 12,
    colorbar: bool = True,
    label: str = "f (distance units)",
    ax=None,
    **kwargs,
):
    """A function on a grid (a critic or a potential) as a heat map with contour lines.

    Pass the same ``vmin`` / ``vmax`` to two calls to compare two functions on one colour
    scale. The heat map is an ``AxesImage``, so an app can move it with ``set_data``.

    gids: ``"values"`` (the image), ``"levels"`` (the contour lines), ``"real"``, ``"fake"``.

    Parameters
    ----------
    X, Y, F : (g, g) array_like
        A regular grid as from ``numpy.meshgrid`` (``Potential.on_grid``,
        ``CriticFunction.on_grid``, ``fit.snapshots``) and the values on it.
    vmin, vmax : float, optional
        Colour limits; default symmetric around 0 from the values.
    real, fake : (n, 2), (m, 2) array_like, optional
        Samples to scatter on top.
    levels : int
        Number of contour lines (0 for none).
    colorbar : bool
    label : str
        Colour bar label.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.imshow`` (e.g. ``cmap="viridis"``).
    """
    func = "plot_critic"
    X = check_finite(func, "X", as_float_array(func, "X", X))
    Y = check_finite(func, "Y", as_float_array(func, "Y", Y))
    F = check_finite(func, "F", as_float_array(func, "F", F))
    if not (X.ndim == 2 and X.shape == Y.shape == F.shape):
        fail(
            func,
            "X, Y and F as three grids of the same 2-D shape",
            f"shapes {X.shape}, {Y.shape} and {F.shape}",
            "pass the outputs of numpy.meshgrid and the values on that grid",
        )
    if vmin is None or vmax is None:
        bound = float(np.abs(F).max()) or 1.0
        vmin = -bound if vmin is None else vmin
        vmax = bound if vmax is None else vmax
    ax = _axes(ax)
    kwargs.setdefault("cmap", "RdBu_r")
    image = ax.imshow(
        F,
        origin="lower",
        extent=(X.min(), X.max(), Y.min(), Y.max()),
        vmin=vmin,
        vmax=vmax,
        aspect="equal",
        interpolation="bilinear",
        gid="values",
        **kwargs,
    )
    if levels:
        steps = np.linspace(vmin, vmax, levels + 2)[1:-1]
        lines = ax.contour(X, Y, F, levels=steps, colors="0.2", linewidths=0.6, alpha=0.6)
        lines.set_gid("levels")
    _scatter_samples(func, ax, real, fake)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=label, shrink=0.85)
    _plane_labels(ax)
    return ax


def plot_critic_gradients(fit, exact, *, max_arrows: int = 60, ax=None):
    """The critic's gradient against the optimal plan, at the midpoints of the plan's segments.

    Grey segments join y_j to x_i where the exact plan moves mass; at each midpoint a black
    arrow shows the exact transport direction (the gradient of the Kantorovich potential, a
    unit vector) and a red arrow the learned critic's gradient divided by the critic's measured
    Lipschitz constant. A good critic's red arrows cover the black ones.

    gids: ``"plan"``, ``"exact"``, ``"critic"``.

    Parameters
    ----------
    fit : CriticFit
        From :func:`otlab.fit_critic`.
    exact : EMDResult
        ``otlab.emd(fit.real, fit.fake)``.
    max_arrows : int
        Arrows at the heaviest segments only (evenly thinned), so the picture stays readable.
    ax : matplotlib Axes, optional
    """
    _check_fit_and_plan("plot_critic_gradients", fit, exact)
    x, y, plan = exact.x, exact.y, exact.plan
    rows, cols = np.nonzero(plan > 1e-12 * plan.max())
    length = np.linalg.norm(x[rows] - y[cols], axis=1)
    rows, cols, length = rows[length > 0], cols[length > 0], length[length > 0]
    order = np.argsort(plan[rows, cols])[::-1]
    pick = order[np.linspace(0, order.size - 1, min(max_arrows, order.size)).astype(int)]
    rows, cols, length = rows[pick], cols[pick], length[pick]
    mid = (x[rows] + y[cols]) / 2  # (k, 2)
    direction = (x[rows] - y[cols]) / length[:, None]
    grad = fit.grad(mid) / fit.lipschitz
    ax = _axes(ax)
    ax.scatter(*x.T, s=6, color=CRITIC_COLORS["x"], label="x (real)", gid="real")
    ax.scatter(*y.T, s=6, color=CRITIC_COLORS["y"], label="y (generated)", gid="fake")
    segments = np.stack([y[cols], x[rows]], axis=1)  # (k, 2, 2): from y_j to x_i
    ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.5, gid="plan"))
    scale = 0.1 * float(np.ptp(np.vstack([x, y]), axis=0).max())  # unit vector: this long
    common = {"angles": "xy", "scale_units": "xy", "scale": 1 / scale, "pivot": "mid"}
    ax.quiver(*mid.T, *direction.T, color=CRITIC_COLORS["exact"], gid="exact", **common)
    ax.quiver(*mid.T, *grad.T, color=CRITIC_COLORS["critic"], alpha=0.8, gid="critic", **common)
    ax.plot([], [], color=CRITIC_COLORS["exact"], label="exact direction (unit)")
    ax.plot([], [], color=CRITIC_COLORS["critic"], label="critic gradient / L")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize="small", frameon=False, loc="best")
    _plane_labels(ax)
    return ax


def plot_critic_training(fit, *, exact: float | None = None, ax=None):
    """The critic's estimates of W1 during training: raw, divided by its Lipschitz constant,
    and the certified lower bound (two c-transforms of its values on the fake samples).

    gids: ``"history"`` (per-step gap), ``"estimate"``, ``"normalized"`` and ``"certified"``
    (at snapshots), ``"exact"``.

    Parameters
    ----------
    fit : CriticFit
    exact : float, optional
        The exact W1 (``otlab.emd(fit.real, fit.fake).distance``), drawn as a dashed line.
    ax : matplotlib Axes, optional
    """
    _check_fit_and_plan("plot_critic_training", fit)
    snaps, history = fit.snapshots, fit.history
    ax = _axes(ax, figsize=(5.0, 3.5))
    ax.plot(
        history.steps,
        history.estimate,
        color=CRITIC_COLORS["critic"],
        alpha=0.3,
        lw=0.8,
        gid="history",
    )
    ax.plot(
        snaps.steps,
        snaps.estimate,
        "o-",
        ms=3,
        color=CRITIC_COLORS["critic"],
        label="estimate  E_r f - E_g f",
        gid="estimate",
    )
    ax.plot(
        snaps.steps,
        snaps.normalized_estimate,
        "s-",
        ms=3,
        color=CRITIC_COLORS["normalized"],
        label="normalised  estimate / L",
        gid="normalized",
    )
    ax.plot(
        snaps.steps,
        snaps.certified_estimate,
        "^-",
        ms=3,
        color=CRITIC_COLORS["certified"],
        label="certified  (<= W1 for any critic)",
        gid="certified",
    )
    if exact is not None:
        ax.axhline(
            exact,
            color=CRITIC_COLORS["exact"],
            ls="--",
            label=f"exact W1 = {exact:.3f}",
            gid="exact",
        )
    ax.set_xlabel("training step")
    ax.set_ylabel("W1 estimate (distance units)")
    ax.legend(fontsize="small", frameon=False)
    return ax


def plot_gradient_norm_history(fit, *, ax=None, label: str | None = None, **kwargs):
    """Mean |grad f| at the penalty points per step, with a band from min to max (log scale).

    gids: ``"mean"``, ``"band"``.
    """
    _check_fit_and_plan("plot_gradient_norm_history", fit)
    history = fit.history
    ax = _axes(ax, figsize=(5.0, 3.5))
    (line,) = ax.plot(history.steps, history.grad_norm_mean, label=label, gid="mean", **kwargs)
    ax.fill_between(
        history.steps,
        history.grad_norm_min,
        history.grad_norm_max,
        color=line.get_color(),
        alpha=0.15,
        lw=0,
        gid="band",
    )
    ax.axhline(1.0, color=CRITIC_COLORS["exact"], ls=":", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("|grad f| at interpolates")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax


def plot_weight_histogram(weights, *, clip: float | None = None, bins: int = 60, ax=None, **kwargs):
    """Histogram of a critic's weights, with the clipping bounds +-c marked.

    gids: ``"weights"``, ``"bounds"``.

    Parameters
    ----------
    weights : array_like
        E.g. ``otlab.critics.critic_weights(fit)``.
    clip : float, optional
        Draw dashed lines at +-clip.
    bins : int
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.hist`` (e.g. ``label=...``).
    """
    func = "plot_weight_histogram"
    weights = check_finite(func, "weights", as_float_array(func, "weights", weights)).ravel()
    if weights.size == 0:
        fail(func, "some weights", "an empty array", "pass critic_weights(fit)")
    ax = _axes(ax, figsize=(5.0, 3.5))
    kwargs.setdefault("color", CRITIC_COLORS["critic"])
    kwargs.setdefault("alpha", 0.7)
    ax.hist(weights, bins=bins, gid="weights", **kwargs)
    if clip is not None:
        for bound in (-clip, clip):
            ax.axvline(bound, color=CRITIC_COLORS["exact"], ls="--", lw=0.8, gid="bounds")
    ax.set_xlabel("weight value")
    ax.set_ylabel("number of weights")
    return ax


def plot_layer_gradient_norms(norms, *, label: str | None = None, ax=None, **kwargs):
    """Gradient norm reaching each layer (log scale), input layer first; zeros leave a gap.

    gids: ``"norms"``.

    Parameters
    ----------
    norms : (depth + 1,) array_like
        E.g. ``otlab.critics.layer_gradient_norms(fit)``.
    label : str, optional
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot``.
    """
    func = "plot_layer_gradient_norms"
    norms = check_finite(func, "norms", as_float_array(func, "norms", norms))
    if norms.ndim != 1 or norms.size == 0 or np.any(norms < 0):
        fail(
            func,
            "a 1-D array of non-negative norms",
            describe(norms),
            "pass layer_gradient_norms(fit)",
        )
    ax = _axes(ax, figsize=(5.0, 3.5))
    shown = np.where(norms > 0, norms, np.nan)  # an exact zero (dead units) has no log: a gap
    ax.plot(np.arange(norms.size), shown, "o-", label=label, gid="norms", **kwargs)
    ax.set_yscale("log")
    ax.set_xlabel("layer (0 = input)")
    ax.set_ylabel("mean |df / d(layer input)|")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax


def plot_segment_gradients(
    along, *, band: tuple[float, float] = (0.1, 0.9), label: str | None = None, ax=None, **kwargs
):
    """|grad f| along the optimal plan's segments: the mass-weighted mean against the position
    t (0 at the generated point, 1 at the real one), with a band between two quantiles, on a
    log scale. The exact potential has slope 1 all along (dotted line).

    gids: ``"mean"``, ``"band"``, ``"unit"``.

    Parameters
    ----------
    along : SegmentGradients
        From :func:`otlab.critics.segment_gradients`.
    band : (float, float)
        Quantiles (mass-weighted, over the segments) that bound the shaded band.
    label : str, optional
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the mean (e.g. ``color``).
    """
    func = "plot_segment_gradients"
    if not all(hasattr(along, name) for name in ("t", "mean", "quantile")):
        fail(
            func,
            "a SegmentGradients from otlab.critics.segment_gradients",
            type(along).__name__,
            "call otlab.critics.segment_gradients(fit, exact) first",
            kind=TypeError,
        )
    low, high = band if np.shape(band) == (2,) else (np.nan, np.nan)
    if not 0 <= low <= high <= 1:
        fail(func, "`band` two quantiles 0 <= low <= high <= 1", describe(band), "pass (0.1, 0.9)")
    ax = _axes(ax, figsize=(5.0, 3.5))
    (line,) = ax.plot(along.t, along.mean, "o-", ms=3, label=label, gid="mean", **kwargs)
    ax.fill_between(
        along.t,
        along.quantile(low),
        along.quantile(high),
        color=line.get_color(),
        alpha=0.15,
        lw=0,
        gid="band",
    )
    ax.axhline(1.0, color=CRITIC_COLORS["exact"], ls=":", lw=0.8, gid="unit")
    ax.set_yscale("log")
    ax.set_xlim(0, 1)
    ax.set_xlabel("position t along the segment (0 = generated point, 1 = real point)")
    ax.set_ylabel("|grad f| (the exact potential: 1)")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax


def _scatter_samples(func: str, ax, real, fake) -> None:
    if real is not None:
        real = as_points(func, "real", real, dim=2)
        ax.scatter(*real.T, s=4, color=CRITIC_COLORS["x"], label="real", gid="real")
    if fake is not None:
        fake = as_points(func, "fake", fake, dim=2)
        ax.scatter(*fake.T, s=4, color=CRITIC_COLORS["y"], label="fake", gid="fake")


def _check_fit_and_plan(func: str, fit, exact=None) -> None:
    # Duck-typed: importing otlab.critics here would import torch with every plot.
    if not all(hasattr(fit, name) for name in ("snapshots", "history", "grad")):
        fail(
            func,
            "a CriticFit from otlab.fit_critic",
            type(fit).__name__,
            "call otlab.fit_critic(real, fake) first",
            kind=TypeError,
        )
    if exact is not None and not all(hasattr(exact, name) for name in ("x", "y", "plan")):
        fail(
            func,
            "an EMDResult from otlab.emd",
            type(exact).__name__,
            "call otlab.emd(fit.real, fit.fake) first",
            kind=TypeError,
        )
