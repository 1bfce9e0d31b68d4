"""Plots for WGAN critics: the learned function next to the exact potential, its gradients
against the optimal plan, training curves, and the weight-clipping diagnostics.

Colours follow :mod:`otlab.plot.exact` (real points dark, generated orange). torch is never
imported here: fits carry numpy arrays, and networks are read through ``.detach()``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from otlab._validation import as_float_array, as_points, check_finite, fail
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import MAX_GRID, as_real, as_result, count, public
from otlab.plot.exact import EXACT_COLORS

__all__ = [
    "CRITIC_COLORS",
    "plot_critic",
    "plot_critic_gradients",
    "plot_critic_training",
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


@public
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
    levels = count(func, "levels", levels, minimum=0, maximum=MAX_GRID)
    vmin = None if vmin is None else as_real(func, "vmin", vmin)
    vmax = None if vmax is None else as_real(func, "vmax", vmax)
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


@public
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
    _check_fit("plot_critic_gradients", fit)
    as_result("plot_critic_gradients", "exact", exact, "otlab.exact.lp.EMDResult", "otlab.emd")
    max_arrows = count("plot_critic_gradients", "max_arrows", max_arrows)
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


@public
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
    _check_fit("plot_critic_training", fit)
    exact = None if exact is None else as_real("plot_critic_training", "exact", exact)
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


def _scatter_samples(func: str, ax, real, fake) -> None:
    if real is not None:
        real = as_points(func, "real", real, dim=2)
        ax.scatter(*real.T, s=4, color=CRITIC_COLORS["x"], label="real", gid="real")
    if fake is not None:
        fake = as_points(func, "fake", fake, dim=2)
        ax.scatter(*fake.T, s=4, color=CRITIC_COLORS["y"], label="fake", gid="fake")


def _check_fit(func: str, fit) -> None:
    # Checked by class without importing otlab.critics (that would import torch with every plot).
    as_result(func, "fit", fit, "otlab.critics.result.CriticFit", "otlab.fit_critic")
