"""The live training console: step, play, steer and draw a GAN or WGAN, with the exact answer.

Controls and panels only. The run is an :class:`otlab.gan.LiveTraining` (the maths: updates,
exact W1, transport directions, cosines); the panels come from :mod:`otlab.plot.console` and
are moved by its ``update_*`` functions and blitted (:mod:`otlab.widgets._live`).

Why an asyncio task for "play": the kernel of JupyterLab and of Voila runs an asyncio event
loop, and a task on it runs frame after frame while the kernel still handles every widget
message between two frames, so "pause", "critic step" or a new learning rate act at once,
on one thread, with no locks. (A front-end timer such as ``ipywidgets.Play`` would queue
frames when the kernel is slower than the timer, and a pause would wait for the queue.)

Why ipyevents for drawing: it reports mouse events on the existing image widget, in the
image's own pixels, so the figure stays one PNG rendered by matplotlib and blitted like
every other app's; ipycanvas would replace the image by a canvas and the rendering with it.
"""

from __future__ import annotations

import asyncio
import html
import math
import time

import ipywidgets as widgets
import numpy as np

from otlab.widgets._live import App, LiveFigure

__all__ = ["TrainingConsole"]

# Errors a control can cause, shown in the status line instead of a traceback.
EXPECTED = (ValueError, TypeError, FloatingPointError, LookupError)
FRAME_GAP_S = 0.005  # pause between two frames of "play": the kernel answers the controls


class TrainingConsole(App):
    """Train a GAN or WGAN live on 2-D data, next to the exact optimal transport answer.

    Parameters
    ----------
    data : str or (n, 2) array_like
        A toy dataset name (:data:`otlab.toy.DATASETS`) or points.
    loss : str
        A row of :data:`otlab.gan.LOSSES`.
    seed : int, keyword-only
    speed : int, keyword-only
        Training rounds (``n_critic`` critic updates and one generator update) per frame.
    **config
        Fields of :class:`otlab.gan.GANConfig` (``lr``, ``n_critic``, ``width``, ...).

    What the buttons call, for scripts and tests: :meth:`step_critic`,
    :meth:`step_generator`, :meth:`frame`, :meth:`play`, :meth:`pause`, :meth:`reset`,
    :meth:`set_points`, :meth:`set_dataset`, :meth:`configure`, :meth:`save`,
    :meth:`load`, :meth:`export_gif`; :attr:`readouts` holds every number shown.
    """

    def __init__(
        self, data="8gaussians", loss: str = "wgan-gp", *, seed: int = 0, speed=1, **config
    ):
        from otlab.gan.live import LiveTraining

        self._build(LiveTraining(data, loss=loss, seed=seed, **config), speed)

    @classmethod
    def load(cls, path) -> TrainingConsole:
        """A console showing the run saved at ``path`` by :meth:`save`, ready to go on."""
        from otlab.gan.live import LiveTraining

        console = cls.__new__(cls)
        console._build(LiveTraining.load(path), 1)
        return console

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
            value=speed, min=1, max=20, description="speed", continuous_update=False
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

    # --- what the buttons call -----------------------------------------------------------------

    def step_critic(self, n: int = 1) -> None:
        """Exactly ``n`` critic updates (the generator's weights do not change), then redraw."""
        self._act(lambda: self.run.step_critic(n), f"{n} critic step(s)")

    def step_generator(self, n: int = 1) -> None:
        """Exactly ``n`` generator updates (the critic's weights do not change), then redraw."""
        self._act(lambda: self.run.step_generator(n), f"{n} generator step(s)")

    def frame(self) -> bool:
        """One frame of play: ``speed`` rounds of training, then measure and redraw. False
        when it failed (the reason is in the status line)."""
        return self._act(lambda: self.run.train(self.speed.value), None)

    def run_frames(self, count: int) -> None:
        """``count`` frames in a row, without the event loop (for scripts and benchmarks)."""
        for _ in range(count):
            if not self.frame():
                break

    def play(self) -> None:
        """Train frame after frame, in the background of the kernel, until :meth:`pause`."""
        if self.playing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._say(
                "play needs the event loop of a Jupyter kernel; from a script call "
                "console.run_frames(n)",
                error=True,
            )
            return
        self._task = loop.create_task(self._play_loop())
        self._say("playing")

    def pause(self) -> None:
        """Stop playing after the current frame."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self._say(f"paused at generator step {self.run.trainer.generator_steps}")

    @property
    def playing(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _play_loop(self) -> None:
        played = 0
        try:
            while True:
                start = time.perf_counter()
                try:
                    ok = self.frame()
                except Exception as error:  # never a traceback from a background task
                    self._say(f"stopped: {error}", error=True)
                    ok = False
                if not ok:
                    self._task = None
                    return
                self.frames_per_second = 1.0 / max(time.perf_counter() - start, 1e-9)
                played += 1
                if played % 10 == 0:
                    self._say(f"playing: {self.frames_per_second:.1f} frames per second")
                await asyncio.sleep(FRAME_GAP_S)
        except asyncio.CancelledError:
            pass

    def reset(self, seed: int | None = None) -> None:
        """Fresh networks (this seed, or ``seed``), same settings and data."""
        self.pause()
        self._act(lambda: self.run.reset(seed), "reset", measure_first=True)
        self._sync_controls()

    def configure(self, **changes) -> None:
        """Change settings mid-run (``loss``, ``constraint``, ``lr``, ``critic_lr``,
        ``n_critic``, ``penalty_weight``, ...); the run goes on from its current weights."""
        try:
            config = self.run.configure(**changes)
        except EXPECTED as error:
            self._say(str(error), error=True)
            self._sync_controls()  # back to what is in force
            return
        self._sync_controls()
        self._say(
            f"now {config.name}: lr {config.lr:g}, critic lr {config.critic_lr or config.lr:g}, "
            f"n_critic {config.n_critic}, penalty {config.penalty_weight:g}; weights kept"
        )
        self._refresh()

    def set_points(self, points) -> None:
        """Train on these points from now on (what drawing does); at least 2 are needed."""
        count = len(points) if hasattr(points, "__len__") else "the"
        self._act(lambda: self.run.set_points(points), f"training on {count} drawn points")

    def set_dataset(self, name: str) -> None:
        """Train on a toy dataset from now on (the drawn points are cleared)."""
        self.drawn = []
        self._act(lambda: self.run.set_dataset(name), f"training on {name}", invalidate=True)

    def clear_points(self) -> None:
        """Forget the drawn points and go back to the dataset of the dropdown."""
        self.drawn = []
        self.set_dataset(self.dataset.value)

    @property
    def readouts(self) -> dict:
        """Every number the console shows (step counts, exact W1, critic estimate, mean
        cosine, mean length of the push, modes covered, losses), as in the readout line."""
        return dict(self.frame_shown.readouts)

    def save(self, path) -> None:
        """Save the run (weights, optimisers, random streams, data, curves) to ``path``."""
        self.run.save(path)
        self._say(f"saved to {path}")

    def export_gif(self, path, *, fps: int = 8) -> int:
        """The run so far as an animated GIF (matplotlib's Pillow writer); returns its frames."""
        from otlab.plot.console import save_console_gif

        count = save_console_gif(self.run.frames, path, fps=fps)
        self._say(f"{count} frames written to {path}")
        return count

    def _keep(self, write, suffix: str) -> None:
        """The save buttons: ``write`` to the file named in the text box, with ``suffix``."""
        from pathlib import Path

        path = Path(self.filename.value.strip() or "otlab_run").with_suffix(suffix)
        try:
            write(path)
        except (OSError, ValueError, RuntimeError) as error:  # torch.save: RuntimeError
            self._say(f"could not write {path}: {error}", error=True)

    # --- callbacks -------------------------------------------------------------------------------

    def _act(self, action, message, *, invalidate=False, measure_first=False) -> bool:
        """Run ``action`` on the run; then measure and redraw, or say why it could not."""
        try:
            action()
        except EXPECTED as error:
            self.pause()
            self._say(str(error), error=True)
            return False
        if message:
            self._say(message)
        if invalidate or measure_first:
            self.live.invalidate()
        self._refresh()
        return True

    def _refresh(self) -> None:
        self.frame_shown = self.run.measure()
        self._show(self.frame_shown)

    def _control(self, **change) -> None:
        if not self._syncing:
            self.configure(**change)

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

    def add_point(self, point) -> None:
        """Add one drawn point; from two on, they are the data."""
        self.drawn.append((float(point[0]), float(point[1])))
        if len(self.drawn) < 2:
            self._say("1 point drawn: draw at least 2 to train on them", error=True)
            self._show(self.frame_shown)
            return
        self.set_points(np.array(self.drawn))

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
