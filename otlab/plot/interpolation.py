"""Plots for W1 against W2 on a line, displacement interpolation, and Gaussian geodesics.

Roles follow DESIGN.md: ``x`` is the target ("real", dark dots), ``y`` the source ("generated",
orange). Functions that an app animates come in pairs: ``plot_x(..., ax=None) -> Axes`` draws
once and tags its moving artists with a ``gid``; ``update_x(ax, ...)`` moves them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from otlab._validation import as_float_array, check_finite, fail
from otlab.exact import Interpolant
from otlab.plot._axes import axes_or_new, tagged
from otlab.plot.exact import EXACT_COLORS

__all__ = [
    "plot_gaussian_ellipse",
    "plot_interpolant",
    "plot_line_plan",
    "update_gaussian_ellipse",
    "update_interpolant",
]


def plot_line_plan(x, y, plan, *, ax=None, **kwargs):
    """A plan between points on a line, drawn as arrows from a bottom row (y) to a top row (x).

    Each arrow's width grows with its mass. gids: ``"plan"``, ``"x"``, ``"y"``.

    Parameters
    ----------
    x, y : (n,), (m,) array_like
        Positions of the target (top) and source (bottom).
    plan : (n, m) array_like
    ax : matplotlib Axes, optional
    **kwargs
        Passed to the ``LineCollection``.
    """
    func = "plot_line_plan"
    x = as_float_array(func, "x", x).ravel()
    y = as_float_array(func, "y", y).ravel()
    plan = check_finite(func, "plan", as_float_array(func, "plan", plan))
    if plan.shape != (x.size, y.size):
        fail(
            func,
            f"`plan` of shape ({x.size}, {y.size})",
            f"shape {plan.shape}",
            "pass the plan of x and y",
        )
    rows, cols = np.nonzero(plan > 1e-12 * plan.max())
    share = plan[rows, cols] / plan.max()
    segments = np.stack(
        [
            np.column_stack([y[cols], np.zeros(cols.size)]),
            np.column_stack([x[rows], np.ones(rows.size)]),
        ],
        axis=1,
    )
    ax = axes_or_new(ax, (5.0, 2.4))
    kwargs.setdefault("color", EXACT_COLORS["plan"])
    ax.add_collection(LineCollection(segments, linewidths=0.5 + 3 * share, gid="plan", **kwargs))
    ax.scatter(
        x,
        np.ones(x.size),
        s=60,
        marker="s",
        color=EXACT_COLORS["x"],
        label="x (target)",
        gid="x",
        zorder=3,
    )
    ax.scatter(
        y,
        np.zeros(y.size),
        s=60,
        marker="s",
        color=EXACT_COLORS["y"],
        label="y (source)",
        gid="y",
        zorder=3,
    )
    ax.set_xlim(min(x.min(), y.min()) - 0.7, max(x.max(), y.max()) + 0.7)
    ax.set_ylim(-0.4, 1.4)
    ax.set_yticks([0, 1], ["y", "x"])
    ax.set_xlabel("position on the shelf")
    return ax


def plot_interpolant(interpolant: Interpolant, *, ax=None, **kwargs):
    """Scatter the points of a displacement interpolation, their areas proportional to mass.

    gids: ``"interpolant"``. :func:`update_interpolant` moves it to another time.
    """
    if not isinstance(interpolant, Interpolant):
        fail(
            "plot_interpolant",
            "an Interpolant from otlab.displacement_interpolation",
            type(interpolant).__name__,
            "call otlab.displacement_interpolation(result, t) first",
            kind=TypeError,
        )
    ax = axes_or_new(ax, (4.5, 4.0))
    kwargs.setdefault("color", "tab:green")
    sizes = 12 * interpolant.weights / interpolant.weights.mean()
    ax.scatter(
        *interpolant.points[:, :2].T, s=sizes, label="mu_t", gid="interpolant", zorder=4, **kwargs
    )
    return ax


def update_interpolant(ax, interpolant: Interpolant) -> None:
    """Move the scatter :func:`plot_interpolant` drew to ``interpolant`` (same plan)."""
    tagged(ax, "interpolant").set_offsets(interpolant.points[:, :2])


def _ellipse(mean, cov, scale: float, k: int = 121) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, k)
    values, vectors = np.linalg.eigh(np.asarray(cov, dtype=float))
    circle = np.column_stack([np.cos(angle), np.sin(angle)])  # (k, 2)
    return (
        np.asarray(mean, dtype=float)
        + scale * circle @ (vectors * np.sqrt(np.clip(values, 0, None))).T
    )


def plot_gaussian_ellipse(
    mean, cov, *, scale: float = 2.0, gid: str = "ellipse", ax=None, **kwargs
):
    """The ``scale``-standard-deviation ellipse of N(mean, cov) in the plane, as a line.

    gids: ``gid`` (a Line2D). :func:`update_gaussian_ellipse` moves it.
    """
    ax = axes_or_new(ax, (4.5, 4.0))
    kwargs.setdefault("color", "black")
    ax.plot(*_ellipse(mean, cov, scale).T, gid=gid, **kwargs)
    return ax


def update_gaussian_ellipse(ax, mean, cov, *, scale: float = 2.0, gid: str = "ellipse") -> None:
    """Move the ellipse :func:`plot_gaussian_ellipse` drew to N(mean, cov)."""
    tagged(ax, gid).set_data(*_ellipse(mean, cov, scale).T)
