"""The training console in a real browser: play, pause, and draw with the mouse.

In JupyterLab, on a one-cell notebook holding a console (the course notebook 07 trains
several runs before its consoles appear); in lecture mode, on notebook 07 itself. The step
counter is read from the console's readout line, the figure from its image widget.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import nbformat
from browser_kit import CELLS_S, NOTEBOOKS, free_port, notebook_name, open_and_run_all, stop_group

CONSOLE_CELL = (
    "from IPython.display import display\n"
    "from otlab.widgets import TrainingConsole\n"
    "console = TrainingConsole('8gaussians', loss='wgan-gp', seed=0)\n"
    "display(console)"
)


class ConsoleView:
    """The first training console of a page: its buttons, readout, status line and figure."""

    def __init__(self, page, *, timeout_s: float = CELLS_S):
        self.page = page
        play = page.get_by_role("button", name="play").first
        play.wait_for(timeout=timeout_s * 1000)
        self.root = page.locator(".jp-OutputArea-output", has=play).first
        if self.root.count() == 0:  # Voila without JupyterLab's output classes
            self.root = page.locator("body")
        self.image = self.root.locator("img.widget-image").first
        self.readout = self.root.locator(".widget-html-content", has_text="generator steps").first

    def button(self, name: str):
        return self.root.get_by_role("button", name=name).first

    def steps(self) -> int:
        return int(re.search(r"generator steps (\d+)", self.readout.inner_text()).group(1))

    def shot(self) -> bytes:
        return self.image.screenshot()

    def wait_for(self, condition, timeout: float = 30.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.2)

    def play_pause(self) -> None:
        """Play for 3 seconds: steps rise and the figure changes; pause: steps stop rising."""
        before_steps, before_image = self.steps(), self.shot()
        self.button("play").click()
        time.sleep(3.0)
        self.wait_for(lambda: self.steps() > before_steps, what="the step counter to rise")
        assert self.shot() != before_image, "the figure did not change while playing"
        self.button("pause").click()
        status = self.root.locator(".widget-html-content", has_text="paused at generator step")
        status.first.wait_for(timeout=30_000)
        time.sleep(0.5)  # a frame in flight when pause was pressed has landed by now
        stopped = self.steps()
        time.sleep(2.0)
        assert self.steps() == stopped, "training went on after pause"

    def draw_three_points(self) -> None:
        """Switch draw on and click three points on the field panel (top left of the figure)."""
        self.button("draw").click()
        self.root.locator(".widget-html-content", has_text="draw: click").first.wait_for()
        for k, (fx, fy) in enumerate([(0.22, 0.22), (0.30, 0.30), (0.18, 0.34)]):
            # Where the image is now: JupyterLab may scroll the notebook as outputs change.
            box = self.image.bounding_box()
            self.image.click(position={"x": fx * box["width"], "y": fy * box["height"]})
            text = "1 point drawn" if k == 0 else f"training on {k + 1} drawn points"
            self.root.locator(".widget-html-content", has_text=text).first.wait_for()
        # Drawn data has no modes: the readout drops the mode count.
        self.wait_for(lambda: "modes covered" not in self.readout.inner_text(), what="the data")


def test_console_plays_pauses_and_draws_in_jupyterlab(lab, page, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "otlab",
        "display_name": "Python (otlab)",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(CONSOLE_CELL)]
    nbformat.write(nb, lab.root / "console_check.ipynb")
    open_and_run_all(page, lab, "console_check.ipynb")
    console = ConsoleView(page)
    assert console.steps() == 0
    console.play_pause()
    console.draw_three_points()
    page.screenshot(path=tmp_path / "console-lab.png")


def test_console_plays_in_lecture_mode(page, tmp_path):
    name = notebook_name("07")
    port = free_port()
    command = [sys.executable, "-m", "otlab.cli", "present", "07"]
    command += ["--notebooks", str(NOTEBOOKS), "--port", str(port), "--fast"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()
        assert line == f"Presenting {name.removesuffix('.ipynb')} at http://127.0.0.1:{port}/\n"
        page.goto(f"http://127.0.0.1:{port}/", timeout=CELLS_S * 1000)  # Voila runs it first
        console = ConsoleView(page)
        console.play_pause()
        page.screenshot(path=tmp_path / "console-voila.png")
    finally:
        stop_group(process)
