"""Plots for exact transport: quantile functions, plans, potentials and their gradient field.

Roles follow DESIGN.md: ``x`` is the target P_r ("real", dark dots), ``y`` the source P_g
("generated", orange dots). Artists an app moves later carry a ``gid``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from otlab._validation import as_float_array, as_points, check_finite, describe, fail
from otlab.exact import Potential, wasserstein_1d
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import MAX_GRID, as_mapping, as_plan, as_real, as_result, count, public

__all__ = [
    "EXACT_COLORS",
    "plot_plan",
    "plot_potential",
    "plot_potential_field",
    "plot_quantiles",
    "plot_sample_estimates",
    "plot_sample_rates",
]

EXACT_COLORS = {"x": "0.15", "y": "tab:orange", "plan": "tab:blue", "exact": "black"}


def _axes(ax, figsize=(4.5, 4.0)):
    return axes_or_new(ax, figsize)


def _quantile_curve(func: str, name: str, dist_or_samples, t: np.ndarray) -> np.ndarray:
    """Values of the quantile function at levels ``t``: ppf for a distribution, else samples."""
    if hasattr(dist_or_samples, "ppf"):
        return np.asarray(dist_or_samples.ppf(t), dtype=float)
    samples = np.sort(check_finite(func, name, as_float_array(func, name, dist_or_samples)))
    if samples.ndim != 1 or samples.size == 0:
        fail(func, f"`{name}` as 1-D samples", describe(samples), "pass a 1-D array of samples")
    # F^-1(t) = the smallest sample whose level k / n reaches t.
    index = np.ceil(t * samples.size).astype(int) - 1
    return samples[np.clip(index, 0, samples.size - 1)]


@public
def plot_quantiles(u, v, *, labels=("P", "Q"), n: int = 2001, ax=None):
    """Draw the quantile functions of two 1-D distributions and shade the area between them.

    That area is W1 (the title prints it, from :func:`otlab.wasserstein_1d`); W_p^p is the
    integral of the gap to the power p.

    gids: ``"P"``, ``"Q"`` (the two curves), ``"area"`` (the shading).

    Parameters
    ----------
    u, v : (n,), (m,) array_like or frozen ``scipy.stats`` distributions
        Samples, or distributions such as ``scipy.stats.norm(0, 1)``.
    labels : (str, str)
    n : int
        Quantile levels drawn in (0, 1); steps of samples show as near-vertical jumps.
    ax : matplotlib Axes, optional
    """
    func = "plot_quantiles"
    n = count(func, "n", n, maximum=10**7)
    w1 = wasserstein_1d(u, v)  # validates both (two samples or two distributions)
    t = np.linspace(0.0, 1.0, n + 2)[1:-1]
    if hasattr(u, "ppf"):  # keep far tails of unbounded distributions off the picture
        t = np.linspace(0.002, 0.998, n)
    fu, fv = _quantile_curve(func, "u", u, t), _quantile_curve(func, "v", v, t)
    ax = _axes(ax, figsize=(5.0, 3.5))
    ax.fill_between(t, fu, fv, color=EXACT_COLORS["plan"], alpha=0.2, lw=0, gid="area")
    ax.plot(t, fu, color=EXACT_COLORS["x"], label=f"$F^{{-1}}$ of {labels[0]}", gid="P")
    ax.plot(t, fv, color=EXACT_COLORS["y"], label=f"$F^{{-1}}$ of {labels[1]}", gid="Q")
    ax.set_xlim(0, 1)
    ax.set_xlabel("quantile level t")
    ax.set_ylabel("value (units of the samples)")
    ax.set_title(f"shaded area = W1 = {w1:.3f}", fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_plan(x, y, plan, *, ax=None, max_lines: int = 5000, legend: str | None = "best", **kwargs):
    """Draw two point clouds and a transport plan as segments, thicker and darker with mass.

    gids: ``"plan"`` (the ``LineCollection``), ``"x"`` and ``"y"`` (the scatters).

    Parameters
    ----------
    x : (n, 2) array_like
        Target points (real), dark.
    y : (m, 2) array_like
        Source points (generated), orange.
    plan : (n, m) array_like
        ``plan[i, j]`` is the mass moved between x_i and y_j (e.g. ``emd(x, y).plan``).
    ax : matplotlib Axes, optional
    max_lines : int
        Draw at most this many segments, the heaviest (a dense plan would only be a blur).
    legend : str or None
        Where the legend goes: a matplotlib ``loc`` inside the Axes, ``"below"`` (under the
        Axes, clear of what is drawn on it, e.g. a potential's arrows) or None (no legend).
    **kwargs
        Passed to the ``LineCollection`` (e.g. ``zorder=3``).
    """
    func = "plot_plan"
    x = as_points(func, "x", x, dim=2)
    y = as_points(func, "y", y, dim=2)
    plan = as_plan(func, plan, x.shape[0], y.shape[0])
    max_lines = count(func, "max_lines", max_lines)
    rows, cols = np.nonzero(plan > 1e-12 * max(plan.max(), 1e-300))
    mass = plan[rows, cols]
    keep = np.argsort(mass)[::-1][:max_lines]
    rows, cols, mass = rows[keep], cols[keep], mass[keep]
    share = mass / mass.max() if mass.size else mass  # (k,) in (0, 1]
    colors = np.tile(to_rgba(EXACT_COLORS["plan"]), (share.size, 1))
    colors[:, 3] = 0.2 + 0.7 * share
    widest = min(2.5, 12.0 / np.sqrt(max(share.size, 1)))  # many segments: thinner lines
    segments = np.stack([y[cols], x[rows]], axis=1)  # (k, 2, 2): from y_j to x_i
    ax = _axes(ax)
    lines = LineCollection(segments, colors=colors, linewidths=widest * (0.3 + 0.7 * share))
    lines.set(gid="plan", **kwargs)
    ax.add_collection(lines)
    ax.scatter(x[:, 0], x[:, 1], s=14, color=EXACT_COLORS["x"], label="x (real)", gid="x")
    ax.scatter(y[:, 0], y[:, 1], s=14, color=EXACT_COLORS["y"], label="y (generated)", gid="y")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    if legend == "below":
        ax.legend(
            fontsize="small", frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2
        )
    elif legend is not None:
        ax.legend(fontsize="small", frameon=False, loc=legend)
    return ax


@public
def plot_potential(
    potential: Potential,
    xlim,
    ylim,
    *,
    n: int = 100,
    levels: int = 20,
    colorbar: bool = True,
    ax=None,
    **kwargs,
):
    """Filled contours of a Kantorovich potential f over a rectangle.

    High where the target (real) mass sits, low on the source, slope 1 along the plan.

    gids: ``"potential"`` (the ``QuadContourSet``; pass it to ``fig.colorbar`` yourself when
    ``colorbar=False``).

    Parameters
    ----------
    potential : Potential
        From :func:`otlab.kantorovich_potential`.
    xlim, ylim : (float, float)
    n : int
        Grid points per side.
    levels : int
        Number of contour levels.
    colorbar : bool
        Add a colorbar labelled "f (distance units)".
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.contourf`` (e.g. ``cmap="viridis"``).
    """
    _check_potential("plot_potential", potential)
    levels = count("plot_potential", "levels", levels, maximum=MAX_GRID)
    X, Y, F = potential.on_grid(xlim, ylim, n=n)
    ax = _axes(ax)
    kwargs.setdefault("cmap", "RdBu_r")
    contours = ax.contourf(X, Y, F, levels=levels, **kwargs)
    contours.set_gid("potential")
    if colorbar:
        ax.figure.colorbar(contours, ax=ax, label="f (distance units)")
    ax.set_aspect("equal")
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    return ax


@public
def plot_potential_field(potential: Potential, xlim, ylim, *, n: int = 15, ax=None, **kwargs):
    """Arrows of the potential's gradient: unit vectors, the field an ideal critic learns.

    gids: ``"field"`` (the ``Quiver``).

    Parameters
    ----------
    potential : Potential
        From :func:`otlab.kantorovich_potential`.
    xlim, ylim : (float, float)
    n : int
        Arrows per side.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.quiver`` (e.g. ``color="white"``).
    """
    _check_potential("plot_potential_field", potential)
    X, Y, _ = potential.on_grid(xlim, ylim, n=n)
    grad = potential.grad(np.column_stack([X.ravel(), Y.ravel()]))  # (n * n, 2)
    ax = _axes(ax)
    kwargs.setdefault("color", "0.2")
    kwargs.setdefault("angles", "xy")
    kwargs.setdefault("pivot", "mid")
    ax.quiver(X.ravel(), Y.ravel(), grad[:, 0], grad[:, 1], gid="field", **kwargs)
    ax.set_aspect("equal")
    ax.set_xlabel("first coordinate")
    ax.set_ylabel("second coordinate")
    return ax


@public
def plot_sample_estimates(sizes, estimates, exact: float, *, label: str = "W2", ax=None):
    """Estimates from n samples against n (log scale), with the exact value as a line.

    gids: ``"estimate"``, ``"exact"``.

    Parameters
    ----------
    sizes : (k,) array_like
        Sample sizes.
    estimates : (k,) or (k, r) array_like
        An estimate per size, or r repeats per size (drawn as dots, their mean as the line).
    exact : float
        The value the estimates should approach (e.g. from :func:`otlab.gaussian_w2`).
    label : str
        Name of the quantity, for the axis and legend.
    ax : matplotlib Axes, optional
    """
    func = "plot_sample_estimates"
    sizes = check_finite(func, "sizes", as_float_array(func, "sizes", sizes))
    estimates = check_finite(func, "estimates", as_float_array(func, "estimates", estimates))
    if sizes.ndim != 1 or estimates.shape[:1] != sizes.shape or estimates.ndim > 2:
        fail(
            func,
            f"`estimates` with one row per size ({sizes.size} rows)",
            f"shapes {sizes.shape} and {estimates.shape}",
            "pass an estimate (or a row of repeats) for each sample size",
        )
    exact = as_real(func, "exact", exact)
    table = estimates.reshape(sizes.size, -1)  # (k, r)
    ax = _axes(ax, figsize=(5.0, 3.5))
    repeat_x = np.repeat(sizes, table.shape[1])
    ax.scatter(repeat_x, table.ravel(), s=10, alpha=0.4, color=EXACT_COLORS["y"])
    ax.plot(
        sizes,
        table.mean(axis=1),
        "o-",
        color=EXACT_COLORS["y"],
        gid="estimate",
        label=f"{label} from n samples",
    )
    ax.axhline(
        exact,
        color=EXACT_COLORS["exact"],
        ls="--",
        gid="exact",
        label=f"closed form {label} = {exact:.3f}",
    )
    ax.set_xscale("log")
    ax.set_xlabel("samples per distribution n")
    ax.set_ylabel(f"{label} (distance units)")
    ax.legend(fontsize="small", frameon=False)
    return ax


def _check_potential(func: str, potential) -> None:
    as_result(
        func,
        "potential",
        potential,
        "otlab.exact.potential.Potential",
        "otlab.kantorovich_potential",
    )


@public
def plot_sample_rates(sizes, estimates: dict, *, guides: dict | None = None, ax=None):
    """Estimates from n samples against n on log-log axes, one curve per case.

    For estimates of a quantity whose true value is 0 (two samples of one distribution) the
    curve is the estimator's bias, and its slope on these axes is the rate at which the bias
    shrinks.

    gids: ``"rate"`` (each mean curve), ``"guide"`` (each guide line).

    Parameters
    ----------
    sizes : (k,) array_like
        Sample sizes.
    estimates : dict of str -> (k,) or (k, r) array_like
        Per case (e.g. ``"d = 2"``), an estimate or r repeats per size: repeats as faint dots,
        their mean as the curve.
    guides : dict of str -> float, optional
        Per case, a power of n (e.g. ``-1 / d``) drawn as a dashed line through the curve's
        first point, in the curve's colour, to compare slopes by eye.
    ax : matplotlib Axes, optional
    """
    func = "plot_sample_rates"
    sizes = check_finite(func, "sizes", as_float_array(func, "sizes", sizes))
    estimates = as_mapping(func, "estimates", estimates, "{'d = 2': [0.5, 0.3, 0.2]}")
    guides = as_mapping(func, "guides", guides, "{'d = 2': -0.5}") if guides else {}
    ax = _axes(ax, figsize=(5.0, 3.5))
    for label, values in estimates.items():
        table = check_finite(func, "estimates", as_float_array(func, "estimates", values))
        if table.shape[:1] != sizes.shape or table.ndim > 2:
            fail(
                func,
                f"estimates with one row per size ({sizes.size} rows)",
                f"shape {table.shape} for {label!r}",
                "pass an estimate (or a row of repeats) for each sample size",
            )
        table = table.reshape(sizes.size, -1)  # (k, r)
        mean = table.mean(axis=1)
        (line,) = ax.plot(sizes, mean, "o-", gid="rate", label=label)
        ax.scatter(
            np.repeat(sizes, table.shape[1]), table.ravel(), s=6, alpha=0.3, color=line.get_color()
        )
        if label in guides:
            power = as_real(func, f"guides[{label!r}]", guides[label])
            ax.plot(
                sizes,
                mean[0] * (sizes / sizes[0]) ** power,
                "--",
                lw=0.8,
                color=line.get_color(),
                gid="guide",
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("samples per distribution n")
    ax.set_ylabel("estimate (distance units)")
    ax.legend(fontsize="small", frameon=False)
    return ax
