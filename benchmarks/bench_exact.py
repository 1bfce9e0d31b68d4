"""Timings of otlab's exact core against its peers, measured in one process.

    .venv/bin/python benchmarks/bench_exact.py [--repeat 5]

Each row times otlab and the peer on the same data, alternating runs, and keeps the best of
``--repeat`` runs of each (wall clock). Targets (issue 2, section 5):

- wasserstein_1d, two equal-weight arrays of 10^6 samples: >= 10x faster than
  scipy.stats.wasserstein_distance and than ot.wasserstein_1d; the floor is two np.sort calls.
- wasserstein_1d, weighted samples (10^6 each): >= 3x faster than scipy.
- emd on 1000 x 1000 points: within 10% of ot.dist + ot.emd called directly.
- kantorovich_potential(result).on_grid(n=200) for a 1000-point problem: <= 0.25 s.

Timings on a shared machine are noisy: the ratios (both sides measured under the same load)
are the figures to read.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import ot
import scipy
from scipy import stats
from scipy.spatial.distance import cdist

import otlab
from otlab import toy


def best_times(funcs: dict, repeat: int) -> dict:
    """Best wall time of each function over ``repeat`` rounds, the functions alternating."""
    best = dict.fromkeys(funcs, np.inf)
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def row(what: str, ours: float, peer: float | None, target: str, passed: bool | None) -> str:
    peer_text = "" if peer is None else f"{peer:9.3f} s"
    ratio = "" if peer is None else f"{peer / ours:7.1f}x"
    verdict = {True: "PASS", False: "FAIL", None: ""}[passed]
    return f"{what:<40} {ours:8.3f} s {peer_text:>11} {ratio:>8}  {target:<24} {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best kept)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    lines = []

    # 1-D, equal weights: two sorts and a mean against scipy and POT.
    u, v = rng.standard_normal(10**6), rng.standard_normal(10**6) + 0.5
    t = best_times(
        {
            "ours": lambda: otlab.wasserstein_1d(u, v),
            "scipy": lambda: stats.wasserstein_distance(u, v),
            "pot": lambda: ot.wasserstein_1d(u, v, p=1),  # W_1^p with p = 1: the same number
            "floor": lambda: (np.sort(u), np.sort(v)),
        },
        args.repeat,
    )
    for peer, name in (("scipy", "scipy"), ("pot", "POT")):
        speedup = t[peer] / t["ours"]
        what = f"wasserstein_1d 10^6 vs {name}"
        lines.append(row(what, t["ours"], t[peer], ">= 10x", speedup >= 10))
    floor_note = (
        f"floor (two np.sort of 10^6) = {t['floor']:.3f} s: wasserstein_1d takes "
        f"{t['ours'] / t['floor']:.2f}x the floor"
    )

    # 1-D, weighted samples against scipy.
    a, b = rng.random(10**6), rng.random(10**6)
    b *= a.sum() / b.sum()  # equal totals, as otlab requires
    t = best_times(
        {
            "ours": lambda: otlab.wasserstein_1d(u, v, u_weights=a, v_weights=b),
            "scipy": lambda: stats.wasserstein_distance(u, v, a, b),
        },
        args.repeat,
    )
    ratio = t["scipy"] / t["ours"]
    lines.append(
        row("wasserstein_1d weighted 10^6 vs scipy", t["ours"], t["scipy"], ">= 3x", ratio >= 3)
    )

    # The LP on 1000 x 1000 points against POT called directly. The network simplex's path
    # depends on the last bits of the cost matrix, so the second row hands POT the very matrix
    # otlab builds (scipy's cdist): that difference is otlab's overhead alone.
    x = toy.sample("8gaussians", 1000, seed=0)
    y = toy.sample("gaussian", 1000, seed=1)
    unif = ot.unif(1000)
    t = best_times(
        {
            "ours": lambda: otlab.emd(x, y),
            "pot": lambda: ot.emd(unif, unif, ot.dist(x, y, metric="euclidean")),
            "same": lambda: ot.emd(unif, unif, cdist(x, y)),
        },
        args.repeat,
    )
    for peer, name in (("pot", "ot.dist + ot.emd"), ("same", "cdist + ot.emd")):
        overhead = t["ours"] / t[peer] - 1
        what = f"emd 1000^2 vs {name} ({overhead:+.0%})"
        lines.append(row(what, t["ours"], t[peer], "<= +10% time", overhead <= 0.10))

    # The extended potential on a 200 x 200 grid, against evaluating it point by point.
    result = otlab.emd(x, y)
    grid = np.stack(np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-3, 3, 200)), -1)
    potential = otlab.kantorovich_potential(result)
    t = best_times(
        {
            "ours": lambda: otlab.kantorovich_potential(result).on_grid((-3, 3), (-3, 3), n=200),
            "pointwise": lambda: potential(grid.reshape(-1, 2)),
        },
        args.repeat,
    )
    lines.append(
        row(
            "potential on_grid(n=200), 1000 points",
            t["ours"],
            t["pointwise"],
            "<= 0.25 s",
            t["ours"] <= 0.25,
        )
    )

    print(
        f"otlab {otlab.__version__} | numpy {np.__version__} | scipy {scipy.__version__} | "
        f"POT {ot.__version__} | {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} | best of {args.repeat}"
    )
    header = f"{'benchmark':<40} {'otlab':>10} {'peer':>11} {'speed-up':>8}  {'target':<24} result"
    print(header)
    print("-" * len(header))
    print("\n".join(lines))
    print(floor_note)
    print("on_grid's peer is the same potential evaluated point by point (no pruning).")


if __name__ == "__main__":
    main()
