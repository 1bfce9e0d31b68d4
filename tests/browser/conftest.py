"""A real JupyterLab driven by Debian's Chromium through Playwright.

JupyterLab runs from this venv on 127.0.0.1, on a free port, with a token, serving a copy of
the notebooks (so an autosave can never write outputs into the repository). Chromium is the
system one: Playwright cannot download a browser here. Every test in this folder is marked
``browser`` and skipped, with the command that installs Chromium, where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import CHROMIUM, CHROMIUM_ARGS, NOTEBOOKS, LabServer, copy_notebooks


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}; install it with "
        "`apt-get install chromium` (Debian/Ubuntu, as root) to run the browser tests"
    )
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server over a copy of the notebooks, for the whole session."""
    workdir = tmp_path_factory.mktemp("jupyterlab")
    server = LabServer(copy_notebooks(workdir / "notebooks"), workdir)
    yield server
    server.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def tour(tmp_path_factory):
    """``otlab tour --fast 02``: the static site the static-slider and axe tests open."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("tour")
    command = [sys.executable, "-m", "otlab.cli", "tour", "--fast", "--quiet", "02"]
    command += ["--notebooks", str(NOTEBOOKS), "--out", str(out)]
    subprocess.run(command, check=True, timeout=600, capture_output=True)
    return out
