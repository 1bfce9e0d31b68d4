"""otlab installed without make: a fresh venv, a plain ``pip install .``, then the commands.

No `otlab` kernel is registered there, so ``otlab tour`` and ``otlab present`` run the
notebooks in the venv's own Python and say so; the notebooks ship inside the package, so they
run from any folder; and students get no grading tools.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import urllib.request

import pytest
from install_kit import run

pytestmark = pytest.mark.slow


def isolated_env(venv, home) -> dict:
    """No user-level Jupyter config or kernels leak in; the venv's bin first on PATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")}
    env.pop("MPLBACKEND", None)
    return {
        **env,
        "HOME": str(home),
        "JUPYTER_DATA_DIR": str(home / "jupyter-data"),
        "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
        "PATH": f"{venv.bin}:{os.environ['PATH']}",
    }


def test_pip_install_runs_the_tour_in_its_own_python(fresh_venv, tmp_path):
    env = isolated_env(fresh_venv, tmp_path)
    kernels = json.loads(
        run([fresh_venv.bin / "jupyter", "kernelspec", "list", "--json"], env=env).stdout
    )
    assert "python3" in kernels["kernelspecs"]  # what every notebook asks for: no dialog
    assert "otlab" not in kernels["kernelspecs"]  # nothing registered it

    out = tmp_path / "tour"
    result = run(
        [fresh_venv.bin / "otlab", "tour", "--fast", "--quiet", "01", "--out", str(out)],
        cwd=tmp_path,  # no notebooks/ here: the ones installed with the package are used
        env=env,
    )
    assert f"Kernel: this Python ({fresh_venv.python})" in result.stdout
    (entry,) = json.loads((out / "tour.json").read_text())
    assert entry["notebook"].startswith("01_") and entry["error"] is None
    assert list((out / "figures" / entry["notebook"]).glob("cell*-frames/*.png"))  # live sliders
    no_nbgrader = "import importlib.util as u; print(u.find_spec('nbgrader') is None)"
    assert run([fresh_venv.python, "-c", no_nbgrader], env=env).stdout.strip() == "True"


def test_pip_install_presents_a_notebook(fresh_venv, tmp_path):
    env = isolated_env(fresh_venv, tmp_path)
    run([fresh_venv.bin / "otlab", "kernel", "install"], env=env)  # now it prefers this one
    command = [fresh_venv.bin / "otlab", "present", "01", "--fast", "--port", "0"]
    assert subprocess.run(command, env=env, capture_output=True, text=True).returncode == 2

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command[-1] = str(port)
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout.readline().startswith("Presenting 01_")
        assert process.stdout.readline() == f"Kernel: kernel 'otlab' ({fresh_venv.python})\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=180) as response:
            page = response.read().decode()
        assert "W1 = " in page  # Voila ran the notebook in that kernel
    finally:
        os.killpg(process.pid, 15)
        process.wait(30)


def test_repo2docker_scripts_put_the_kernel_and_the_course_in_place(fresh_venv, tmp_path):
    # What repo2docker runs, in the same order, in an environment made by `pip install .`
    # (building a real image needs Docker; deploy/README.md says what is not tested).
    src, home = fresh_venv.root / "src", tmp_path / "home"
    home.mkdir()
    env = isolated_env(fresh_venv, home)
    run(["bash", src / "postBuild"], cwd=src, env=env)
    listed = run([fresh_venv.bin / "jupyter", "kernelspec", "list", "--json"], env=env)
    assert {"python3", "otlab"} <= set(json.loads(listed.stdout)["kernelspecs"])

    show = ["sh", "-c", 'ls "$HOME/otlab"; stat -c %a "$HOME"']
    first = run([src / "start", *show], env=env).stdout.split()
    assert "02_divergences_vs_wasserstein.ipynb" in first and first[-1] == "700"
    work = home / "otlab" / "02_divergences_vs_wasserstein.ipynb"
    work.write_text("a student's work")
    run([src / "start", "true"], env=env)  # a later start keeps it
    assert work.read_text() == "a student's work"
