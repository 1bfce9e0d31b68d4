"""Plots for entropic and sliced transport, displacement interpolation, witnesses and timings.

Roles follow DESIGN.md: ``x`` is the target ("real", dark dots), ``y`` the source ("generated",
orange). Functions that an app animates come in pairs: ``plot_x(..., ax=None) -> Axes`` draws
once and tags its moving artists with a ``gid``; ``update_x(ax, ...)`` moves them in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from otlab._validation import as_float_array, as_points, check_finite, describe, fail
from otlab.exact import Interpolant, SinkhornResult, entropic_potential
from otlab.exact.potential import _limits
from otlab.plot._axes import axes_or_new
from otlab.plot.exact import EXACT_COLORS

__all__ = [
    "WITNESS_COLORS",
    "plot_eps_convergence",
    "plot_gaussian_ellipse",
    "plot_interpolant",
    "plot_line_plan",
    "plot_projections",
    "plot_sinkhorn",
    "plot_sliced_spread",
    "plot_theta_values",
    "plot_timings",
    "plot_witness",
    "update_gaussian_ellipse",
    "update_interpolant",
    "update_projections",
    "update_sinkhorn",
]

WITNESS_COLORS = {"w1": "tab:green", "mmd": "tab:purple", "js": "tab:blue"}
_WITNESS_LABELS = {
    "w1": "W1: Kantorovich potential f",
    "mmd": "MMD: kernel witness h",
    "js": "JS: optimal discriminator D*",
}


def _axes(ax, figsize=(4.5, 4.0)):
    return axes_or_new(ax, figsize)


def _tagged(ax, gid: str):
    for artist in [*ax.lines, *ax.collections, *ax.images]:
        if artist.get_gid() == gid:
            return artist
    return fail(
        "update",
        f"an artist with gid {gid!r} on the Axes",
        "none",
        "draw with the matching plot_ function first",
    )


def _check_result(func: str, result) -> SinkhornResult:
    if not isinstance(result, SinkhornResult):
        fail(
            func,
            "a SinkhornResult from otlab.sinkhorn",
            type(result).__name__,
            "call otlab.sinkhorn(x, y, eps=...) first",
            kind=TypeError,
        )
    if result.x.shape[1] != 2:
        fail(func, "points in the plane (d = 2)", f"d = {result.x.shape[1]}", "plot 2-D clouds")
    return result


# --- the entropic plan and potential -------------------------------------------------------------


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
    ax = _axes(ax)
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


def update_sinkhorn(ax, result: SinkhornResult, *, n: int = 80) -> None:
    """Move what :func:`plot_sinkhorn` drew on ``ax`` to ``result`` (same points, another eps).

    The image's colour scale is centred on the potential's median and spans its range on the
    image, so that the shape, not the additive constant, is what shows.
    """
    result = _check_result("update_sinkhorn", result)
    image, plan = _tagged(ax, "potential"), _tagged(ax, "plan")
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
    eps = check_finite(func, "eps", as_float_array(func, "eps", eps))
    ax = _axes(ax, figsize=(4.5, 3.5))
    ax.plot(
        eps,
        as_float_array(func, "cost_gap", cost_gap),
        "o-",
        color="tab:blue",
        label="cost: relative gap to emd",
        gid="cost_gap",
    )
    if potential_gap is not None:
        ax.plot(
            eps,
            as_float_array(func, "potential_gap", potential_gap),
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


# --- sliced Wasserstein -------------------------------------------------------------------------


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
    ax = _axes(ax)
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


def update_projections(ax, directions) -> None:
    """Draw ``directions`` ((2, k) unit vectors) on the Axes :func:`plot_projections` made."""
    func = "update_projections"
    directions = check_finite(func, "directions", as_float_array(func, "directions", directions))
    if directions.ndim != 2 or directions.shape[0] != 2:
        fail(
            func,
            "`directions` of shape (2, k)",
            describe(directions),
            "pass unit vectors as columns",
        )
    # Through the joint mean of the two clouds that plot_projections drew.
    centre = np.vstack([_tagged(ax, "x").get_offsets(), _tagged(ax, "y").get_offsets()]).mean(0)
    reach = 10.0  # long enough to cross the axes
    ends = directions.T[:, None, :] * np.array([-reach, reach])[None, :, None]  # (k, 2, 2)
    _tagged(ax, "directions").set_segments(centre + ends)


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
    ax = _axes(ax, figsize=(5.0, 3.5))
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


# --- W1 against W2, displacement interpolation ---------------------------------------------------


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
    ax = _axes(ax, figsize=(5.0, 2.4))
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
    ax = _axes(ax)
    kwargs.setdefault("color", "tab:green")
    sizes = 12 * interpolant.weights / interpolant.weights.mean()
    ax.scatter(
        *interpolant.points[:, :2].T, s=sizes, label="mu_t", gid="interpolant", zorder=4, **kwargs
    )
    return ax


def update_interpolant(ax, interpolant: Interpolant) -> None:
    """Move the scatter :func:`plot_interpolant` drew to ``interpolant`` (same plan)."""
    _tagged(ax, "interpolant").set_offsets(interpolant.points[:, :2])


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
    ax = _axes(ax)
    kwargs.setdefault("color", "black")
    ax.plot(*_ellipse(mean, cov, scale).T, gid=gid, **kwargs)
    return ax


def update_gaussian_ellipse(ax, mean, cov, *, scale: float = 2.0, gid: str = "ellipse") -> None:
    """Move the ellipse :func:`plot_gaussian_ellipse` drew to N(mean, cov)."""
    _tagged(ax, gid).set_data(*_ellipse(mean, cov, scale).T)


# --- witnesses on the theta family ---------------------------------------------------------------


def plot_witness(witnesses, which: str, *, ax=None):
    """One witness of the theta family along the line y = 0.5, with P's and Q's positions.

    Parameters
    ----------
    witnesses : ThetaWitnesses
        From :func:`otlab.witnesses.theta_witnesses`.
    which : {"w1", "mmd", "js"}
    ax : matplotlib Axes, optional

    gids: ``which`` (the curve), ``"P"`` and ``"Q"`` (the vertical markers).
    """
    from otlab.witnesses import ThetaWitnesses

    func = "plot_witness"
    if not isinstance(witnesses, ThetaWitnesses):
        fail(
            func,
            "a ThetaWitnesses",
            type(witnesses).__name__,
            "call otlab.theta_witnesses(theta)",
            kind=TypeError,
        )
    if which not in _WITNESS_LABELS:
        fail(func, f"`which` one of {tuple(_WITNESS_LABELS)}", repr(which), "pick a listed witness")
    ax = _axes(ax, figsize=(4.0, 3.0))
    values = getattr(witnesses, which)
    style = {"drawstyle": "steps-mid"} if which == "js" else {}
    ax.plot(witnesses.s, values, color=WITNESS_COLORS[which], lw=2, gid=which, **style)
    ax.axvline(0.0, color="0.25", lw=1, ls=":", gid="P")
    ax.axvline(witnesses.theta, color="tab:cyan", lw=1, ls=":", gid="Q")
    value = {"w1": witnesses.w1_value, "mmd": witnesses.mmd_value, "js": witnesses.js_value}[which]
    name = {"w1": "W1", "mmd": "MMD", "js": "JS"}[which]
    ax.set_title(f"{_WITNESS_LABELS[which]}\n{name} = {value:.3f}", fontsize="medium")
    ax.set_xlabel("horizontal position s (P at 0, Q at theta)")
    return ax


def plot_theta_values(thetas, *, bandwidth: float, ax=None):
    """W1 = |theta|, the MMD (closed form) and JS against theta for the theta family.

    gids: ``"w1"``, ``"mmd"``, ``"js"``.
    """
    from otlab.divergences import LOG2
    from otlab.witnesses import theta_mmd

    thetas = check_finite(
        "plot_theta_values", "thetas", as_float_array("plot_theta_values", "thetas", thetas)
    )
    ax = _axes(ax, figsize=(4.0, 3.0))
    ax.plot(
        thetas, np.abs(thetas), color=WITNESS_COLORS["w1"], lw=2, label="W1 = |theta|", gid="w1"
    )
    ax.plot(
        thetas,
        theta_mmd(thetas, bandwidth=bandwidth),
        color=WITNESS_COLORS["mmd"],
        lw=2,
        label=f"MMD (sigma = {bandwidth:g})",
        gid="mmd",
    )
    ax.plot(
        thetas,
        np.where(thetas == 0, 0.0, LOG2),
        color=WITNESS_COLORS["js"],
        lw=2,
        label="JS = log 2",
        gid="js",
    )
    ax.set_xlabel("theta")
    ax.set_ylabel("value certified by the witness")
    ax.legend(fontsize="small", frameon=False)
    return ax


# --- timings -----------------------------------------------------------------------------------


def plot_timings(sizes, times: dict, *, ax=None):
    """Seconds against problem size on log-log axes, one line per solver, slopes in the legend.

    gids: each key of ``times``.

    Parameters
    ----------
    sizes : (k,) array_like
        Points per side.
    times : dict of str -> (k,) array_like
        Seconds per solver (NaN where a solver was not run).
    ax : matplotlib Axes, optional
    """
    func = "plot_timings"
    sizes = check_finite(func, "sizes", as_float_array(func, "sizes", sizes))
    ax = _axes(ax, figsize=(5.0, 3.6))
    for name, seconds in times.items():
        seconds = as_float_array(func, f"times[{name!r}]", seconds)
        if seconds.shape != sizes.shape:
            fail(
                func,
                f"one time per size for {name!r}",
                f"shape {seconds.shape}",
                "time every size (NaN to skip)",
            )
        ok = np.isfinite(seconds) & (seconds > 0)
        slope = (
            np.polyfit(np.log(sizes[ok]), np.log(seconds[ok]), 1)[0] if ok.sum() >= 2 else np.nan
        )
        ax.plot(sizes[ok], seconds[ok], "o-", label=f"{name} (slope {slope:.1f})", gid=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sizes, [f"{size:g}" for size in sizes], minor=False)
    ax.set_xticks([], minor=True)
    ax.set_xlabel("points per side n")
    ax.set_ylabel("seconds")
    ax.legend(fontsize="small", frameon=False)
    return ax
