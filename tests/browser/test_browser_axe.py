"""Accessibility: axe-core (axe-playwright-python) finds no serious or critical violation on
the tour's index page, a notebook page of the tour, and a Voila ``otlab present`` page."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from browser_kit import CELLS_S, NOTEBOOKS, AppView, free_port, stop_group

SERIOUS = ("serious", "critical")


def serious_violations(page) -> list[str]:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("axe-playwright-python is not installed; run `pip install -e '.[dev]'`")
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("name", ["index.html", "02_divergences_vs_wasserstein.html"])
def test_tour_pages_have_no_serious_violations(tour, page, name):
    page.goto((tour / name).as_uri())
    assert serious_violations(page) == []


def test_present_page_has_no_serious_violations(page):
    port = free_port()
    command = [sys.executable, "-m", "otlab.cli", "present", "02", "--fast"]
    command += ["--notebooks", str(NOTEBOOKS), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout.readline().startswith("Presenting 02_")
        page.goto(f"http://127.0.0.1:{port}/", timeout=CELLS_S * 1000)
        app = AppView(page, "theta")  # the apps are on the page
        app.expect_readout("W1 = ")
        w1 = re.search(r"W1 = [0-9.]+", app.readout_text()).group()
        assert w1 in app.image.get_attribute("alt")  # the readout is the figure's alt text
        assert serious_violations(page) == []
    finally:
        stop_group(process)
