"""The course's slider apps in JupyterLab: run all cells, move a slider, check W and the figure."""

from __future__ import annotations

from browser_kit import move_slider_and_check, notebook_name, open_and_run_all

import otlab


def test_theta_slider_moves_w1_and_the_figure(lab, page, tmp_path):
    open_and_run_all(page, lab, notebook_name("02"))
    theta = move_slider_and_check(
        page, "theta", lambda theta: f"W1 = {otlab.theta_divergences(theta).w1:.3f}", tmp_path
    )
    assert otlab.theta_divergences(theta).w1 == abs(theta)  # the readout shows |theta|
