"""The course's slider apps in JupyterLab: run all cells, move a slider, check W and the figure.

The expected W is computed here with otlab from the slider values the page shows, so the test
checks the whole loop: browser -> widget -> kernel callback -> otlab -> readout and figure.
"""

from __future__ import annotations

import pytest
from browser_kit import AppView, notebook_name, open_and_run_all

import otlab


def test_theta_slider_moves_w1_and_the_figure(lab, page, tmp_path):
    open_and_run_all(page, lab, notebook_name("02"))
    app = AppView(page, "theta")
    before = app.figure(tmp_path / "theta-before.png")
    shown = app.readout_text()

    theta = app.slider("theta").press("ArrowRight", 3)
    expected = f"W1 = {otlab.theta_divergences(theta).w1:.3f}"
    assert expected not in shown
    app.expect_readout(expected)
    assert expected == f"W1 = {abs(theta):.3f}"  # the theta family: W1 = |theta|
    app.expect_new_figure(before, tmp_path / "theta-after.png")
    page.screenshot(path=tmp_path / "02-lab.png")


def test_piles_sliders_move_w1_and_the_figure(lab, page, tmp_path):
    open_and_run_all(page, lab, notebook_name("01"))
    app = AppView(page, "P[0]")

    def heights(row: str) -> list[float]:
        return [app.slider(f"{row}[{i}]").value() for i in range(4)]

    p, q = heights("P"), heights("Q")
    app.expect_readout(f"W1 = {otlab.piles_emd(p, q).distance:.3f}")
    before = app.figure(tmp_path / "piles-before.png")
    shown = app.readout_text()

    # One more unit on P[0]: the totals differ, and the app says so in piles_emd's words,
    # under the name of the app's callback (what the student's slider called).
    p[0] = app.slider("P[0]").press("ArrowUp")
    with pytest.raises(ValueError) as error:
        otlab.piles_emd(p, q)
    app.expect_readout(f"PilesEditor.update: {str(error.value).removeprefix('piles_emd: ')}")

    # One unit less on P[3]: the totals match again, and W1 is that of the new piles.
    p[3] = app.slider("P[3]").press("ArrowDown")
    assert heights("P") == p
    expected = f"W1 = {otlab.piles_emd(p, q).distance:.3f}"
    assert expected not in shown
    app.expect_readout(expected)
    app.expect_new_figure(before, tmp_path / "piles-after.png")
    page.screenshot(path=tmp_path / "01-lab.png")
