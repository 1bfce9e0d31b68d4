"""Shared test settings: hypothesis profiles sized for a 2-core CI machine.

On CI (CI=true) hypothesis draws the same examples every run, so a red build always means a
change broke something, never that a new random example turned up; locally it explores.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("otlab", max_examples=60, deadline=None)
settings.register_profile("otlab-ci", parent=settings.get_profile("otlab"), derandomize=True)
settings.load_profile("otlab-ci" if os.environ.get("CI") else "otlab")


# ---------------------------------------------------------------- one fresh install, shared


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory):
    """A new virtual environment with a plain ``pip install .`` of a copy of this checkout.

    Built once per session (about a minute and a half) and shared by the install and JupyterHub
    tests. It lives in a world-readable folder from a Python that other users can run, so that
    students' servers (system users) can use it too. constraints.txt only pins the CPU build of
    torch, as it does for every install here.
    """
    from install_kit import build_venv

    venv = build_venv()
    yield venv
    venv.remove()
