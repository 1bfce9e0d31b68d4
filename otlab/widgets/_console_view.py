"""The training console's view: its controls and panels, how a frame is shown, and drawing.

:class:`otlab.widgets.TrainingConsole` (:mod:`otlab.widgets.console`) adds what the buttons
call; this base class builds the controls, wires them to those methods, draws the panels of
:mod:`otlab.plot.console` once, and then only moves them (``update_*``) and blits
(:mod:`otlab.widgets._live`).

Why ipyevents for drawing: it reports mouse events on the existing image widget, in the
image's own pixels, so the figure stays one PNG rendered by matplotlib and blitted like
every other app's; ipycanvas would replace the image by a canvas and the rendering with it.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from otlab.widgets._live import App, LiveFigure

__all__ = ["ConsoleView"]

SPEED_MAX = 20  # the speed slider's end: training rounds per frame


class ConsoleView(App):
    """Controls, panels and the mouse of :class:`otlab.widgets.TrainingConsole`.

    A subclass supplies the actions the controls call (``play``, ``pause``, ``reset``,
    ``step_critic``, ``step_generator``, ``clear_points``, ``save``, ``export_gif``, ``_keep``,
    ``_control``, ``set_dataset``, ``add_point``).
    """

    # --- layout --------------------------------------------------------------------------------

    def _build(self, run, speed: int) -> None:
        from ipyevents import Event

        from otlab import toy
        from otlab.gan import CONSTRAINTS, LOSSES
        from otlab.plot.console import (
            console_artists,
            plot_console_curves,
            plot_console_field,
            plot_console_manifold,
        )

        self.run = run
        self.drawn: list[tuple[float, float]] = []
        self._task = None
        self._syncing = False
        self.frames_per_second = math.nan
        config = run.config
        short = widgets.Layout(width="150px")
        button = {"layout": widgets.Layout(width="auto")}
        self.play_button = widgets.Button(description="play", icon="play", **button)
        self.pause_button = widgets.Button(description="pause", icon="pause", **button)
        self.reset_button = widgets.Button(description="reset", icon="refresh", **button)
        self.critic_button = widgets.Button(description="critic step", **button)
        self.generator_button = widgets.Button(description="generator step", **button)
        self.speed = widgets.IntSlider(
            value=speed, min=1, max=SPEED_MAX, description="speed", continuous_update=False
        )
        self.loss = widgets.Dropdown(options=list(LOSSES), value=config.loss, description="loss")
        self.constraint = widgets.Dropdown(
            options=list(CONSTRAINTS), value=config.constraint, description="Lipschitz"
        )
        self.lr = widgets.FloatText(value=config.lr, description="lr", layout=short)
        self.critic_lr = widgets.FloatText(
            value=config.critic_lr, description="critic lr", layout=short
        )
        self.n_critic = widgets.IntSlider(
            value=config.n_critic, min=1, max=20, description="n_critic", continuous_update=False
        )
        self.penalty = widgets.FloatText(
            value=config.penalty_weight, description="penalty", layout=short
        )
        self.seed = widgets.IntText(value=run.seed, description="seed", layout=short)
        names = list(toy.DATASETS)
        self.dataset = widgets.Dropdown(
            options=names,
            value=run.data if isinstance(run.data, str) else names[0],
            description="data",
        )
        self.draw = widgets.ToggleButton(description="draw", icon="pencil", value=False)
        self.clear = widgets.Button(description="clear", **button)
        self.filename = widgets.Text(
            value="otlab_run", description="file", layout=widgets.Layout(width="220px")
        )
        self.save_button = widgets.Button(description="save run", icon="save", **button)
        self.gif_button = widgets.Button(description="save GIF", icon="film", **button)
        self.status = widgets.HTML()
        self.readout = widgets.HTML()

        # JPEG: a frame is sent many times a second, and encodes 7x faster than PNG.
        self.live = LiveFigure(figsize=(9.0, 7.4), image_format="jpeg", nrows=2, ncols=2)
        (field, manifold), (distances, losses) = self.live.axes
        frame = run.measure(record=not run.history.generator_steps)
        plot_console_field(frame, ax=field)
        plot_console_manifold(frame, ax=manifold)
        plot_console_curves(run.history, ax=distances, loss=config.loss)
        plot_console_curves(run.history, ax=losses, which="losses", loss=config.loss)
        self.live.animate(*(a for ax in self.live.axes.flat for a in console_artists(ax)))
        self.frame_shown = frame

        self.events = Event(
            source=self.live.image,
            watched_events=["mousedown", "mousemove", "mouseup"],
            prevent_default_action=True,
            throttle_or_debounce="throttle",
            wait=40,
        )
        self.events.on_dom_event(self._mouse)
        self._pressed = False

        self.play_button.on_click(lambda _: self.play())
        self.pause_button.on_click(lambda _: self.pause())
        self.reset_button.on_click(lambda _: self.reset(self.seed.value))
        self.critic_button.on_click(lambda _: self.step_critic())
        self.generator_button.on_click(lambda _: self.step_generator())
        self.clear.on_click(lambda _: self.clear_points())
        self.save_button.on_click(lambda _: self._keep(self.save, ".pt"))
        self.gif_button.on_click(lambda _: self._keep(self.export_gif, ".gif"))
        self.loss.observe(lambda c: self._control(loss=c["new"]), "value")
        self.constraint.observe(lambda c: self._control(constraint=c["new"]), "value")
        self.lr.observe(lambda c: self._control(lr=c["new"]), "value")
        self.critic_lr.observe(lambda c: self._control(critic_lr=c["new"]), "value")
        self.n_critic.observe(lambda c: self._control(n_critic=c["new"]), "value")
        self.penalty.observe(lambda c: self._control(penalty_weight=c["new"]), "value")
        self.seed.observe(lambda c: None if self._syncing else self.reset(c["new"]), "value")
        self.dataset.observe(
            lambda c: None if self._syncing else self.set_dataset(c["new"]), "value"
        )
        self.draw.observe(self._draw_mode, "value")

        rows = [
            [
                self.play_button,
                self.pause_button,
                self.reset_button,
                self.critic_button,
                self.generator_button,
                self.speed,
            ],
            [self.loss, self.constraint, self.lr, self.critic_lr],
            [self.n_critic, self.penalty, self.seed],
            [self.dataset, self.draw, self.clear, self.filename, self.save_button, self.gif_button],
        ]
        self.widget = widgets.VBox(
            [*(widgets.HBox(row) for row in rows), self.live.image, self.status, self.readout]
        )
        self._say("ready: press play, or step one player at a time")
        self._show(frame)

    # --- showing the run ----------------------------------------------------------------------

    def _sync_controls(self) -> None:
        """Show the settings in force (a new loss brings its own learning rates)."""
        config = self.run.config
        self._syncing = True
        try:
            self.loss.value = config.loss
            self.constraint.value = config.constraint
            self.lr.value = config.lr
            self.critic_lr.value = config.critic_lr or config.lr
            self.n_critic.value = config.n_critic
            self.penalty.value = config.penalty_weight
            self.seed.value = self.run.seed
        finally:
            self._syncing = False

    def _draw_mode(self, change) -> None:
        if change["new"]:
            self._say("draw: click or drag on the left panel to add data points (2 or more)")
        else:
            self._say("drawing off")

    def _mouse(self, event: dict) -> None:
        """Mouse on the figure: in draw mode, a press or a drag over the field adds a point."""
        from otlab.plot.console import pixel_to_data

        kind = event.get("type")
        if kind == "mouseup":
            self._pressed = False
            return
        if kind == "mousedown":
            self._pressed = True
        elif kind != "mousemove" or not (self._pressed and event.get("buttons", 0) & 1):
            return
        if not self.draw.value or "dataX" not in event:
            return
        field = self.live.axes[0, 0]
        point = pixel_to_data(field, float(event["dataX"]), float(event["dataY"]))
        if point is None:
            return
        self.add_point(point)

    def show_error(self, error: Exception) -> None:
        """A refused value goes to the status line, like every other failed action."""
        self._say(str(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        text = html.escape(text)
        self.status.value = f"<b>Cannot do that:</b> {text}" if error else text

    def _show(self, frame) -> None:
        from otlab.plot.console import (
            update_console_curves,
            update_console_field,
            update_console_manifold,
        )
        from otlab.plot.gan import loss_colour

        (field, manifold), (distances, losses) = self.live.axes
        drawn = np.array(self.drawn) if self.drawn else None
        changed = update_console_field(field, frame, drawn=drawn)
        changed |= update_console_manifold(manifold, frame)
        changed |= update_console_curves(distances, self.run.history)
        changed |= update_console_curves(losses, self.run.history)
        colour = loss_colour(self.run.config.loss)
        for ax, gid in ((distances, "estimate"), (losses, "critic_loss")):
            line = next(line for line in ax.lines if line.get_gid() == gid)
            if line.get_color() != colour:
                line.set_color(colour)
                changed = True  # the legend shows the colour too
        if changed:
            self.live.invalidate()
        self.readout.value = _readout_html(frame.readouts)
        self.live.redraw()


def _readout_html(numbers: dict) -> str:
    def fmt(value, digits=3):
        return (
            "n/a"
            if value is None or (isinstance(value, float) and math.isnan(value))
            else (f"{value:.{digits}f}" if isinstance(value, float) else str(value))
        )

    parts = [
        f"generator steps <b>{numbers['generator_steps']}</b>",
        f"critic steps <b>{numbers['critic_steps']}</b>",
        f"exact W1 = <b>{fmt(numbers['w1'])}</b>",
        f"critic estimate = <b>{fmt(numbers['critic_estimate'])}</b>",
        f"mean cosine (push vs transport) = <b>{fmt(numbers['mean_cosine'], 2)}</b>",
        f"mean |push| = <b>{numbers['mean_push']:.3g}</b>",
    ]
    if numbers["n_modes"] is not None:
        parts.append(f"modes covered <b>{numbers['modes_covered']}/{numbers['n_modes']}</b>")
    parts.append(
        f"losses: critic <b>{fmt(numbers['critic_loss'])}</b>, "
        f"generator <b>{fmt(numbers['generator_loss'])}</b>"
    )
    return " · ".join(parts)
