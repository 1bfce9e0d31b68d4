"""How long ``import otlab`` takes in a fresh interpreter, and which heavy modules it loads.

    .venv/bin/python benchmarks/bench_import.py [--repeat 7]

Target (issue 2, section 5): <= 0.5 s, and neither torch nor matplotlib (nor ipywidgets)
imported. The time is measured inside each fresh subprocess around the import statement
(interpreter start-up excluded); the best of the runs is held to the target (as in
bench_exact.py: on a shared machine the best is the cost of the code, the rest is load), the
median is printed too, with the slowest modules of one run from ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

TARGET_S = 0.5
WATCHED = ("torch", "matplotlib", "ipywidgets", "scipy", "ot", "numpy")
FORBIDDEN = ("torch", "matplotlib", "ipywidgets")

PROBE = f"""
import json, sys, time
start, cpu = time.perf_counter(), time.process_time()
import otlab
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
loaded = [m for m in {WATCHED!r} if m in sys.modules]
print(json.dumps({{"seconds": elapsed, "cpu": cpu, "loaded": loaded}}))
"""


def probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def slowest_modules(count: int = 6) -> list[tuple[float, str]]:
    """The top-level modules with the largest cumulative import time (-X importtime)."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import otlab"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if not name.startswith(" ") and "." not in name.strip():
            rows.append((int(cumulative) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh interpreters to time")
    args = parser.parse_args()
    runs = [probe() for _ in range(args.repeat)]
    times = [run["seconds"] for run in runs]
    cpu = min(run["cpu"] for run in runs)
    loaded = sorted(set().union(*(run["loaded"] for run in runs)))
    heavy = [m for m in FORBIDDEN if m in loaded]
    best, median = min(times), statistics.median(times)
    print(f"import otlab in a fresh interpreter ({args.repeat} runs, {sys.executable})")
    verdict = "PASS" if best <= TARGET_S else "FAIL"  # best of n, as in bench_exact.py
    print(f"  time:   best {best:.3f} s, median {median:.3f} s   target <= {TARGET_S} s  {verdict}")
    print(f"          (CPU time of the import, best run: {cpu:.3f} s)")
    verdict = "PASS" if not heavy else "FAIL"
    print(f"  loaded: {', '.join(loaded)}   forbidden: {', '.join(heavy) or 'none'}   {verdict}")
    print("  slowest top-level imports (cumulative):")
    for seconds, name in slowest_modules():
        print(f"    {seconds:6.3f} s  {name}")


if __name__ == "__main__":
    main()
