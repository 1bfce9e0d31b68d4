"""Plots for divergences: Gaussian integrands, the theta-shift family, the optimal discriminator.

Artists that the apps move later carry a ``gid`` (``ax.lines`` entry with ``get_gid()``), so an
app can draw with these functions once and then update those artists in place.
"""

from __future__ import annotations

import math

import numpy as np

from otlab import divergences
from otlab._validation import as_float_array, as_points, as_scalar, describe, fail
from otlab.exact import gaussian_w2
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import as_positive, as_real, as_result, as_values, public

__all__ = [
    "plot_discriminator",
    "plot_gaussian_divergences",
    "plot_integrands",
    "plot_theta_divergences",
    "plot_theta_segments",
    "plot_theta_slopes",
]

# One colour per measure, everywhere in the course.
COLORS = {
    "kl": "tab:red",
    "kl_pq": "tab:red",
    "kl_qp": "tab:orange",
    "js": "tab:blue",
    "tv": "tab:purple",
    "w1": "tab:green",
    "p": "0.25",
    "q": "tab:cyan",
}
LABELS = {
    "kl_pq": "KL(P||Q)",
    "kl_qp": "KL(Q||P)",
    "js": "JS",
    "tv": "TV",
    "w1": "W1",
}


def _axes(ax, figsize=(5.0, 3.5)):
    return axes_or_new(ax, figsize)


@public
def plot_integrands(
    integrands: divergences.GaussianIntegrands,
    *,
    which=("kl_pq", "kl_qp", "js"),
    ax=None,
    **kwargs,
):
    """Draw two densities (shaded) and the pointwise integrands of KL and JS between them.

    The area under each integrand curve is the divergence; where ``p log(p / q)`` dips below
    zero (q > p) it subtracts. Comparing the ``kl_pq`` and ``kl_qp`` areas shows why KL is
    asymmetric; the JS integrand is never negative.

    Parameters
    ----------
    integrands : GaussianIntegrands
        From :func:`otlab.divergences.gaussian_integrands`.
    which : sequence of {"kl_pq", "kl_qp", "js"}
        The integrands to draw.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for every integrand curve (e.g. ``lw=1``).

    Notes
    -----
    gids: ``"p"`` and ``"q"`` (the shaded densities), ``"kl_pq"``, ``"kl_qp"``, ``"js"`` (the
    integrands drawn), ``"zero"`` (the zero line).
    """
    func = "plot_integrands"
    as_result(
        func,
        "integrands",
        integrands,
        "otlab.divergences.gaussian.GaussianIntegrands",
        "otlab.divergences.gaussian_integrands",
    )
    valid = ("kl_pq", "kl_qp", "js")
    which = (which,) if isinstance(which, str) else which
    if not isinstance(which, (list, tuple)):
        fail(
            func,
            f"`which` a tuple of names among {valid}",
            describe(which),
            "pass e.g. which=('kl_pq', 'js')",
            kind=TypeError,
        )
    for name in which:
        if name not in valid:
            fail(
                "plot_integrands",
                f"`which` among {valid}",
                repr(name),
                "pick integrands from the listed names",
            )
    ax = _axes(ax)
    x = integrands.x
    ax.fill_between(x, integrands.p, color=COLORS["p"], alpha=0.15, label="p", lw=0, gid="p")
    ax.fill_between(x, integrands.q, color=COLORS["q"], alpha=0.25, label="q", lw=0, gid="q")
    names = {"kl_pq": "p log(p/q)", "kl_qp": "q log(q/p)", "js": "JS integrand"}
    for name in which:
        ax.plot(
            x, getattr(integrands, name), color=COLORS[name], label=names[name], gid=name, **kwargs
        )
    ax.axhline(0.0, color="0.6", lw=0.8, gid="zero")
    ax.set_xlabel("x")
    ax.set_ylabel("density / integrand (nats per unit x)")
    ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_theta_segments(theta: float, *, real=None, fake=None, ax=None):
    """Draw the segments of P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]), and samples.

    Parameters
    ----------
    theta : float
        Shift of Q_theta.
    real, fake : (n, 2) array_like, optional
        Samples of P and Q_theta (e.g. from :func:`otlab.toy.theta_pair`), drawn as short
        ticks across the segments.
    ax : matplotlib Axes, optional

    Notes
    -----
    gids (all Line2D): ``"P"`` and ``"Q"`` for the segments, ``"real"`` and ``"fake"`` for the
    samples.
    """
    func = "plot_theta_segments"
    theta = as_scalar(func, "theta", theta)
    ax = _axes(ax, figsize=(3.5, 3.5))
    segment = {"lw": 3, "solid_capstyle": "butt"}
    ax.plot([0, 0], [0, 1], color=COLORS["p"], label="P", gid="P", **segment)
    ax.plot([theta, theta], [0, 1], color=COLORS["q"], label="Q_theta", gid="Q", **segment)
    # Samples lie on the segments: ticks across them show where along the segment they fall.
    for name, points in (("real", real), ("fake", fake)):
        if points is not None:
            points = as_points(func, name, points, dim=2)
            ax.plot(*points.T, "_", ms=7, mew=0.6, color="k", alpha=0.25, gid=name)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-0.1, 1.1)
    ax.set_xlabel("x (theta moves Q sideways)")
    ax.set_ylabel("y")
    ax.legend(loc="lower left", fontsize="small", frameon=False)
    return ax


MEASURES = (("kl", "kl_pq"), ("js", "js"), ("tv", "tv"), ("w1", "w1"))


@public
def plot_theta_divergences(
    thetas, *, estimates=(), theta=None, estimate=None, kl_level=1.2, ax=None
):
    """KL, JS, TV and W1 of the theta family against theta, exact, with sample estimates.

    JS, TV and KL jump at theta = 0 (a black dot marks their common value 0 there); KL is
    +inf everywhere else and is drawn as a dashed line at height ``kl_level``. W1 = |theta|
    is the only continuous curve.

    Parameters
    ----------
    thetas : (k,) array_like
        Where to evaluate the exact curves (0 is added).
    estimates : sequence of ThetaDivergences, optional
        Sample-based values (:func:`otlab.divergences.theta_estimates`) at several shifts,
        drawn as small hollow dots; an infinite KL estimate sits on the ``kl_level`` line.
    theta : float, optional
        Current shift: a vertical line and a dot on each exact curve.
    estimate : ThetaDivergences, optional
        The sample-based values at the current shift, drawn as large hollow dots.
    kl_level : float, keyword-only
        Height at which infinite KL is drawn.
    ax : matplotlib Axes, optional

    Notes
    -----
    gids (all Line2D): ``"theta"`` for the vertical line, ``"marker-<m>"`` for the exact values
    at theta and ``"estimate-<m>"`` for ``estimate``, with m in kl, js, tv, w1.
    """
    func = "plot_theta_divergences"
    grid = as_values(func, "thetas", thetas)
    if grid.size < 2:
        fail(
            func,
            "at least two finite `thetas`",
            describe(grid),
            "pass e.g. np.linspace(-1, 1, 201)",
        )
    kl_level = as_positive(func, "kl_level", kl_level)
    theta = None if theta is None else as_real(func, "theta", theta)
    grid = np.union1d(grid, [0.0])
    exact = [divergences.theta_divergences(t) for t in grid]
    ax = _axes(ax)

    def values(results, key):
        out = np.array([getattr(r, key) for r in results], dtype=float)
        return np.where(np.isinf(out), kl_level, out)

    # Break the jumping curves at theta = 0 (NaN), and mark their value there with a dot.
    cut = np.where(grid == 0, np.nan, 1.0)
    ax.plot(grid, values(exact, "w1"), color=COLORS["w1"], lw=2, label="W1 = |theta|")
    ax.plot(grid, cut * values(exact, "js"), color=COLORS["js"], lw=2, label="JS")
    ax.plot(grid, cut * values(exact, "tv"), color=COLORS["tv"], lw=2, label="TV")
    kl_label = f"KL = +inf (drawn at {kl_level:g})"
    ax.plot(grid, cut * values(exact, "kl_pq"), color=COLORS["kl"], lw=2, ls="--", label=kl_label)
    ax.plot([0.0], [0.0], "o", color="k", ms=4, zorder=4, label="all at theta = 0")
    hollow = {"mfc": "none", "ls": "none", "marker": "o"}
    for name, key in MEASURES if len(estimates) else ():
        ax.plot(
            [e.theta for e in estimates],
            values(estimates, key),
            color=COLORS[name],
            ms=4,
            alpha=0.6,
            label="from samples" if name == "w1" else None,
            **hollow,
        )
    if theta is not None:
        here = divergences.theta_divergences(theta)
        ax.axvline(here.theta, color="0.5", lw=1, gid="theta")
        for name, key in MEASURES:
            ax.plot(
                [here.theta],
                values([here], key),
                "o",
                color=COLORS[name],
                ms=7,
                zorder=5,
                gid=f"marker-{name}",
            )
    if estimate is not None:
        for name, key in MEASURES:
            ax.plot(
                [estimate.theta],
                values([estimate], key),
                color=COLORS[name],
                ms=11,
                mew=1.5,
                zorder=6,
                gid=f"estimate-{name}",
                **hollow,
            )
    ax.set_xlim(grid.min(), grid.max())
    ax.set_ylim(-0.05, kl_level + 0.45)  # room for the legend above the KL line
    ax.set_xlabel("theta (shift of Q)")
    ax.set_ylabel("divergence (nats) / distance")
    ax.legend(loc="upper center", ncol=3, fontsize="small", frameon=False)
    return ax


@public
def plot_theta_slopes(thetas, *, step: float = 1e-4, ax=None):
    """Numerical derivatives d/dtheta of JS, TV and W1 for the theta family.

    JS and TV are flat (slope 0) at every theta != 0: no gradient reaches the generator.
    W1 has slope sign(theta), pointing back to theta = 0 from everywhere.
    """
    func = "plot_theta_slopes"
    grid = as_values(func, "thetas", thetas)
    step = as_positive(func, "step", step)
    slopes = [divergences.theta_slopes(t, step=step) for t in grid]
    ax = _axes(ax)
    for name, ls in (("w1", "-"), ("js", "--"), ("tv", ":")):
        ax.plot(
            grid,
            [getattr(s, name) for s in slopes],
            color=COLORS[name],
            lw=2,
            ls=ls,
            label=f"d{LABELS[name]}/dtheta",
        )
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.set_xlabel("theta")
    ax.set_ylabel("slope (per unit theta)")
    ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_gaussian_divergences(gaps, width: float, *, gap=None, kl_max=None, ax=None):
    """KL, JS and W1 between N(0, width^2) and N(g, width^2) against the mean gap g.

    Parameters
    ----------
    gaps : (k,) array_like
        Mean gaps g on the horizontal axis.
    width : float
        Common standard deviation of both Gaussians.
    gap : float, optional
        Current gap: a vertical line and a dot on each curve.
    kl_max : float, optional
        Upper limit of the vertical axis (KL grows like g^2 / (2 width^2) and leaves it).
    ax : matplotlib Axes, optional

    Notes
    -----
    gids: ``"curve-<measure>"`` and ``"marker-<measure>"`` for kl, js, w1; ``"gap"``.
    """
    func = "plot_gaussian_divergences"
    grid = as_values(func, "gaps", gaps)
    width = as_scalar(func, "width", width, positive=True)
    gap = None if gap is None else as_real(func, "gap", gap)
    kl_max = None if kl_max is None else as_positive(func, "kl_max", kl_max)
    var = width**2
    curves = {
        "kl": [divergences.gaussian_kl(0.0, var, g, var) for g in grid],
        "js": [divergences.gaussian_js(0.0, var, g, var) for g in grid],
        # Equal widths: Q is P translated, so W1 = W2 = |g| (the translation is optimal).
        "w1": [gaussian_w2(0.0, var, g, var) for g in grid],
    }
    ax = _axes(ax)
    labels = {"kl": "KL (both ways)", "js": "JS", "w1": "W1"}
    for name, values in curves.items():
        ax.plot(grid, values, color=COLORS[name], lw=2, label=labels[name], gid=f"curve-{name}")
    if gap is not None:
        ax.axvline(gap, color="0.5", lw=1, gid="gap")
        ax.plot(
            [gap],
            [divergences.gaussian_kl(0.0, var, gap, var)],
            "o",
            color=COLORS["kl"],
            gid="marker-kl",
        )
        ax.plot(
            [gap],
            [divergences.gaussian_js(0.0, var, gap, var)],
            "o",
            color=COLORS["js"],
            gid="marker-js",
        )
        ax.plot([gap], [gaussian_w2(0.0, var, gap, var)], "o", color=COLORS["w1"], gid="marker-w1")
    top = kl_max if kl_max is not None else 1.2 * max(max(curves["w1"]), math.log(2.0))
    ax.set_xlim(grid.min(), grid.max())
    ax.set_ylim(0.0, top)
    ax.set_xlabel("mean gap g")
    ax.set_ylabel("divergence (nats) / distance")
    ax.legend(loc="upper center", ncol=3, fontsize="small", framealpha=0.9, edgecolor="none")
    return ax


@public
def plot_discriminator(x, p_r, p_g, *, ax=None):
    """Real and generated densities on a grid with the optimal discriminator D* on a twin axis.

    Parameters
    ----------
    x : (k,) array_like
        The grid.
    p_r, p_g : (k,) array_like
        Densities (or histograms) of the real and generated data on ``x``.
    ax : matplotlib Axes, optional
        Densities go here; D* goes on ``ax.twinx()``.
    """
    func = "plot_discriminator"
    x = as_values(func, "x", x)
    d = divergences.optimal_discriminator(p_r, p_g)  # checks both densities
    p_r, p_g = as_float_array(func, "p_r", p_r), as_float_array(func, "p_g", p_g)
    if x.shape != d.shape:
        fail(
            func,
            f"`x` of shape {d.shape} like the densities",
            f"shape {x.shape}",
            "pass the grid the densities were evaluated on",
        )
    ax = _axes(ax)
    ax.plot(x, p_r, color=COLORS["p"], lw=2, label="p_r (real)")
    ax.plot(x, p_g, color=COLORS["q"], lw=2, label="p_g (generated)")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    twin = ax.twinx()
    twin.plot(x, d, color="tab:red", lw=2, ls="--", label="D*(x)")
    twin.set_ylim(-0.05, 1.05)
    twin.set_ylabel("D*(x) = p_r / (p_r + p_g)")
    lines = ax.get_lines() + twin.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize="small", frameon=False)
    return ax
