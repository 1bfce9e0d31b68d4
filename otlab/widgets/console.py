"""The live training console: step, play, steer and draw a GAN or WGAN, with the exact answer.

Controls and panels only. The run is an :class:`otlab.gan.LiveTraining` (the maths: updates,
exact W1, transport directions, cosines); the panels come from :mod:`otlab.plot.console` and
are moved by its ``update_*`` functions and blitted (:mod:`otlab.widgets._live`). The controls,
the panels and drawing with the mouse are in :mod:`otlab.widgets._console_view`; this module
holds what the buttons call.

Why an asyncio task for "play": the kernel of JupyterLab and of Voila runs an asyncio event
loop, and a task on it runs frame after frame while the kernel still handles every widget
message between two frames, so "pause", "critic step" or a new learning rate act at once,
on one thread, with no locks. (A front-end timer such as ``ipywidgets.Play`` would queue
frames when the kernel is slower than the timer, and a pause would wait for the queue.)
"""

from __future__ import annotations

import asyncio
import time

import numpy as np

from otlab.widgets._checks import int_in_range
from otlab.widgets._console_view import SPEED_MAX, ConsoleView

__all__ = ["TrainingConsole"]

# Errors a control can cause, shown in the status line instead of a traceback.
EXPECTED = (ValueError, TypeError, FloatingPointError, LookupError)
FRAME_GAP_S = 0.005  # pause between two frames of "play": the kernel answers the controls


class TrainingConsole(ConsoleView):
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

    # What the buttons call: a refused value is shown in the status line (see _checks).
    callbacks = (
        "step_critic",
        "step_generator",
        "set_points",
        "set_dataset",
        "reset",
        "configure",
    )

    def __init__(
        self, data="8gaussians", loss: str = "wgan-gp", *, seed: int = 0, speed=1, **config
    ):
        from otlab.gan.live import LiveTraining

        speed = int_in_range("TrainingConsole", "speed", speed, 1, SPEED_MAX)
        self._build(LiveTraining(data, loss=loss, seed=seed, **config), speed)

    @classmethod
    def load(cls, path) -> TrainingConsole:
        """A console showing the run saved at ``path`` by :meth:`save`, ready to go on."""
        from otlab.gan.live import LiveTraining

        console = cls.__new__(cls)
        console._build(LiveTraining.load(path), 1)
        return console

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

    def add_point(self, point) -> None:
        """Add one drawn point; from two on, they are the data."""
        self.drawn.append((float(point[0]), float(point[1])))
        if len(self.drawn) < 2:
            self._say("1 point drawn: draw at least 2 to train on them", error=True)
            self._show(self.frame_shown)
            return
        self.set_points(np.array(self.drawn))
