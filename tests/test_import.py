"""`import otlab` stays light: no torch, matplotlib or ipywidgets until they are needed."""

import subprocess
import sys

import pytest

HEAVY = ("torch", "matplotlib", "ipywidgets")


def loaded_after(statement: str) -> list[str]:
    """Heavy modules present after running ``statement`` in a fresh interpreter."""
    code = f"import sys; {statement}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(out.stdout.strip().splitlines()[-1])


def test_import_otlab_loads_no_heavy_module():
    assert loaded_after("import otlab") == []


def test_the_exact_core_runs_without_them():
    statement = (
        "import otlab; otlab.piles_emd([3, 2, 1, 4], [1, 2, 4, 3]); "
        "otlab.wasserstein_1d([0.0, 1.0], [2.0, 3.0]); otlab.gaussian_w2(0.0, 1.0, 1.0, 4.0)"
    )
    assert loaded_after(statement) == []


@pytest.mark.parametrize("module", ["otlab.plot", "otlab.widgets"])
def test_plots_and_widgets_do_not_import_torch(module):
    assert "torch" not in loaded_after(f"import {module}")


def test_public_names_of_the_exact_core():
    import otlab

    for name in ["piles_emd", "wasserstein_1d", "gaussian_w2", "gaussian_map", "emd"]:
        assert callable(getattr(otlab, name)) and name in otlab.__all__
    for name in ["EMDResult", "PilesResult", "Potential", "kantorovich_potential", "toy"]:
        assert name in otlab.__all__ and hasattr(otlab, name)
