"""Apps for divergences: the theta-shift explorer and two sliding Gaussians.

Both apps draw once with :mod:`otlab.plot.divergences` and then only move artists: every curve
that does not depend on the sliders is computed in ``__init__``, and the artists that follow
the sliders are handed to ``LiveFigure.animate``, so a frame redraws just those over a cached
background (see benchmarks/bench_widgets.py for what that buys).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from otlab import toy
from otlab._seeding import resolve_seed
from otlab._validation import as_scalar, check_positive_int
from otlab.divergences import (
    gaussian_integrands,
    gaussian_js,
    gaussian_kl,
    theta_divergences,
    theta_estimates,
    theta_slopes,
)
from otlab.exact import gaussian_w2
from otlab.plot.divergences import (
    MEASURES,
    plot_gaussian_divergences,
    plot_integrands,
    plot_theta_divergences,
    plot_theta_segments,
)
from otlab.widgets._checks import in_range
from otlab.widgets._live import App, LiveFigure

__all__ = ["GaussianShiftApp", "ThetaShiftApp"]

KL_LEVEL = 1.2  # height at which the theta app draws KL = +inf


def _artists(live: LiveFigure) -> dict:
    """The artists the plot functions tagged with a gid, by gid."""
    return {
        artist.get_gid(): artist
        for ax in np.ravel(live.axes)
        for artist in [*ax.lines, *ax.collections]
        if artist.get_gid()
    }


def _fmt(value: float) -> str:
    return f"{value:.3f}"  # inf prints as "inf"


class ThetaShiftApp(App):
    """P = U({0} x [0, 1]) against Q_theta = U({theta} x [0, 1]), with a slider for theta.

    Left: the two segments and the samples behind the estimates. Right: KL, JS, TV and W1
    against theta (exact curves, sample estimates as hollow dots), with the current theta
    marked. ``self.readout`` shows the numbers ("JS = 0.693", "W1 = 0.500", ...).

    Parameters
    ----------
    theta : float
        Initial shift, in [-1, 1].
    n : int
        Samples per distribution for the estimates: an exact n x n EMD at every move, about
        1 ms at n = 100 and ten times that at n = 200.
    bin_width : float
        Cell side of the histograms behind the KL / JS / TV estimates.
    seed : int, numpy.random.Generator or None
        Seed of the samples; the same for every theta (see :mod:`otlab._seeding`).
    """

    def __init__(self, *, theta: float = 0.5, n: int = 100, bin_width: float = 0.1, seed=0):
        func = "ThetaShiftApp"
        theta = in_range(func, "theta", theta, -1.0, 1.0)
        self.n = check_positive_int(func, "n", n)
        self.bin_width = as_scalar(func, "bin_width", bin_width, positive=True)
        self.seed = resolve_seed(func, seed)
        self.slider = widgets.FloatSlider(
            value=theta, min=-1.0, max=1.0, step=0.01, description="theta", readout_format=".2f"
        )
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(8.0, 3.4), ncols=2, width_ratios=[1, 2])
        left, right = self.live.axes
        real, fake = toy.theta_pair(theta, self.n, seed=self.seed)
        plot_theta_segments(theta, real=real, fake=fake, ax=left)
        # The exact curves and the estimates at a few shifts do not move: computed once here.
        estimates = [self._estimate(t) for t in np.linspace(-1.0, 1.0, 21)]
        plot_theta_divergences(
            np.linspace(-1.0, 1.0, 201),
            estimates=estimates,
            theta=theta,
            estimate=self._estimate(theta),
            kl_level=KL_LEVEL,
            ax=right,
        )
        left.set_title("P and Q_theta", fontsize="medium")
        right.set_title("divergences and W1 against theta", fontsize="medium")
        self.artists = _artists(self.live)
        self.live.animate(*(a for gid, a in self.artists.items() if gid not in ("P", "real")))
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.live.image, self.readout])
        self.update(theta)

    def _estimate(self, theta: float):
        return theta_estimates(theta, self.n, bin_width=self.bin_width, seed=self.seed)

    def update(self, theta: float) -> None:
        """Recompute everything at ``theta`` and redraw (the slider's callback)."""
        exact = theta_divergences(theta)
        estimate = self._estimate(theta)
        slopes = theta_slopes(theta)
        theta = exact.theta
        _, fake = toy.theta_pair(theta, self.n, seed=self.seed)  # the samples of the estimate
        self.artists["Q"].set_xdata([theta, theta])
        self.artists["fake"].set_data(fake[:, 0], fake[:, 1])
        self.artists["theta"].set_xdata([theta, theta])
        for name, key in MEASURES:
            for prefix, result in (("marker", exact), ("estimate", estimate)):
                value = min(getattr(result, key), KL_LEVEL)  # +inf is drawn at KL_LEVEL
                self.artists[f"{prefix}-{name}"].set_data([theta], [value])
        self.readout.value = self.readout_html(exact, estimate, slopes)
        self.live.redraw()

    @staticmethod
    def readout_html(exact, estimate, slopes) -> str:
        def line(result, sign):
            return ", ".join(
                f"{label} {sign} {_fmt(getattr(result, key))}"
                for label, key in (
                    ("KL(P||Q)", "kl_pq"),
                    ("KL(Q||P)", "kl_qp"),
                    ("JS", "js"),
                    ("TV", "tv"),
                    ("W1", "w1"),
                )
            )

        slope = ", ".join(
            f"d{label}/dtheta = {_fmt(getattr(slopes, key))}"
            for label, key in (("JS", "js"), ("TV", "tv"), ("W1", "w1"))
        )
        lines = (
            f"theta = {exact.theta:.2f}",
            f"exact: {line(exact, '=')}",
            f"from {estimate.n} samples each: {line(estimate, '≈')}",
            f"slopes: {slope}",
        )
        return "<br>".join(html.escape(text) for text in lines)


class GaussianShiftApp(App):
    """P = N(0, width^2) against Q = N(gap, width^2), with sliders for the gap and the width.

    Left: the two densities and the JS integrand. Right: KL, JS and W1 against the gap at the
    current width, with the current gap marked. Narrow Gaussians behave like the theta family:
    KL explodes, JS saturates at log 2 and flattens, W1 = |gap| whatever the width.
    ``self.readout`` shows "KL(P||Q) = ...", "JS = ...", "W1 = ...".
    """

    GAP_MAX = 3.0
    WIDTH_MIN = 0.1
    WIDTH_HIGH = 2.0
    Y_MAX = 3.6  # the right panel's top (room for the legend); KL leaves it when narrow

    def __init__(self, *, gap: float = 1.0, width: float = 1.0):
        gap = in_range("GaussianShiftApp", "gap", gap, -self.GAP_MAX, self.GAP_MAX)
        width = in_range("GaussianShiftApp", "width", width, self.WIDTH_MIN, self.WIDTH_HIGH)
        self.gap_slider = widgets.FloatSlider(
            value=gap, min=-self.GAP_MAX, max=self.GAP_MAX, step=0.05, description="mean gap"
        )
        self.width_slider = widgets.FloatSlider(
            value=width, min=self.WIDTH_MIN, max=self.WIDTH_HIGH, step=0.05, description="width"
        )
        self.readout = widgets.HTML()
        self.x = np.linspace(-7.0, 10.0, 1201)  # (k,) grid of the left panel
        self.gaps = np.linspace(-self.GAP_MAX, self.GAP_MAX, 121)  # (m,) right panel
        # KL and JS of N(0, w^2) and N(g, w^2) depend on g / w only (rescale x by w), so they
        # are tabulated once at width 1 over every ratio the sliders can reach; a width change
        # then costs a lookup instead of 121 quadratures.
        # Spacing 0.1 keeps the interpolation error below 2e-3; past g / w = 12, JS is log 2 to
        # 1e-8 and KL (> 70) is off the chart, so a coarse tail suffices.
        far = self.GAP_MAX / self.WIDTH_MIN
        self._ratios = np.concatenate([np.linspace(0.0, 12.0, 121), np.linspace(13.0, far, 18)])
        self._kl_unit = np.array([gaussian_kl(0.0, 1.0, r, 1.0) for r in self._ratios])
        self._js_unit = np.array([gaussian_js(0.0, 1.0, r, 1.0) for r in self._ratios])
        self._width = None  # width of the curves on display
        self.live = LiveFigure(figsize=(8.0, 3.4), ncols=2)
        left, right = self.live.axes
        var = width**2
        plot_integrands(gaussian_integrands(self.x, 0.0, var, gap, var), which=("js",), ax=left)
        left.set_xlim(-5.0, 8.0)
        # The vertical scale follows the width (peaks from 0.2 to 4); without tick labels a
        # change of scale leaves the still background untouched.
        left.set_yticks([])
        left.set_ylabel("p, q and JS integrand (height fit to peak)")
        plot_gaussian_divergences(self.gaps, width, gap=gap, kl_max=self.Y_MAX, ax=right)
        left.set_title("P = N(0, w^2) and Q = N(gap, w^2)", fontsize="medium")
        right.set_title("KL, JS and W1 against the gap", fontsize="medium")
        self.left = left
        self.artists = _artists(self.live)
        # Everything that follows the sliders; the zero line moves with the vertical scale.
        self.live.animate(*(a for gid, a in self.artists.items() if gid != "curve-w1"))
        self._width = width
        for slider in (self.gap_slider, self.width_slider):
            slider.observe(self._on_slider, names="value")
        controls = widgets.HBox([self.gap_slider, self.width_slider])
        self.widget = widgets.VBox([controls, self.live.image, self.readout])
        self.update(gap, width)

    def _on_slider(self, _change) -> None:
        self.update(self.gap_slider.value, self.width_slider.value)

    def update(self, gap: float, width: float) -> None:
        """Recompute at (gap, width) and redraw (the sliders' callback)."""
        gap = as_scalar("GaussianShiftApp.update", "gap", gap)
        width = as_scalar("GaussianShiftApp.update", "width", width, positive=True)
        var = width**2
        kl_pq = gaussian_kl(0.0, var, gap, var)
        kl_qp = gaussian_kl(gap, var, 0.0, var)
        js = gaussian_js(0.0, var, gap, var)
        w1 = gaussian_w2(0.0, var, gap, var)  # equal widths: W1 = W2 = |gap|
        curves = gaussian_integrands(self.x, 0.0, var, gap, var)
        self.artists["p"].set_data(self.x, curves.p, 0.0)
        self.artists["q"].set_data(self.x, curves.q, 0.0)
        self.artists["js"].set_ydata(curves.js)
        self.left.set_ylim(-0.02, 1.15 * float(curves.p.max()))
        if width != self._width:
            ratio = np.abs(self.gaps) / width
            self.artists["curve-kl"].set_ydata(np.interp(ratio, self._ratios, self._kl_unit))
            self.artists["curve-js"].set_ydata(np.interp(ratio, self._ratios, self._js_unit))
            self._width = width
        self.artists["gap"].set_xdata([gap, gap])
        for name, value in (("kl", kl_pq), ("js", js), ("w1", w1)):
            self.artists[f"marker-{name}"].set_data([gap], [value])
        self.readout.value = html.escape(
            f"gap = {gap:.2f}, width = {width:.2f}: KL(P||Q) = {_fmt(kl_pq)}, "
            f"KL(Q||P) = {_fmt(kl_qp)}, JS = {_fmt(js)}, W1 = {_fmt(w1)}"
        )
        self.live.redraw()
