"""How fast does a critic reach the exact W1? Default fit_critic, then each constraint.

Problem (the issue's target): 8gaussians (512 points) against N(0, 0.5^2 I) (512 points).
Target for the default call: normalised estimate within 3% of the exact W1 and mean gradient
cosine >= 0.97, in <= 5 s of wall time on a 2-core CPU.

Time-to-accuracy is read from the fit's snapshots (every ``snapshot_every`` steps): the wall
time from the start of training until the estimate is first within 3% of W1. Snapshots cost a
little time themselves (a gradient on the grid), which the figures include.

    .venv/bin/python benchmarks/bench_critics.py            # default + the four constraints
    .venv/bin/python benchmarks/bench_critics.py --seeds 3  # repeat over seeds
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

import otlab
from otlab import toy

TOLERANCE = 0.03
N = 512


def first_within(seconds, steps, values, exact):
    """(seconds, step) of the first snapshot within TOLERANCE of exact, or (nan, -1)."""
    ok = np.abs(np.asarray(values) / exact - 1) <= TOLERANCE
    if not ok.any():
        return float("nan"), -1
    i = int(np.argmax(ok))
    return float(seconds[i]), int(steps[i])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="critic seeds to average over")
    args = parser.parse_args()

    import torch  # after argparse: --help stays instant

    print(f"python {platform.python_version()}, torch {torch.__version__}, numpy {np.__version__}")
    print(f"CPU cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (1 min)")

    real = toy.sample("8gaussians", N, seed=0)
    fake = toy.sample("gaussian", N, seed=1, cov=[[0.25, 0.0], [0.0, 0.25]])
    start = time.perf_counter()
    exact = otlab.emd(real, fake)
    emd_seconds = time.perf_counter() - start
    w1 = exact.distance
    print(f"\nexact W1 = {w1:.4f} (otlab.emd, POT network simplex: {emd_seconds:.3f} s)")

    otlab.fit_critic(real[:8], fake[:8], steps=2, progress=False)  # warm-up: imports, JIT paths

    print("\n== default call: otlab.fit_critic(real, fake, seed=s)")
    header = (
        f"{'seed':>4} {'wall s':>7} {'steps':>6} {'estimate':>9} {'E/L':>8} "
        f"{'E/L err':>8} {'cosine':>7} {'target':>7}"
    )
    print(header)
    for seed in range(args.seeds):
        start = time.perf_counter()
        fit = otlab.fit_critic(real, fake, seed=seed, progress=False)
        wall = time.perf_counter() - start
        comparison = otlab.compare_critic(fit, exact)
        error = comparison.normalized_relative_error
        met = error <= TOLERANCE and comparison.mean_cosine >= 0.97 and wall <= 5.0
        print(
            f"{seed:4d} {wall:7.2f} {fit.steps:6d} {fit.estimate:9.4f} "
            f"{fit.normalized_estimate:8.4f} {100 * error:7.1f}% {comparison.mean_cosine:7.3f} "
            f"{'met' if met else 'MISSED':>7}"
        )

    print("\n== time-to-accuracy per constraint (fast preset; seconds until within 3% of W1)")
    header = (
        f"{'constraint':>10} {'seed':>4} {'wall s':>7} {'ms/step':>8} {'raw: s (step)':>15} "
        f"{'E/L: s (step)':>15} {'final E':>8} {'final E/L':>9} {'cosine':>7}"
    )
    print(header)
    for constraint in ("gp", "lp", "sn", "clip"):
        for seed in range(args.seeds):
            start = time.perf_counter()
            fit = otlab.fit_critic(real, fake, constraint=constraint, seed=seed, progress=False)
            wall = time.perf_counter() - start
            snaps = fit.snapshots
            raw_s, raw_step = first_within(snaps.seconds, snaps.steps, snaps.estimate, w1)
            norm_s, norm_step = first_within(
                snaps.seconds, snaps.steps, snaps.normalized_estimate, w1
            )
            cosine = otlab.compare_critic(fit, exact).mean_cosine
            per_step = 1e3 * fit.history.seconds[-1] / fit.steps
            print(
                f"{constraint:>10} {seed:4d} {wall:7.2f} {per_step:8.2f} "
                f"{f'{raw_s:.2f} ({raw_step})':>15} {f'{norm_s:.2f} ({norm_step})':>15} "
                f"{fit.estimate:8.4f} {fit.normalized_estimate:9.4f} {cosine:7.3f}"
            )
    print(
        "\n'nan (-1)': never within 3% during training. E = E_r f - E_g f, L = Lipschitz constant"
    )


if __name__ == "__main__":
    main()
