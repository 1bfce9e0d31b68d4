"""Every notebook: its jupytext pair is in sync, it is stored without outputs, and it runs.

Notebooks execute in the `otlab` kernel with OTLAB_FAST=1, so long training uses the short
step counts the notebooks read from that variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PAIRS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
IDS = [path.stem for path in PAIRS]


def _sources(nb) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source.strip()) for cell in nb.cells]


def test_every_notebook_has_both_files():
    stems_py = {p.stem for p in PAIRS}
    stems_nb = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert stems_py == stems_nb, f"unpaired: {sorted(stems_py ^ stems_nb)} (run `make notebooks`)"


@pytest.mark.parametrize("path", PAIRS, ids=IDS)
def test_pair_in_sync_and_stripped(path: Path):
    stored = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    assert _sources(jupytext.read(path)) == _sources(stored), "run `make notebooks`"
    for cell in stored.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "outputs not stripped"


@pytest.mark.parametrize("path", PAIRS, ids=IDS)
def test_notebook_asks_for_the_standard_kernel(path: Path):
    # python3 is in every environment with ipykernel: after pip install, conda or make, and on
    # JupyterHub, the notebook opens with a running kernel and no kernel dialog.
    for stored in (nbformat.read(path.with_suffix(".ipynb"), as_version=4), jupytext.read(path)):
        assert stored.metadata.kernelspec["name"] == "python3", (
            "header: kernelspec name python3, display_name Python 3 (ipykernel)"
        )


@pytest.mark.slow
@pytest.mark.parametrize("path", PAIRS, ids=IDS)
def test_notebook_executes(path: Path, monkeypatch):
    monkeypatch.setenv("OTLAB_FAST", "1")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # Every app also precomputes its static-page frames, as `otlab tour` makes it (5 positions
    # per slider instead of 41): a new app whose sliders cannot be swept fails here.
    monkeypatch.setenv("OTLAB_STATIC_FRAMES", "5")
    nb = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    client = NotebookClient(nb, timeout=900, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    assert os.environ.get("OTLAB_FAST") == "1"
