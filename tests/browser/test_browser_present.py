"""Lecture mode in a browser: ``otlab present 02`` serves the theta app without code, live."""

from __future__ import annotations

import subprocess
import sys

import nbformat
from browser_kit import (
    CELLS_S,
    NOTEBOOKS,
    free_port,
    move_slider_and_check,
    notebook_name,
    stop_group,
)

import otlab


def test_present_serves_a_live_app_without_code(page, tmp_path):
    name = notebook_name("02")
    first_code = next(
        line.strip()
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "otlab.cli",
        "present",
        "02",
        "--notebooks",
        str(NOTEBOOKS),
        "--port",
        str(port),
        "--fast",
    ]
    # Its own process group, so that teardown stops otlab, Voila and the kernel together.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"Presenting {name[:-6]} at "), line
        url = line.split(" at ", 1)[1].strip()
        assert url == f"http://127.0.0.1:{port}/"
        page.goto(url, timeout=CELLS_S * 1000)  # Voila runs the notebook before answering
        theta = move_slider_and_check(
            page, "theta", lambda theta: f"W1 = {otlab.theta_divergences(theta).w1:.3f}", tmp_path
        )
        assert theta > 0
        body = page.locator("body").inner_text()
        assert first_code not in body, f"code is shown: {first_code!r}"
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0
    finally:
        stop_group(process)
