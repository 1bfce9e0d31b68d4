"""Lecture mode: one notebook served by Voila as a web app, text and outputs only, no code."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from otlab._validation import check_choice, check_number, check_positive_int, describe, fail
from otlab.lecture.kernels import KERNEL_ENV, Kernel, check_kernel, choose_kernel
from otlab.lecture.notebooks import NotebookInfo

VOILA_PORT = 8866  # Voila's usual port, used when it is free
THEMES = ("light", "dark")
# otlab's Voila template (lab, plus accessible names for sliders and figures) lives in
# <this folder>/jupyter/voila/templates/otlab; Voila finds templates on JUPYTER_PATH.
JUPYTER_DATA = Path(__file__).with_name("jupyter")


def free_port(preferred: int | None = None) -> int:
    """``preferred`` when nothing listens there on 127.0.0.1, else a port the OS picks."""
    if preferred is not None:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def voila_command(info: NotebookInfo, port: int, *, theme: str = "light") -> list[str]:
    """The Voila command line: localhost only, code cells stripped, no browser of its own."""
    voila = Path(sys.executable).with_name("voila")
    launcher = [str(voila)] if voila.exists() else [sys.executable, "-m", "voila"]
    return [
        *launcher,
        str(info.path),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--no-browser",
        "--strip_sources=True",
        f"--theme={theme}",
        "--template=otlab",
        # Every notebook runs in the kernel otlab chose (OTLAB_KERNEL), whatever it names.
        "--VoilaConfiguration.kernel_spec_manager_class=otlab.lecture.kernels.ChosenKernelSpecs",
    ]


def wait_for_port(port: int, process: subprocess.Popen, *, timeout: float) -> bool:
    """True once something accepts connections on ``port``; False if the process died first.

    Voila executes the notebook on each page request, so readiness is probed with a plain TCP
    connection rather than an HTTP request.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def present(
    info: NotebookInfo,
    *,
    port: int | None = None,
    theme: str = "light",
    fast: bool = False,
    open_browser: bool = False,
    ready_timeout: float = 60.0,
    kernel: Kernel | None = None,
) -> int:
    """Serve ``info`` with Voila on 127.0.0.1 until Ctrl+C; return Voila's exit status.

    Parameters
    ----------
    info : NotebookInfo
        The notebook to show.
    port : int, optional
        Port to listen on; default 8866 when free, else any free port.
    theme : {"light", "dark"}
        Voila's theme; dark reads better on some projectors.
    fast : bool
        ``OTLAB_FAST=1`` for the kernel (short training runs).
    open_browser : bool
        Open the page in the default browser once Voila is up.
    ready_timeout : float
        Seconds to wait for Voila to listen.
    kernel : Kernel, optional
        Where the notebook runs; default :func:`otlab.lecture.kernels.choose_kernel`.
    """
    # Every argument is checked before a port is probed or Voila started.
    func = "otlab present"
    if not isinstance(info, NotebookInfo):
        fail(
            func,
            "`info` a NotebookInfo",
            describe(info),
            "pass one item of otlab.lecture.find_notebooks(only=[...])",
            kind=TypeError,
        )
    check_choice(func, "theme", theme, THEMES)
    check_number(func, "ready_timeout", ready_timeout)
    check_kernel(func, kernel)
    if port is not None and check_positive_int(func, "port", port) > 65535:
        fail(func, "a port from 1 to 65535", str(port), "pick another --port or leave it out")
    if port is not None and free_port(port) != port:
        fail(func, "a free port", f"{port}, which is in use", "pick another --port or leave it out")
    port = free_port(VOILA_PORT) if port is None else port
    kernel = kernel or choose_kernel()
    env = {**os.environ, KERNEL_ENV: kernel.name, **({"OTLAB_FAST": "1"} if fast else {})}
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(JUPYTER_DATA), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    # Voila runs in its own session (Ctrl+C reaches only us and we stop it cleanly); a SIGTERM
    # sent to us must stop it too, so it becomes SystemExit and the `finally` below runs.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            voila_command(info, port, theme=theme),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            if not wait_for_port(port, process, timeout=ready_timeout):
                log.seek(0)
                tail = "".join(log.readlines()[-20:])
                print(f"{func}: Voila did not start on port {port}:\n{tail}", file=sys.stderr)
                return process.poll() or 1
            url = f"http://127.0.0.1:{port}/"
            print(f"Presenting {info.stem} at {url}", flush=True)
            print(f"Kernel: {kernel.description}", flush=True)
            print("Code cells are hidden; press Ctrl+C to stop.", flush=True)
            if open_browser:
                import webbrowser

                webbrowser.open(url)
            return process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            stop(process)
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def stop(process: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left of it after ``grace`` seconds.

    The group holds Voila and the kernels it started; a kernel must not outlive the lecture.
    """
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # the whole group has gone
        pass
    process.wait()
