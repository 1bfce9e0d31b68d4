"""Helpers of the install and JupyterHub tests: a fresh venv with a plain ``pip install .``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALL_S = 1200  # a cold pip cache on a busy 2-core machine


@dataclass
class Venv:
    root: Path  # world-readable folder holding src/ (the copy installed) and venv/

    @property
    def bin(self) -> Path:
        return self.root / "venv" / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    def pip(self, *args: str) -> None:
        run([str(self.python), "-m", "pip", "install", "--quiet", *args], cwd=self.root / "src")

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def run(command, *, cwd=None, timeout=INSTALL_S, env=None):
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{tail}")
    return result


def base_python() -> str:
    """A Python that every user can run: the system one when this one lives in a private home
    (pyenv under /root), else the interpreter behind this venv."""
    here = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    if all(os.stat(p).st_mode & 0o005 == 0o005 for p in here.parents if p != Path("/")):
        return str(here)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if Path(candidate).exists():
            return candidate
    return str(here)


def source_files() -> list[str]:
    """The checkout's files as git sees them (tracked and new), never .venv or build output."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if listed.returncode:
        pytest.skip("the install test copies the checkout with git, which is not available")
    return [name for name in listed.stdout.splitlines() if (REPO / name).is_file()]


def build_venv() -> Venv:
    root = Path(tempfile.mkdtemp(prefix="otlab-fresh-"))
    root.chmod(0o755)
    for name in source_files():
        target = root / "src" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    try:
        run([base_python(), "-m", "venv", str(root / "venv")])
        venv = Venv(root)
        # A plain `pip install .`; constraints.txt keeps torch to its CPU build, as in make.
        venv.pip("-c", "constraints.txt", ".")
    except Exception:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return venv
