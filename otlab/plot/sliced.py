"""Plots for sliced transport: the projection directions, and the estimate's spread.

Roles follow DESIGN.md: ``x`` is the target ("real", dark dots), ``y`` the source ("generated",
orange). Functions that an app animates come in pairs: ``plot_x(..., ax=None) -> Axes`` draws
once and tags its moving artists with a ``gid``; ``update_x(ax, ...)`` moves them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from otlab._validation import as_float_array, as_points, check_finite, describe, fail
from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import as_real, public
from otlab.plot.exact import EXACT_COLORS

__all__ = ["plot_projections", "plot_sliced_spread", "update_projections"]


@public
def plot_projections(x, y, directions, *, ax=None):
    """Draw two clouds and the lines through their joint mean along each projection direction.

    gids: ``"directions"`` (a ``LineCollection``, one line per direction), ``"x"``, ``"y"``.
    :func:`update_projections` swaps the directions.

    Parameters
    ----------
    x, y : (n, 2), (m, 2) array_like
    directions : (2, k) array_like
        Unit vectors, e.g. :func:`otlab.exact.sliced.random_directions`.
    ax : matplotlib Axes, optional
    """
    func = "plot_projections"
    x = as_points(func, "x", x, dim=2)
    y = as_points(func, "y", y, dim=2)
    ax = axes_or_new(ax, (4.5, 4.0))
    ax.scatter(*x.T, s=10, color=EXACT_COLORS["x"], label="x (real)", gid="x", zorder=3)
    ax.scatter(*y.T, s=10, color=EXACT_COLORS["y"], label="y (generated)", gid="y", zorder=3)
    lines = LineCollection([], colors=[to_rgba("tab:blue", 0.35)], linewidths=0.8, gid="directions")
    ax.add_collection(lines, autolim=False)  # the lines cross the axes; the clouds set the limits
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    ax.legend(fontsize="small", frameon=False, loc="upper right")
    update_projections(ax, directions)
    return ax


@public
def update_projections(ax, directions) -> None:
    """Draw ``directions`` ((2, k) unit vectors) on the Axes :func:`plot_projections` made."""
    func = "update_projections"
    check_axes(func, ax)
    directions = check_finite(func, "directions", as_float_array(func, "directions", directions))
    if directions.ndim != 2 or directions.shape[0] != 2:
        fail(
            func,
            "`directions` of shape (2, k)",
            describe(directions),
            "pass unit vectors as columns",
        )
    # Through the joint mean of the two clouds that plot_projections drew.
    centre = np.vstack([tagged(ax, "x").get_offsets(), tagged(ax, "y").get_offsets()]).mean(0)
    reach = 10.0  # long enough to cross the axes
    ends = directions.T[:, None, :] * np.array([-reach, reach])[None, :, None]  # (k, 2, 2)
    tagged(ax, "directions").set_segments(centre + ends)


@public
def plot_sliced_spread(counts, estimates, exact: float | None = None, *, ax=None):
    """Sliced W estimates against the number of projections (log scale), one dot per seed.

    gids: ``"estimate"`` (the mean over seeds), ``"spread"`` (the band mean +- one standard
    deviation), ``"exact"`` (W_p from the LP, when given).

    Parameters
    ----------
    counts : (k,) array_like
        Numbers of projections.
    estimates : (k, r) array_like
        r seeds per count.
    exact : float, optional
        W_p of the same clouds (sliced W never exceeds it).
    ax : matplotlib Axes, optional
    """
    func = "plot_sliced_spread"
    counts = check_finite(func, "counts", as_float_array(func, "counts", counts))
    table = check_finite(func, "estimates", as_float_array(func, "estimates", estimates))
    if counts.ndim != 1 or table.ndim != 2 or table.shape[0] != counts.size:
        fail(
            func,
            f"`estimates` of shape ({counts.size}, seeds)",
            f"shapes {counts.shape} and {table.shape}",
            "pass one row of seeds per number of projections",
        )
    exact = None if exact is None else as_real(func, "exact", exact)
    ax = axes_or_new(ax, (5.0, 3.5))
    mean, spread = table.mean(axis=1), table.std(axis=1)
    ax.scatter(np.repeat(counts, table.shape[1]), table.ravel(), s=8, alpha=0.35, color="tab:blue")
    ax.fill_between(
        counts, mean - spread, mean + spread, color="tab:blue", alpha=0.15, lw=0, gid="spread"
    )
    ax.plot(
        counts,
        mean,
        "o-",
        ms=3,
        color="tab:blue",
        label="sliced W, mean over seeds",
        gid="estimate",
    )
    if exact is not None:
        ax.axhline(
            exact, color=EXACT_COLORS["exact"], ls="--", label=f"exact W = {exact:.3f}", gid="exact"
        )
    ax.set_xscale("log")
    ax.set_xlabel("number of projections")
    ax.set_ylabel("distance")
    ax.legend(fontsize="small", frameon=False, loc="lower right")
    return ax
