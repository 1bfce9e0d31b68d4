"""Lecture mode in a browser: ``otlab present 02`` serves the theta app live, without code."""

from __future__ import annotations

import subprocess
import sys

import nbformat
from browser_kit import CELLS_S, NOTEBOOKS, AppView, free_port, notebook_name, stop_group

import otlab


def first_code_line(path) -> str:
    return next(
        line.strip()
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def test_present_serves_a_live_app_without_code(page, tmp_path):
    name = notebook_name("02")
    port = free_port()
    command = [sys.executable, "-m", "otlab.cli", "present", "02"]
    command += ["--notebooks", str(NOTEBOOKS), "--port", str(port), "--fast"]
    # Its own process group, so that teardown stops otlab, Voila and the kernel together.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()
        assert line == f"Presenting {name.removesuffix('.ipynb')} at http://127.0.0.1:{port}/\n"
        page.goto(f"http://127.0.0.1:{port}/", timeout=CELLS_S * 1000)  # Voila runs it first
        app = AppView(page, "theta")
        before = app.figure(tmp_path / "theta-before.png")

        theta = app.slider("theta").press("ArrowRight", 3)
        app.expect_readout(f"W1 = {otlab.theta_divergences(theta).w1:.3f}")
        app.expect_new_figure(before, tmp_path / "theta-after.png")
        page.screenshot(path=tmp_path / "02-voila.png")

        assert first_code_line(NOTEBOOKS / name) not in page.locator("body").inner_text()
        assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0
    finally:
        stop_group(process)
