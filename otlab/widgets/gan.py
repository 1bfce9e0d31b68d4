"""Apps for GAN training dynamics: the bilinear game, the Dirac-GAN, and a run's snapshots.

No maths here: each ``update`` calls :mod:`otlab.gan` and redraws through the live figure.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from otlab._validation import as_scalar, check_choice, check_positive_int, describe, fail
from otlab.widgets._checks import in_range, int_in_range
from otlab.widgets._live import App, LiveFigure

__all__ = ["BilinearGameApp", "DiracGANApp", "SnapshotScrubber"]

MODE_COLOURS = {"simultaneous": "tab:red", "alternating": "tab:green", "extragradient": "tab:blue"}
VIEW = 3.0  # the path panel shows [-VIEW, VIEW]^2: an outward spiral leaves it, on purpose


class BilinearGameApp(App):
    """The three update rules of ``min_x max_y xy`` side by side, with a learning-rate slider.

    Left: the paths from (1, 0) (zoomed on the start); right: distance to the equilibrium per
    step, on a log scale, against the exact simultaneous growth ``sqrt(1 + lr^2)^t``. Both
    panels come from :mod:`otlab.plot.gan` and are moved by its ``update_*`` functions.
    """

    refusal = "Cannot play this game"

    def __init__(self, *, lr: float = 0.1, steps: int = 100, x0: float = 1.0, y0: float = 0.0):
        from otlab.plot.gan import plot_bilinear, plot_game_radii

        func = "BilinearGameApp"
        lr = in_range(func, "lr", lr, 0.01, 1.5)
        steps = int_in_range(func, "steps", steps, 10, 500)
        self.x0, self.y0 = as_scalar(func, "x0", x0), as_scalar(func, "y0", y0)
        self.lr = widgets.FloatSlider(
            value=lr, min=0.01, max=1.5, step=0.01, description="lr", continuous_update=False
        )
        self.steps = widgets.IntSlider(
            value=steps, min=10, max=500, step=10, description="steps", continuous_update=False
        )
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 4.0), ncols=2)
        paths, radii = self.live.axes
        games = self._games(lr, steps)
        for mode, colour in MODE_COLOURS.items():
            plot_bilinear(games[mode], ax=paths, title=False, color=colour, lw=0.8, ms=2)
        paths.set_aspect("equal", adjustable="box")
        paths.set(xlim=(-VIEW, VIEW), ylim=(-VIEW, VIEW))
        paths.legend(fontsize="small", loc="upper left")
        plot_game_radii(list(games.values()), ax=radii, colours=MODE_COLOURS)
        self.live.animate(*paths.lines, *radii.lines)
        for control in (self.lr, self.steps):
            control.observe(lambda _: self.update(self.lr.value, self.steps.value), "value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.lr, self.steps]), self.live.image, self.readout]
        )
        self.update(lr, steps)

    def _games(self, lr: float, steps: int) -> dict:
        from otlab.gan import bilinear_game

        return {
            mode: bilinear_game(self.x0, self.y0, lr=lr, steps=steps, mode=mode)
            for mode in MODE_COLOURS
        }

    def update(self, lr: float, steps: int) -> None:
        from otlab.plot.gan import update_bilinear, update_game_radii

        games = self._games(lr, steps)
        paths, radii = self.live.axes
        for game in games.values():
            update_bilinear(paths, game)
        if update_game_radii(radii, list(games.values())):
            self.live.invalidate()  # new axis limits: the still background changes too
        self.readout.value = (
            "radius factor per step: "
            + ", ".join(f"{mode} <b>{game.growth:.5f}</b>" for mode, game in games.items())
            + f"; sqrt(1 + lr^2) = <b>{np.sqrt(1 + lr**2):.5f}</b>"
        )
        self.live.redraw()


class DiracGANApp(App):
    """The Dirac-GAN with a loss, a learning rate and a number of critic steps to choose."""

    refusal = "Cannot train this Dirac-GAN"

    def __init__(self, *, loss: str = "wgan-clip", lr: float = 0.1, n_critic: int = 1):
        from otlab.gan import dirac_gan
        from otlab.gan.games import DIRAC_LOSSES
        from otlab.plot.gan import plot_dirac, plot_dirac_theta

        func = "DiracGANApp"
        loss = check_choice(func, "loss", loss, DIRAC_LOSSES)
        lr = in_range(func, "lr", lr, 0.01, 0.5)
        n_critic = int_in_range(func, "n_critic", n_critic, 1, 20)
        self.loss = widgets.Dropdown(options=list(DIRAC_LOSSES), value=loss, description="loss")
        self.lr = widgets.FloatSlider(
            value=lr, min=0.01, max=0.5, step=0.01, description="lr", continuous_update=False
        )
        self.n_critic = widgets.IntSlider(
            value=n_critic, min=1, max=20, description="n_critic", continuous_update=False
        )
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(9.0, 3.8), ncols=2)
        plane, theta = self.live.axes
        start = dirac_gan(1.0, 0.0, loss="wgan-clip", lr=0.1, steps=2)
        plot_dirac(start, ax=plane, label=None)
        plot_dirac_theta(start, ax=theta)
        for control in (self.loss, self.lr, self.n_critic):
            control.observe(self._changed, "value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.loss, self.lr, self.n_critic]), self.live.image, self.readout]
        )
        self.update(loss, lr, n_critic)

    def _changed(self, _) -> None:
        self.update(self.loss.value, self.lr.value, self.n_critic.value)

    def update(self, loss: str, lr: float, n_critic: int, steps: int = 300) -> None:
        from otlab.gan import dirac_gan
        from otlab.plot.gan import update_dirac, update_dirac_theta

        run = dirac_gan(1.0, 0.0, loss=loss, lr=lr, steps=steps, n_critic=n_critic)
        plane, theta = self.live.axes
        update_dirac(plane, run)  # the limits follow the path: every frame renders in full
        update_dirac_theta(theta, run)
        tail = run.distance[-steps // 4 :]
        self.readout.value = (
            f"{loss}, n_critic = {n_critic}: |theta| over the last quarter of training "
            f"between <b>{tail.min():.3f}</b> and <b>{tail.max():.3f}</b> (0 = converged)"
        )
        self.live.redraw()


class SnapshotScrubber(App):
    """Scrub through a :class:`otlab.GANRun`: critic and samples, and the W1 curve.

    Both panels are drawn once by :mod:`otlab.plot.gan`; the slider moves them with its
    ``update_*`` functions and blits (only the image, the samples, the title and the marker
    are redrawn).
    """

    refusal = "Cannot show this snapshot"

    def __init__(self, run):
        from otlab.gan import GANRun
        from otlab.plot.gan import plot_snapshot, plot_w1_curves

        if not isinstance(run, GANRun) or not run.snapshots:
            fail(
                "SnapshotScrubber",
                "`run` a GANRun with snapshots",
                describe(run),
                "pass the result of otlab.train_gan(...)",
                kind=TypeError,
            )
        self.run = run
        last = len(run.snapshots) - 1
        self.index = widgets.IntSlider(value=last, min=0, max=last, description="snapshot")
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(10.0, 4.0), ncols=2)
        field, curve = self.live.axes
        plot_snapshot(run, last, ax=field)
        plot_w1_curves([run], ax=curve, marker=True)
        image = next(a for a in field.images if a.get_gid() == "critic")
        fake = next(c for c in field.collections if c.get_gid() == "fake")
        marker = next(line for line in curve.lines if line.get_gid() == "marker")
        self.live.animate(image, fake, field.title, marker)
        self.index.observe(lambda change: self.update(change["new"]), "value")
        self.widget = widgets.VBox([self.index, self.live.image, self.readout])
        self.update(self.index.value)

    def update(self, index: int) -> None:
        from otlab.plot.gan import update_snapshot, update_step_marker

        index = check_positive_int("SnapshotScrubber.update", "index", index, minimum=0)
        last = len(self.run.snapshots) - 1
        if index > last:
            fail(
                "SnapshotScrubber.update",
                f"`index` from 0 to {last}",
                str(index),
                f"there is no snapshot {index}: pick one the slider offers",
            )
        snap = self.run.snapshots[index]
        field, curve = self.live.axes
        update_snapshot(field, self.run, index)
        update_step_marker(curve, snap.step)
        text = f"step <b>{snap.step}</b>: exact W1 = <b>{snap.w1:.3f}</b>"
        if self.run.modes_covered is not None:
            text += f", modes covered = <b>{self.run.modes_covered[index]}</b>"
        self.readout.value = text
        self.live.redraw()
