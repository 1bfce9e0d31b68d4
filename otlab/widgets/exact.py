"""An app for exact transport: W2 between two Gaussians, from samples and in closed form.

The right panel (estimates against n, the closed form) is drawn once and only its marker
moves; the left panel (the clouds and their plan) changes size with n, so it is redrawn from
:func:`otlab.plot.plot_plan` and the cached still image of ``LiveFigure`` is renewed.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from otlab import toy
from otlab._seeding import resolve_seed
from otlab._validation import check_positive_int
from otlab.exact import emd, gaussian_w2
from otlab.plot.exact import EXACT_COLORS, plot_plan, plot_sample_estimates
from otlab.widgets._checks import as_options, option, seed_range
from otlab.widgets._live import App, LiveFigure

__all__ = ["GaussianSamplesApp"]

_FUNC = "GaussianSamplesApp.update"
SEED_COUNT = 21  # seeds on the slider: 0 to 20, or 21 from a larger starting seed


class GaussianSamplesApp(App):
    """n samples from each of two Gaussians in the plane, their exact W2 plan, the closed form.

    A slider picks n (and one the seed). Left: the samples and the optimal plan (p = 2).
    Right: the W2 estimate against n for every size on the slider, the closed form as a
    dashed line, the current n marked. ``self.readout`` shows
    "closed form W2 = 1.581 | from n = 100 samples: W2 ≈ 1.620 (+2.5%)".

    Parameters
    ----------
    mean1, cov1, mean2, cov2 : array_like
        The Gaussians (the first is the target, "real"; the second the source).
    sizes : sequence of int
        The sample sizes the slider offers.
    repeats : int
        Seeds per size behind the curve of estimates (their mean); start-up solves
        ``len(sizes) * repeats`` exact problems.
    n : int
        Initial size, one of ``sizes``.
    seed : int, numpy.random.Generator or None
        Initial seed (see :mod:`otlab._seeding`).
    """

    def __init__(
        self,
        *,
        mean1=(0.0, 0.0),
        cov1=((1.0, 0.0), (0.0, 1.0)),
        mean2=(1.5, 0.5),
        cov2=((0.5, 0.3), (0.3, 0.8)),
        sizes=(10, 20, 50, 100, 200, 500),
        repeats: int = 3,
        n: int = 50,
        seed: int = 0,
    ):
        func = "GaussianSamplesApp"
        self.gaussians = (mean1, cov1, mean2, cov2)
        self.exact = gaussian_w2(mean1, cov1, mean2, cov2)
        sizes = as_options(func, "sizes", sizes)
        n = option(func, "n", n, sizes)
        seed = resolve_seed(func, seed)
        repeats = check_positive_int(func, "repeats", repeats)
        self.n_slider = widgets.SelectionSlider(options=sizes, value=n, description="n")
        low, high = seed_range(seed, SEED_COUNT)
        self.seed_slider = widgets.IntSlider(value=seed, min=low, max=high, description="seed")
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 3.8), ncols=2)
        self.ax_plan, right = self.live.axes
        # The estimates at every size on the slider, over a few seeds: the curve the marker
        # (the current n and seed) moves along.
        estimates = [[self.estimate(size, k).distance for k in range(repeats)] for size in sizes]
        plot_sample_estimates(sizes, estimates, self.exact, ax=right)
        (self.marker,) = right.plot(
            [n],
            [self.exact],
            "o",
            ms=10,
            mfc="none",
            mec=EXACT_COLORS["exact"],
            mew=2,
            gid="current",
        )
        right.set_title("estimates approach the closed form", fontsize="medium")
        self.live.animate(self.marker)
        self.update(n, seed)
        for slider in (self.n_slider, self.seed_slider):
            slider.observe(self._on_slider, names="value")
        controls = widgets.HBox([self.n_slider, self.seed_slider])
        self.widget = widgets.VBox([controls, self.live.image, self.readout])

    def estimate(self, n: int, seed: int):
        """The exact W2 solution between n samples of each Gaussian (an EMDResult, p = 2)."""
        mean1, cov1, mean2, cov2 = self.gaussians
        x = toy.sample("gaussian", n, mean=mean1, cov=cov1, seed=seed)
        y = toy.sample("gaussian", n, mean=mean2, cov=cov2, seed=seed + 1000)
        return emd(x, y, p=2)

    def _on_slider(self, _change) -> None:
        self.update(self.n_slider.value, self.seed_slider.value)

    def update(self, n: int, seed: int) -> None:
        """Draw n fresh samples of each Gaussian with ``seed``, solve, and redraw."""
        n = check_positive_int(_FUNC, "n", n)
        result = self.estimate(n, resolve_seed(_FUNC, seed))
        self.ax_plan.clear()
        plot_plan(result.x, result.y, result.plan, ax=self.ax_plan)
        self.live.invalidate()  # the plan panel is new: the still image must be redrawn
        self.ax_plan.set_title(f"n = {n} samples each, exact plan (p = 2)", fontsize="medium")
        self.marker.set_data([n], [result.distance])
        gap = (result.distance - self.exact) / self.exact
        self.readout.value = html.escape(
            f"closed form W2 = {self.exact:.3f} | from n = {n} samples: "
            f"W2 ≈ {result.distance:.3f} ({gap:+.1%})"
        )
        self.live.redraw()
