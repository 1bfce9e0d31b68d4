"""Plots for W1 against W2 on a line, displacement interpolation, and Gaussian geodesics.

Roles follow DESIGN.md: ``x`` is the target ("real", dark dots), ``y`` the source ("generated",
orange). Functions that an app animates come in pairs: ``plot_x(..., ax=None) -> Axes`` draws
once and tags its moving artists with a ``gid``; ``update_x(ax, ...)`` moves them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from otlab._validation import as_cov, as_mean, as_samples_1d, fail
from otlab.exact import Interpolant
from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import as_plan, as_positive, as_result, public
from otlab.plot.exact import EXACT_COLORS

__all__ = [
    "plot_gaussian_ellipse",
    "plot_interpolant",
    "plot_line_plan",
    "update_gaussian_ellipse",
    "update_interpolant",
]


@public
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
    x = as_samples_1d(func, "x", x)
    y = as_samples_1d(func, "y", y)
    plan = as_plan(func, plan, x.size, y.size)
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


@public
def plot_interpolant(interpolant: Interpolant, *, ax=None, **kwargs):
    """Scatter the points of a displacement interpolation, their areas proportional to mass.

    gids: ``"interpolant"``. :func:`update_interpolant` moves it to another time.
    """
    _check_interpolant("plot_interpolant", interpolant)
    ax = axes_or_new(ax, (4.5, 4.0))
    kwargs.setdefault("color", "tab:green")
    sizes = 12 * interpolant.weights / interpolant.weights.mean()
    ax.scatter(
        *interpolant.points[:, :2].T, s=sizes, label="mu_t", gid="interpolant", zorder=4, **kwargs
    )
    return ax


@public
def update_interpolant(ax, interpolant: Interpolant) -> None:
    """Move the scatter :func:`plot_interpolant` drew to ``interpolant`` (same plan)."""
    check_axes("update_interpolant", ax)
    _check_interpolant("update_interpolant", interpolant)
    tagged(ax, "interpolant").set_offsets(interpolant.points[:, :2])


def _check_interpolant(func: str, interpolant) -> Interpolant:
    return as_result(
        func,
        "interpolant",
        interpolant,
        "otlab.exact.interpolation.Interpolant",
        "otlab.displacement_interpolation",
    )


def _ellipse(func: str, mean, cov, scale: float, k: int = 121) -> np.ndarray:
    """(k, 2) points of the ``scale``-sigma ellipse of N(mean, cov), after checking all three."""
    mean = as_mean(func, "mean", mean)
    if mean.shape != (2,):
        fail(
            func,
            "`mean` of a Gaussian in the plane (2 values)",
            f"shape {mean.shape}",
            "pass a mean like (0.0, 1.0)",
        )
    cov = as_cov(func, "cov", cov, 2)
    scale = as_positive(func, "scale", scale)
    angle = np.linspace(0, 2 * np.pi, k)
    values, vectors = np.linalg.eigh(cov)
    circle = np.column_stack([np.cos(angle), np.sin(angle)])  # (k, 2)
    return mean + scale * circle @ (vectors * np.sqrt(np.clip(values, 0, None))).T


@public
def plot_gaussian_ellipse(
    mean, cov, *, scale: float = 2.0, gid: str = "ellipse", ax=None, **kwargs
):
    """The ``scale``-standard-deviation ellipse of N(mean, cov) in the plane, as a line.

    gids: ``gid`` (a Line2D). :func:`update_gaussian_ellipse` moves it.
    """
    points = _ellipse("plot_gaussian_ellipse", mean, cov, scale)
    ax = axes_or_new(ax, (4.5, 4.0))
    kwargs.setdefault("color", "black")
    ax.plot(*points.T, gid=gid, **kwargs)
    return ax


@public
def update_gaussian_ellipse(ax, mean, cov, *, scale: float = 2.0, gid: str = "ellipse") -> None:
    """Move the ellipse :func:`plot_gaussian_ellipse` drew to N(mean, cov)."""
    check_axes("update_gaussian_ellipse", ax)
    tagged(ax, gid).set_data(*_ellipse("update_gaussian_ellipse", mean, cov, scale).T)
