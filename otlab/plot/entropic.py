"""Plots for entropic transport: a Sinkhorn plan over its potential, and convergence in eps.

Roles follow DESIGN.md: ``x`` is the target ("real", dark dots), ``y`` the source ("generated",
orange). Functions that an app animates come in pairs: ``plot_x(..., ax=None) -> Axes`` draws
once and tags its moving artists with a ``gid``; ``update_x(ax, ...)`` moves them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from otlab._validation import fail
from otlab.exact import SinkhornResult, entropic_potential
from otlab.exact.potential import _limits
from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import MAX_GRID, as_result, as_values, count, public
from otlab.plot.exact import EXACT_COLORS

__all__ = ["plot_eps_convergence", "plot_sinkhorn", "update_sinkhorn"]


def _check_result(func: str, result) -> SinkhornResult:
    as_result(func, "result", result, "otlab.exact.entropic.SinkhornResult", "otlab.sinkhorn")
    if result.x.shape[1] != 2:
        fail(func, "points in the plane (d = 2)", f"d = {result.x.shape[1]}", "plot 2-D clouds")
    return result


@public
def plot_sinkhorn(result: SinkhornResult, xlim, ylim, *, n: int = 80, ax=None, **kwargs):
    """Draw a Sinkhorn plan over its entropic potential: every pair (x_i, y_j) as a segment
    whose opacity is its share of the largest entry, the potential as a colour image.

    gids: ``"potential"`` (the ``AxesImage``), ``"plan"`` (the ``LineCollection`` of the
    pairs carrying at least 1% of the largest entry), ``"x"`` and ``"y"`` (the scatters).
    :func:`update_sinkhorn` moves the image and the plan to another result on the same points
    (another eps).

    Parameters
    ----------
    result : SinkhornResult
        From :func:`otlab.sinkhorn` with points in the plane.
    xlim, ylim : (float, float)
        The rectangle of the potential image.
    n : int
        Grid points per side of the image.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.imshow`` (e.g. ``cmap="viridis"``).
    """
    result = _check_result("plot_sinkhorn", result)
    xlim, ylim = _limits("plot_sinkhorn", "xlim", xlim), _limits("plot_sinkhorn", "ylim", ylim)
    n = count("plot_sinkhorn", "n", n, minimum=2, maximum=MAX_GRID)
    ax = axes_or_new(ax, (4.5, 4.0))
    kwargs.setdefault("cmap", "RdBu_r")
    ax.imshow(
        np.zeros((n, n)),
        extent=(*xlim, *ylim),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
        gid="potential",
        **kwargs,
    )
    ax.add_collection(LineCollection([], linewidths=1.0, gid="plan"), autolim=False)
    ax.scatter(*result.x.T, s=14, color=EXACT_COLORS["x"], label="x (real)", gid="x", zorder=3)
    ax.scatter(*result.y.T, s=14, color=EXACT_COLORS["y"], label="y (generated)", gid="y", zorder=3)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    ax.legend(fontsize="small", frameon=False, loc="upper right")
    update_sinkhorn(ax, result, n=n)
    return ax


@public
def update_sinkhorn(ax, result: SinkhornResult, *, n: int = 80) -> None:
    """Move what :func:`plot_sinkhorn` drew on ``ax`` to ``result`` (same points, another eps).

    The image's colour scale is centred on the potential's median and spans its range on the
    image, so that the shape, not the additive constant, is what shows.
    """
    check_axes("update_sinkhorn", ax)
    result = _check_result("update_sinkhorn", result)
    image, plan = tagged(ax, "potential"), tagged(ax, "plan")
    left, right, bottom, top = image.get_extent()
    _, _, values = entropic_potential(result).on_grid((left, right), (bottom, top), n=n)
    middle = float(np.median(values))
    half = max(float(np.abs(values - middle).max()), 1e-12)
    image.set_data(values)
    image.set_clim(middle - half, middle + half)
    # Pairs below 1% of the largest entry would be drawn all but transparent: skipping them
    # keeps a sharp plan (small eps) cheap to draw.
    share = result.plan / result.plan.max()  # (n, m) in [0, 1]
    rows, cols = np.nonzero(share >= 0.01)
    plan.set_segments(np.stack([result.y[cols], result.x[rows]], axis=1))  # (k, 2, 2): y_j to x_i
    colors = np.tile(to_rgba("0.1"), (rows.size, 1))
    colors[:, 3] = 0.9 * share[rows, cols]
    plan.set_color(colors)


@public
def plot_eps_convergence(eps, cost_gap, potential_gap=None, *, ax=None):
    """How far Sinkhorn is from the exact LP against eps, on log-log axes.

    gids: ``"cost_gap"``, ``"potential_gap"`` (when given).

    Parameters
    ----------
    eps : (k,) array_like
    cost_gap : (k,) array_like
        Relative gap of the cost, (sinkhorn cost - emd cost) / emd cost.
    potential_gap : (k,) array_like, optional
        A size of the difference of the potentials (e.g. its range over a grid).
    ax : matplotlib Axes, optional
    """
    func = "plot_eps_convergence"
    eps = as_values(func, "eps", eps)
    cost_gap = as_values(func, "cost_gap", cost_gap, eps.size)
    if potential_gap is not None:
        potential_gap = as_values(func, "potential_gap", potential_gap, eps.size)
    ax = axes_or_new(ax, (4.5, 3.5))
    ax.plot(
        eps,
        cost_gap,
        "o-",
        color="tab:blue",
        label="cost: relative gap to emd",
        gid="cost_gap",
    )
    if potential_gap is not None:
        ax.plot(
            eps,
            potential_gap,
            "s-",
            color="tab:red",
            label="potential: range of f_eps - f_exact",
            gid="potential_gap",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("eps (units of the cost)")
    ax.set_ylabel("gap to the exact LP")
    ax.legend(fontsize="small", frameon=False, loc="upper left")
    return ax
