"""Apps beyond the exact LP: an eps slider for Sinkhorn, a projection count for sliced W, and a
time slider for displacement interpolation.

Each draws once with :mod:`otlab.plot.entropic`, :mod:`otlab.plot.sliced` or
:mod:`otlab.plot.interpolation` and then only moves the artists its slider
changes (``LiveFigure.animate``). What does not depend on the slider (the exact LP, the curves
of gaps and spreads) is computed in ``__init__``; the Sinkhorn solves for the eps values on the
slider are cached there too, because a small eps costs thousands of iterations.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from otlab import toy
from otlab._seeding import resolve_seed
from otlab._validation import as_points, check_positive_int
from otlab.exact import (
    displacement_interpolation,
    emd,
    entropic_potential,
    gaussian_geodesic,
    gaussian_w2,
    kantorovich_potential,
    sinkhorn,
    sliced_wasserstein,
)
from otlab.exact.sliced import random_directions
from otlab.plot.entropic import plot_eps_convergence, plot_sinkhorn, update_sinkhorn
from otlab.plot.exact import EXACT_COLORS
from otlab.plot.interpolation import (
    plot_gaussian_ellipse,
    plot_interpolant,
    update_gaussian_ellipse,
    update_interpolant,
)
from otlab.plot.sliced import plot_projections, plot_sliced_spread, update_projections
from otlab.widgets._checks import (
    as_limits,
    as_options,
    as_positive_values,
    in_range,
    option,
    seed_range,
)
from otlab.widgets._live import App, LiveFigure

__all__ = ["EntropicApp", "InterpolationApp", "SlicedApp"]

GRID_MAX = 1000  # grid points per side of the potential image: 10^6 evaluations per eps


def _gid(ax, gid: str):
    return next(a for a in [*ax.lines, *ax.collections, *ax.images] if a.get_gid() == gid)


class EntropicApp(App):
    """Sinkhorn's plan and entropic potential between two clouds, with a slider for eps.

    Left: every pair (x_i, y_j) as a segment as dark as its mass, over the entropic potential.
    Right: the gaps of the cost and the potential to the exact LP against eps, the current eps
    marked. ``self.readout`` shows "eps = 0.01: cost = 1.161 (emd = 1.158, +0.17%), 3021
    iterations, ...".

    Parameters
    ----------
    x, y : (n, 2), (m, 2) array_like
        The clouds (x the target, y the source).
    a, b : array_like, optional
        Masses; default uniform.
    eps_values : sequence of float
        The values the slider offers, solved once here.
    eps : float
        Initial value, one of ``eps_values``.
    xlim, ylim : (float, float)
        The rectangle of the potential image.
    grid : int
        Grid points per side of the image and of the potential gap.
    """

    def __init__(
        self,
        x,
        y,
        a=None,
        b=None,
        *,
        eps_values=(1.0, 0.3, 0.1, 0.03, 0.01),
        eps: float | None = None,
        xlim=(-3.0, 3.0),
        ylim=(-3.0, 3.0),
        grid: int = 60,
    ):
        func = "EntropicApp"
        x, y = as_points(func, "x", x, dim=2), as_points(func, "y", y, dim=2)
        grid = check_positive_int(func, "grid", grid, minimum=2, maximum=GRID_MAX)
        xlim, ylim = as_limits(func, "xlim", xlim), as_limits(func, "ylim", ylim)
        eps_values = as_positive_values(func, "eps_values", eps_values)
        if eps is not None:
            option(func, "eps", eps, eps_values)
        eps = eps_values[len(eps_values) // 2] if eps is None else float(eps)
        self.exact = emd(x, y, a, b)  # p = 1: its potential is the limit of the entropic ones
        self.grid, self.xlim, self.ylim = grid, xlim, ylim
        self.results = {e: sinkhorn(x, y, a, b, eps=e) for e in eps_values}
        _, _, target = kantorovich_potential(self.exact).on_grid(xlim, ylim, n=grid)
        self.potential_gap = {}
        for e, result in self.results.items():
            _, _, soft = entropic_potential(result).on_grid(xlim, ylim, n=grid)
            self.potential_gap[e] = float(np.ptp(soft - target))  # up to an additive constant
        self.slider = widgets.SelectionSlider(
            options=[(f"{e:g}", e) for e in eps_values], value=eps, description="eps"
        )
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 4.0), ncols=2, width_ratios=[1.1, 1])
        left, right = self.live.axes
        plot_sinkhorn(self.results[eps], xlim, ylim, n=grid, ax=left)
        left.set_title("Sinkhorn plan over the entropic potential", fontsize="medium")
        gaps = [self.cost_gap(e) for e in eps_values]
        plot_eps_convergence(
            eps_values, gaps, [self.potential_gap[e] for e in eps_values], ax=right
        )
        (self.marker,) = right.plot([eps], [self.cost_gap(eps)], "o", ms=12, mfc="none", mec="k")
        right.set_title("approaching the exact LP as eps falls", fontsize="medium")
        self.left = left
        self.live.animate(_gid(left, "potential"), _gid(left, "plan"), self.marker)
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.live.image, self.readout])
        self.update(eps)

    def cost_gap(self, eps: float) -> float:
        """(sinkhorn cost - emd cost) / emd cost at ``eps``."""
        return (self.results[eps].cost - self.exact.cost) / self.exact.cost

    def update(self, eps: float) -> None:
        """Show the cached solution at ``eps`` (one of the slider's values) and redraw."""
        eps = float(option("EntropicApp.update", "eps", eps, list(self.results)))
        result = self.results[eps]
        update_sinkhorn(self.left, result, n=self.grid)
        self.marker.set_data([eps], [self.cost_gap(eps)])
        state = "converged" if result.converged else "NOT converged (raise max_iter)"
        self.readout.value = html.escape(
            f"eps = {eps:g}: cost = {result.cost:.4f} (emd = {self.exact.cost:.4f}, "
            f"{100 * self.cost_gap(eps):+.2f}%), {result.iterations} iterations, {state}; "
            f"entropic potential within {self.potential_gap[eps]:.3f} of the exact one "
            "(range of the difference on the grid)"
        )
        self.live.redraw()


class SlicedApp(App):
    """Sliced W between two clouds, with sliders for the number of projections and the seed.

    Left: the clouds and the projection directions. Right: the estimate against the number of
    projections for every seed (dots), their mean and spread, W_p from the LP as a dashed line,
    the current estimate circled. ``self.readout``: "50 projections, seed 3: sliced W = ...".

    Parameters
    ----------
    x, y : (n, 2), (m, 2) array_like
    p : float
    counts : sequence of int
        The numbers of projections the slider offers.
    seeds : int
        Seeds per count behind the spread (and the seed slider's range).
    """

    def __init__(
        self,
        x,
        y,
        *,
        p: float = 1,
        counts=(1, 2, 5, 10, 20, 50, 100, 200, 500),
        seeds: int = 10,
        n_projections: int = 20,
        seed: int = 0,
    ):
        func = "SlicedApp"
        self.x = as_points(func, "x", x, dim=2)
        self.y = as_points(func, "y", y, dim=2)
        self.p = p
        counts = as_options(func, "counts", counts)
        seeds = check_positive_int(func, "seeds", seeds)
        n_projections = option(func, "n_projections", n_projections, counts)
        seed = resolve_seed(func, seed)
        self.exact = emd(self.x, self.y, p=p).distance
        self.table = np.array(
            [[self.estimate(c, s) for s in range(seeds)] for c in counts]
        )  # (counts, seeds)
        self.counts = counts
        self.count_slider = widgets.SelectionSlider(
            options=counts, value=n_projections, description="projections"
        )
        low, high = seed_range(seed, seeds)
        self.seed_slider = widgets.IntSlider(value=seed, min=low, max=high, description="seed")
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 3.8), ncols=2)
        left, right = self.live.axes
        plot_projections(self.x, self.y, random_directions(2, n_projections, seed=seed), ax=left)
        left.set_title("projection directions", fontsize="medium")
        plot_sliced_spread(counts, self.table, self.exact, ax=right)
        right.set_title(f"sliced W{p:g} over {seeds} seeds", fontsize="medium")
        (self.marker,) = right.plot([], [], "o", ms=11, mfc="none", mec="k", mew=2)
        self.left = left
        self.live.animate(_gid(left, "directions"), self.marker)
        for slider in (self.count_slider, self.seed_slider):
            slider.observe(self._on_slider, names="value")
        controls = widgets.HBox([self.count_slider, self.seed_slider])
        self.widget = widgets.VBox([controls, self.live.image, self.readout])
        self.update(n_projections, seed)

    def estimate(self, n_projections: int, seed: int) -> float:
        return sliced_wasserstein(self.x, self.y, p=self.p, n_projections=n_projections, seed=seed)

    def _on_slider(self, _change) -> None:
        self.update(self.count_slider.value, self.seed_slider.value)

    def update(self, n_projections: int, seed: int) -> None:
        """Estimate with ``n_projections`` directions drawn from ``seed`` and redraw."""
        seed = resolve_seed("SlicedApp.update", seed)
        value = self.estimate(n_projections, seed)
        update_projections(self.left, random_directions(2, n_projections, seed=seed))
        self.marker.set_data([n_projections], [value])
        spread = ""
        if n_projections in self.counts:
            row = self.table[self.counts.index(n_projections)]
            spread = f"; over {row.size} seeds: mean {row.mean():.4f}, spread (std) {row.std():.4f}"
        self.readout.value = html.escape(
            f"{n_projections} projections, seed {seed}: sliced W{self.p:g} = {value:.4f}{spread}; "
            f"exact W{self.p:g} = {self.exact:.4f}"
        )
        self.live.redraw()


class InterpolationApp(App):
    """Displacement interpolation between samples of two Gaussians, with a slider for t.

    Left: the two samples, the interpolated points at time t, and the 2-sd ellipses of the
    Gaussian geodesic in closed form at 0, t and 1. Right: W2 from mu_t to each end against t
    (t W2 and (1 - t) W2 on a geodesic) with the measured values at the current t.
    ``self.readout`` prints both distances and the interpolant's covariance against the closed
    form.

    Parameters
    ----------
    mean1, cov1, mean2, cov2 : array_like
        The two Gaussians (the first at t = 0).
    n : int
        Samples of each.
    t : float
        Initial time.
    seed : int
    """

    def __init__(
        self,
        *,
        mean1=(0.0, 0.0),
        cov1=((1.0, 0.0), (0.0, 1.0)),
        mean2=(3.0, 1.0),
        cov2=((0.3, 0.2), (0.2, 1.5)),
        n: int = 150,
        t: float = 0.5,
        seed: int = 0,
    ):
        func = "InterpolationApp"
        self.gaussians = (mean1, cov1, mean2, cov2)
        n = check_positive_int(func, "n", n)
        t = in_range(func, "t", t, 0.0, 1.0)
        seed = resolve_seed(func, seed)
        self.x = toy.sample("gaussian", n, mean=mean1, cov=cov1, seed=seed)
        self.y = toy.sample("gaussian", n, mean=mean2, cov=cov2, seed=seed + 1000)
        self.result = emd(self.x, self.y, p=2)
        self.closed = gaussian_w2(mean1, cov1, mean2, cov2)
        # The two LPs behind the right panel's markers, solved here for every stop of the
        # slider so that a move only redraws (other t are solved, and kept, when asked for).
        self._measured = {}
        for stop in np.round(np.linspace(0.0, 1.0, 51), 2):
            self.measured(float(stop))
        self.slider = widgets.FloatSlider(
            value=t, min=0.0, max=1.0, step=0.02, description="t", readout_format=".2f"
        )
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 3.8), ncols=2, width_ratios=[1.2, 1])
        left, right = self.live.axes
        left.scatter(*self.x.T, s=6, color=EXACT_COLORS["x"], alpha=0.3, label="t = 0")
        left.scatter(*self.y.T, s=6, color=EXACT_COLORS["y"], alpha=0.3, label="t = 1")
        for end, (mean, cov) in enumerate(((mean1, cov1), (mean2, cov2))):
            plot_gaussian_ellipse(mean, cov, gid=f"end{end}", ax=left, color="0.5", lw=1)
        plot_interpolant(displacement_interpolation(self.result, t), ax=left)
        plot_gaussian_ellipse(*gaussian_geodesic(*self.gaussians, t), ax=left, lw=2)
        left.set_aspect("equal", adjustable="datalim")
        left.legend(fontsize="small", frameon=False, loc="upper left")
        left.set_title("mu_t and the closed-form geodesic (2 sd)", fontsize="medium")
        whole = self.result.distance
        ts = np.linspace(0, 1, 11)
        right.plot(ts, ts * whole, color="tab:green", label="t W2(mu_0, mu_1)")
        right.plot(ts, (1 - ts) * whole, color="tab:purple", label="(1 - t) W2(mu_0, mu_1)")
        (self.to_start,) = right.plot([], [], "o", color="tab:green", ms=9, label="W2(mu_t, mu_0)")
        (self.to_end,) = right.plot([], [], "s", color="tab:purple", ms=9, label="W2(mu_t, mu_1)")
        right.set_xlabel("t")
        right.set_ylabel("W2 (distance units)")
        right.legend(fontsize="small", frameon=False, loc="upper center")
        right.set_title("a geodesic: distances split as t and 1 - t", fontsize="medium")
        self.left = left
        self.live.animate(
            _gid(left, "interpolant"), _gid(left, "ellipse"), self.to_start, self.to_end
        )
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.live.image, self.readout])
        self.update(t)

    def measured(self, t: float) -> tuple[float, float]:
        """W2(mu_t, mu_0) and W2(mu_t, mu_1), each an exact LP (cached: two solves per t)."""
        key = round(float(t), 6)  # a slider's 0.30000000000000004 is the stop 0.3
        if key not in self._measured:
            mid = displacement_interpolation(self.result, t)
            # The plan's masses sum to 1, like the uniform weights of the two samples.
            self._measured[key] = (
                emd(self.x, mid.points, None, mid.weights, p=2).distance,
                emd(mid.points, self.y, mid.weights, None, p=2).distance,
            )
        return self._measured[key]

    def update(self, t: float) -> None:
        """Interpolate to time ``t``, measure W2 to both ends, and redraw."""
        mid = displacement_interpolation(self.result, t)
        mean_t, cov_t = gaussian_geodesic(*self.gaussians, t)
        to_start, to_end = self.measured(mid.t)
        update_interpolant(self.left, mid)
        update_gaussian_ellipse(self.left, mean_t, cov_t)
        self.to_start.set_data([mid.t], [to_start])
        self.to_end.set_data([mid.t], [to_end])
        cov = np.cov(mid.points.T, aweights=mid.weights)
        whole = self.result.distance
        self.readout.value = html.escape(
            f"t = {mid.t:.2f}: W2(mu_t, mu_0) = {to_start:.4f} = {to_start / whole:.3f} W2, "
            f"W2(mu_t, mu_1) = {to_end:.4f} = {to_end / whole:.3f} W2 (W2 = {whole:.4f} between "
            f"the samples, {self.closed:.4f} between the Gaussians); covariance of mu_t "
            f"{np.round(cov, 2).tolist()} against the closed form {np.round(cov_t, 2).tolist()}"
        )
        self.live.redraw()
