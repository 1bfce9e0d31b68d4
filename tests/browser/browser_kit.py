"""Helpers of the browser tests: a JupyterLab server, sliders and images in a page.

Kept out of conftest.py so that the test modules can import them by a name no other
conftest shares.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("OTLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The course's notebooks; OTLAB_BROWSER_NOTEBOOKS points the tests at another copy of them.
NOTEBOOKS = Path(
    os.environ.get("OTLAB_BROWSER_NOTEBOOKS", Path(__file__).resolve().parents[2] / "notebooks")
)
# Generous: the machine running the suite may be a busy 2-core CI box.
SERVER_START_S = 90
CELLS_S = 180

# JupyterLab user settings: no news requests, and every cell attached to the DOM (the default
# windowing leaves off-screen cells unrendered, where no locator can find them).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_group(process: subprocess.Popen, *, grace: float = 15.0) -> None:
    """SIGTERM the process group (server and kernels), SIGKILL whatever is left after grace."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # kernels that outlived the server
    except ProcessLookupError:
        pass
    process.wait()


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def copy_notebooks(dest: Path, source: Path = NOTEBOOKS) -> Path:
    """The course notebooks, copied so that the browser can run and even save them freely."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.py"))
    return dest


def notebook_name(number: str, folder: Path = NOTEBOOKS) -> str:
    """``NN_name.ipynb`` of course notebook ``number``; skips the test while it does not exist."""
    found = sorted(folder.glob(f"{number}_*.ipynb"))
    if not found:
        pytest.skip(f"notebook {number} does not exist yet in {folder}")
    return found[0].name


class LabServer:
    """A JupyterLab process on 127.0.0.1 with a token; ``url(path)`` adds the token."""

    def __init__(self, root: Path, workdir: Path):
        self.root = root
        self.token = secrets.token_hex(16)
        self.log = workdir / "jupyterlab.log"
        settings = workdir / "settings"
        for name, values in LAB_SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values))
        env = {**os.environ, "OTLAB_FAST": "1"}
        env.pop("MPLBACKEND", None)  # kernels use the inline backend
        env["JUPYTER_CONFIG_DIR"] = str(workdir / "config")  # no user config leaks in
        env["JUPYTER_RUNTIME_DIR"] = str(workdir / "runtime")
        for _attempt in range(3):  # the free port may be taken between probe and bind
            self.port = free_port()
            command = [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.expose_app_in_browser=True",
                f"--LabApp.user_settings_dir={settings}",
                f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
                *(["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
            ]
            with open(self.log, "w") as log:
                self.process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
                )
            if self._wait_ready():
                return
            stop_group(self.process)
            if "already in use" not in self.log.read_text(errors="replace"):
                break
        raise RuntimeError(f"JupyterLab did not start; its log ends with:\n{tail(self.log)}")

    def url(self, path: str = "") -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def _wait_ready(self) -> bool:
        """Poll /api/status with the token until it answers 200, or the process dies."""
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    def close(self) -> None:
        stop_group(self.process)


class Slider:
    """An ipywidgets slider (horizontal or vertical), found by its description."""

    def __init__(self, scope, description: str):
        # A `has=` locator is matched inside the outer one, so it must not carry a scope itself.
        page = getattr(scope, "page", scope)  # a Locator knows its page; a Page is one
        label = page.locator(
            ".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")
        )
        self.description = description
        self.root = scope.locator(".widget-slider", has=label).first
        self.handle = self.root.locator(".noUi-handle").first
        self.readout = self.root.locator(".widget-readout").first

    def value(self) -> float:
        return float(self.readout.inner_text())

    def press(self, key: str, times: int = 1) -> float:
        """Focus the handle, press ``key`` ``times`` (as a student would), return the new value.

        ArrowRight / ArrowUp move one step up, ArrowLeft / ArrowDown one step down.
        """
        before = self.value()
        self.handle.focus()
        for _ in range(times):
            self.handle.press(key)
        deadline = time.monotonic() + 10
        while self.value() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        value = self.value()
        assert value != before, f"slider {self.description!r} did not move from {before}"
        return value


class AppView:
    """One ``otlab.widgets`` app in a page: its sliders, its figure and its readout.

    Found as the output area that holds the slider ``description``. The figure is the app's
    image widget; the readout is the app's last HTML widget (every app puts it at the bottom).
    """

    def __init__(self, page, description: str, *, timeout_s: float = CELLS_S):
        self.page = page
        first = Slider(page, description)
        first.handle.wait_for(timeout=timeout_s * 1000)
        self.root = page.locator(".jp-OutputArea-output", has=first.root).first
        self.image = self.root.locator("img.widget-image").first
        self.readout = self.root.locator(".widget-html-content").last

    def slider(self, description: str) -> Slider:
        return Slider(self.root, description)

    def readout_text(self) -> str:
        return self.readout.inner_text()

    def expect_readout(self, text: str) -> None:
        """Wait until the readout contains ``text`` (the app's callback ran in the kernel)."""
        from playwright.sync_api import expect

        expect(self.readout).to_contain_text(text)

    def figure(self, path: Path) -> bytes:
        """A screenshot of the figure, saved to ``path``."""
        return self.image.screenshot(path=path)

    def expect_new_figure(self, before: bytes, path: Path, timeout: float = 20) -> bytes:
        """Screenshot the figure until it differs from ``before`` and holds still; save it.

        Holding still matters: a slider moved by several steps sends several frames, and the
        test wants the last one.
        """
        deadline = time.monotonic() + timeout
        previous, shot = before, self.figure(path)
        while (shot == before or shot != previous) and time.monotonic() < deadline:
            time.sleep(0.3)
            previous, shot = shot, self.figure(path)
        assert shot != before, "the figure did not change when the slider moved"
        return shot


# JavaScript run in JupyterLab's page (exposed as window.jupyterapp by the server flag above).
RUN_ALL_JS = """
async ([name, timeoutMs]) => {
  const app = window.jupyterapp;
  const find = () => Array.from(app.shell.widgets('main')).find(
      w => w.context && w.context.path === name && w.content && w.content.model);
  const t0 = Date.now();
  while (!find()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('notebook ' + name + ' did not open');
    await new Promise(r => setTimeout(r, 100));
  }
  const panel = find();
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  const run = app.commands.execute('notebook:run-all-cells');
  const late = new Promise((_, reject) => setTimeout(
      () => reject(new Error('cells still running after ' + timeoutMs + ' ms')), timeoutMs));
  await Promise.race([run, late]);
  const errors = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    for (const out of cell.outputs.toJSON()) {
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
    }
  }
  return errors;
}
"""


def open_and_run_all(page, lab: LabServer, name: str) -> None:
    """Open ``name`` in JupyterLab, run all its cells, and fail on any error output."""
    page.goto(lab.url(f"lab/tree/{name}"))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    errors = page.evaluate(RUN_ALL_JS, [name, CELLS_S * 1000])
    assert errors == [], f"{name} raised in the browser: {errors}"
