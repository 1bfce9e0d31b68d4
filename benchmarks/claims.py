"""The course's claims, checked: run the notebooks at their default settings and print every
claim they make, with the number behind it and PASS or FAIL.

The notebooks mark each quantitative teaching claim (most of them counted over five seeds,
"holds for 4 of 5 seeds") with a line ``CLAIM PASS: ...`` or ``CLAIM FAIL: ...``, printed
from the values they computed. This script executes them as a student would, without
``OTLAB_FAST`` (so the runs are the full ones, minutes in all), collects those lines and
exits with status 1 if any claim fails. It is a benchmark, not a test: ``make test`` runs
the notebooks in fast mode, where the notebooks assert only the claims that survive it.

    .venv/bin/python benchmarks/claims.py          # notebooks 03, 05 and 06
    .venv/bin/python benchmarks/claims.py 06       # one notebook
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WITH_CLAIMS = ("03", "05", "06")  # the notebooks that print CLAIM lines
MARK = "CLAIM "


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, once it has exited
    return usage.ru_utime + usage.ru_stime


def claims_of(number: str) -> tuple[list[str], float, float]:
    """Execute notebook ``number`` at its default settings: its CLAIM lines, wall and CPU
    seconds. On a busy machine the CPU seconds are a rough upper bound on the wall time of a
    quiet one (training uses one thread, evaluation a second)."""
    (path,) = NOTEBOOKS.glob(f"{number}_*.ipynb")
    nb = nbformat.read(path, as_version=4)
    os.environ.pop("OTLAB_FAST", None)  # the kernel inherits this: default settings
    os.environ["MPLBACKEND"] = "Agg"
    client = NotebookClient(nb, timeout=1800, resources={"metadata": {"path": str(NOTEBOOKS)}})
    start, cpu = time.perf_counter(), _children_cpu()
    client.execute()
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    lines = [
        line[len(MARK) :]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream"
        for line in out.text.splitlines()
        if line.startswith(MARK)
    ]
    return lines, seconds, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=list(WITH_CLAIMS))
    args = parser.parse_args()
    failed = total = 0
    for number in args.notebooks:
        lines, seconds, cpu = claims_of(number)
        load = os.getloadavg()[0]
        print(
            f"== notebook {number}: {len(lines)} claims; ran in {seconds:.0f} s wall, "
            f"{cpu:.0f} s CPU (load average {load:.1f})",
            flush=True,
        )
        for line in lines:
            print(f"  {line}", flush=True)
            failed += line.startswith("FAIL")
        total += len(lines)
    print(f"{total - failed} of {total} claims PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
