"""An app that trains a WGAN critic on toy data and puts it next to the exact potential.

Dropdowns pick the real distribution and the Lipschitz constraint; the fake one is a fixed
Gaussian blob N(0, 0.5^2 I). Changing either trains a critic (cached, so going back is
instant) and solves the exact problem; the slider then scrubs through the training snapshots
without recomputing anything: only the critic's image and the step marker move.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from otlab import toy
from otlab._seeding import resolve_seed
from otlab._validation import check_choice, check_positive_int, fail
from otlab.exact import emd
from otlab.plot.critics import CRITIC_COLORS, plot_critic, plot_critic_training
from otlab.widgets._live import App, LiveFigure

__all__ = ["CriticApp"]

_FUNC = "CriticApp.update"
CONSTRAINT_NAMES = ("gp", "lp", "sn", "clip")  # the order of the dropdown
FAKE_COV = ((0.25, 0.0), (0.0, 0.25))  # the fixed fake distribution: N(0, 0.5^2 I)


class CriticApp(App):
    """A learned critic against the exact Kantorovich potential, on a toy dataset.

    Left: the critic at the chosen training snapshot, centred and divided by its Lipschitz
    constant. Middle: the exact potential, centred, on the same colour scale. Right: the
    estimate of W1 during training, a marker at the snapshot. ``self.readout`` shows the
    numbers of :func:`otlab.compare_critic` for the trained critic and the snapshot's estimate.

    Parameters
    ----------
    dataset : str
        Initial real distribution, a name of :data:`otlab.toy.DATASETS`.
    constraint : {"gp", "lp", "sn", "clip"}
        Initial constraint.
    n : int
        Points per sample (each side).
    steps : int, optional
        Training steps for each fit; default None, the ``fast`` preset's rule: train until the
        estimates settle. A notebook run in tests passes a small number.
    seed : int, numpy.random.Generator or None
        Seed of the samples and of the critic (see :mod:`otlab._seeding`).
    """

    refusal = "Cannot train this critic"

    def __init__(
        self,
        *,
        dataset: str = "8gaussians",
        constraint: str = "gp",
        n: int = 256,
        steps: int | None = None,
        seed: int = 0,
    ):
        self.n = check_positive_int("CriticApp", "n", n)
        self.steps = None if steps is None else check_positive_int("CriticApp", "steps", steps)
        self.seed = resolve_seed("CriticApp", seed)
        datasets = tuple(sorted(toy.DATASETS))
        dataset = check_choice("CriticApp", "dataset", dataset, datasets)
        constraint = check_choice("CriticApp", "constraint", constraint, CONSTRAINT_NAMES)
        self._cache: dict = {}
        self.dataset = widgets.Dropdown(options=datasets, description="real")
        self.constraint = widgets.Dropdown(options=CONSTRAINT_NAMES, description="constraint")
        self.snapshot = widgets.IntSlider(value=0, min=0, max=0, description="snapshot")
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(12.0, 3.8), ncols=3, width_ratios=(1, 1, 1.2))
        self.fit = self.exact = self.image = None
        for control in (self.dataset, self.constraint):
            control.observe(self._on_choice, names="value")
        self.snapshot.observe(self._on_snapshot, names="value")
        self.update(dataset=dataset, constraint=constraint)
        controls = widgets.HBox([self.dataset, self.constraint, self.snapshot])
        self.widget = widgets.VBox([controls, self.live.image, self.readout])

    def solve(self, dataset: str, constraint: str):
        """(fit, exact, comparison, (X, Y, critic, potential)) for a choice, trained once."""
        from otlab.critics import compare_critic, critic_and_potential_on_grid, fit_critic

        key = (dataset, constraint)
        if key not in self._cache:
            real = toy.sample(dataset, self.n, seed=self.seed)
            fake = toy.sample("gaussian", self.n, seed=self.seed + 1, cov=FAKE_COV)
            fit = fit_critic(
                real,
                fake,
                constraint=constraint,
                steps=self.steps,
                seed=self.seed,
                progress=False,
            )
            exact = emd(real, fake)
            grid = critic_and_potential_on_grid(fit, exact)
            self._cache[key] = (fit, exact, compare_critic(fit, exact), grid)
        return self._cache[key]

    def update(self, *, dataset=None, constraint=None, snapshot=None) -> None:
        """Train (or fetch) the critic for the choice and show snapshot ``snapshot``.

        Each argument left as None keeps the current control value; ``snapshot`` None after a
        new choice shows the last snapshot (the trained critic).
        """
        dataset = self.dataset.value if dataset is None else dataset
        constraint = self.constraint.value if constraint is None else constraint
        check_choice(_FUNC, "dataset", dataset, tuple(sorted(toy.DATASETS)))
        check_choice(_FUNC, "constraint", constraint, CONSTRAINT_NAMES)
        if snapshot is not None:
            snapshot = check_positive_int(_FUNC, "snapshot", snapshot, minimum=0)
        fit, exact, comparison, grid = self.solve(dataset, constraint)
        if fit is not self.fit:
            self._draw(fit, exact, comparison, grid, dataset, constraint)
        last = len(fit.snapshots) - 1
        index = last if snapshot is None else snapshot
        if index > last:
            fail(
                _FUNC,
                f"`snapshot` between 0 and {last}",
                str(index),
                "pick a snapshot the slider offers",
            )
        self._show(index)

    def _draw(self, fit, exact, comparison, grid, dataset, constraint) -> None:
        """A new fit: new images, points and curves; the controls follow."""
        self.fit, self.exact, self.comparison = fit, exact, comparison
        X, Y, _, potential = grid
        snaps = fit.snapshots
        bound = float(np.abs(potential).max()) or 1.0
        left, middle, right = self.live.axes
        scale = {"vmin": -bound, "vmax": bound, "colorbar": False}
        if self.image is None:  # first fit: draw the panels
            plot_critic(X, Y, snaps.normalized_values[-1], levels=0, ax=left, **scale)
            plot_critic(X, Y, potential, real=fit.real, fake=fit.fake, ax=middle, **scale)
            middle.set_title("exact Kantorovich potential (centred)", fontsize="medium")
            self.image, self.potential_image = left.get_images()[0], middle.get_images()[0]
            self.colorbar = self.live.figure.colorbar(
                self.potential_image, ax=middle, shrink=0.85, label="f (distance units)"
            )
            self.title = left.set_title("", fontsize="medium")
        else:  # later fits: move the existing artists
            extent = (X.min(), X.max(), Y.min(), Y.max())
            for image in (self.image, self.potential_image):
                image.set_extent(extent)
                image.set_clim(-bound, bound)
            self.potential_image.set_data(potential)
            for ax in (left, middle):
                ax.set_xlim(extent[:2])
                ax.set_ylim(extent[2:])
            dots = {c.get_gid(): c for c in middle.collections}
            dots["real"].set_offsets(fit.real)
            dots["fake"].set_offsets(fit.fake)
            for lines in [c for c in middle.collections if c.get_gid() == "levels"]:
                lines.remove()
            levels = np.linspace(-bound, bound, 12)[1:-1]
            middle.contour(
                X, Y, potential, levels=levels, colors="0.2", linewidths=0.6, alpha=0.6
            ).set_gid("levels")
            self.colorbar.update_normal(self.potential_image)
        right.clear()
        plot_critic_training(fit, exact=exact.distance, ax=right)
        right.set_title(f"{constraint} critic on {dataset}", fontsize="medium")
        self.marker = right.axvline(0, color=CRITIC_COLORS["critic"], lw=1.5, gid="current")
        self.live.animate(self.image, self.marker, self.title)
        self._set_quietly(self.snapshot, len(snaps) - 1, maximum=len(snaps) - 1)
        self._set_quietly(self.dataset, dataset)
        self._set_quietly(self.constraint, constraint)

    def _set_quietly(self, control, value, *, maximum=None) -> None:
        """Set a control without firing its callback (the app already shows that value)."""
        handler = self._on_snapshot if control is self.snapshot else self._on_choice
        control.unobserve(handler, names="value")
        if maximum is not None:
            control.max = maximum
        control.value = value
        control.observe(handler, names="value")

    def _show(self, index: int) -> None:
        fit, comparison = self.fit, self.comparison
        snaps = fit.snapshots
        self.image.set_data(snaps.normalized_values[index])
        self.marker.set_xdata([snaps.steps[index], snaps.steps[index]])
        self.title.set_text(f"critic / L at step {snaps.steps[index]}")
        self._set_quietly(self.snapshot, index)
        c, step = comparison, snaps.steps[index]
        now = (
            f"exact W1 = {c.exact:.3f} | step {step}: estimate {snaps.estimate[index]:.3f}, "
            f"normalised {snaps.normalized_estimate[index]:.3f}, "
            f"certified {snaps.certified_estimate[index]:.3f}"
        )
        trained = (
            f"trained critic: estimate {c.estimate:.3f} ({100 * c.relative_error:.1f}% off), "
            f"normalised {c.normalized_estimate:.3f} ({100 * c.normalized_relative_error:.1f}% "
            f"off), certified {c.certified_estimate:.3f} "
            f"({100 * c.certified_relative_error:.1f}% off), gradient cosine "
            f"{c.mean_cosine:.3f}, |grad f| within 10% of 1 at "
            f"{100 * c.unit_gradient_fraction:.0f}% of interpolates, correlation with the "
            f"potential {c.potential_correlation:.3f}; {fit.steps} steps"
            f"{', settled' if fit.settled else ''}"
        )
        self.readout.value = f"{html.escape(now)}<br>{html.escape(trained)}"
        self.live.redraw()

    def _on_choice(self, _change) -> None:
        self.update(dataset=self.dataset.value, constraint=self.constraint.value)

    def _on_snapshot(self, change) -> None:
        self.update(snapshot=change["new"])
