"""Can a critic's number be trusted, and how fast? The default fit_critic on four cases.

Targets (training-engine issue, item 4), for the default call ``fit_critic(real, fake, seed=s)``
(train until settled): the certified estimate within 1% of the exact W1 (otlab.emd), the mean
gradient cosine along the optimal plan >= 0.95 (>= 0.98 on 8gaussians), in <= 5 s on 2 cores.

Cases, 512 points a side, samples and critic seeded by s:

- 8gaussians against the blob N(0, 0.5^2 I);
- two point masses, all real mass at (1, 2) and all generated mass at (-1, 0.5);
- swissroll against the blob;
- asymmetric shapes: a crescent (toy "crescent", the upper half of the unit circle) against a
  blob N((1, -1), 0.3^2 I) below its right tip.

A fifth row, not a target case, checks the class rather than the example: the blob sits on the
crescent's arc, N((0, 1), 0.3^2 I), the placement where the default fit used to be 19% off.

Time: a fit runs on one thread, so its process CPU time is what it takes on an idle core; the
wall time is printed too, and the load average, because other work on the cores inflates it.
The 5 s target is judged on CPU seconds. ms/step = CPU time / steps, snapshots included.

    .venv/bin/python benchmarks/bench_critics.py              # seeds 0-4
    .venv/bin/python benchmarks/bench_critics.py --seeds 2    # seeds 0-1
    .venv/bin/python benchmarks/bench_critics.py --placements # + the blob all around the crescent
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

import otlab
from otlab import toy

N = 512
BLOB = ((0.25, 0.0), (0.0, 0.25))  # N(0, 0.5^2 I)
SMALL = ((0.09, 0.0), (0.0, 0.09))  # N(., 0.3^2 I)
CERTIFIED_TOLERANCE = 0.01
SECONDS = 5.0
LEVELS = (0.05, 0.02, 0.01, 0.005)  # accuracy reached against time, for a missed target


def cases(seed: int) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
    """name -> (real, fake, cosine target)."""
    s, t = (1.0, 2.0), (-1.0, 0.5)
    blob = toy.sample("gaussian", N, seed=seed + 100, cov=BLOB)
    crescent = toy.sample("crescent", N, seed=seed)
    return {
        "8gaussians": (toy.sample("8gaussians", N, seed=seed), blob, 0.98),
        "point masses": (
            toy.sample("point_masses", N, seed=seed, locations=[s]),
            toy.sample("point_masses", N, seed=seed + 100, locations=[t]),
            0.95,
        ),
        "swissroll": (toy.sample("swissroll", N, seed=seed), blob, 0.95),
        "crescent": (crescent, blob_at((1.0, -1.0), seed), 0.95),
        "crescent, arc*": (crescent, blob_at((0.0, 1.0), seed), 0.95),
    }


def blob_at(mean, seed: int) -> np.ndarray:
    return toy.sample("gaussian", N, seed=seed + 100, mean=mean, cov=SMALL)


def run(real, fake, seed: int):
    """(fit, comparison, wall seconds, cpu seconds) of the default call."""
    exact = otlab.emd(real, fake)
    wall, cpu = time.perf_counter(), time.process_time()
    fit = otlab.fit_critic(real, fake, seed=seed, progress=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return fit, otlab.compare_critic(fit, exact), wall, cpu


def reached(fit, exact: float, ms_per_step: float) -> str:
    """For each accuracy level, the CPU seconds (step) from which the certified estimate stays
    within it: the accuracy reached against time."""
    snaps = fit.snapshots
    error = np.abs(snaps.certified_estimate / exact - 1)
    parts = []
    for level in LEVELS:
        outside = np.nonzero(error > level)[0]
        first = 0 if outside.size == 0 else outside[-1] + 1
        if first >= len(snaps):
            parts.append(f"{100 * level:g}%: never")
        else:
            step = int(snaps.steps[first])
            parts.append(f"{100 * level:g}%: {step * ms_per_step / 1e3:.1f} s ({step})")
    return ", ".join(parts)


def signed(value: float, exact: float) -> str:
    """The signed relative error, in percent."""
    return f"{100 * (value / exact - 1):+6.2f}%"


def table(rows, seeds: int, speeds: list[float]) -> list[tuple]:
    """Fit every case for seeds 0 .. seeds-1 and print a row each; returns the misses and
    appends each fit's ms/step to ``speeds``."""
    header = (
        f"{'case':>15} {'seed':>4} {'steps':>5} {'settled':>7} {'wall s':>6} {'cpu s':>5} "
        f"{'ms/step':>7} {'raw':>7} {'E/L':>7} {'cert':>7} {'cosine':>6}  "
        f"{'cert<=1%':>8} {'cosine':>6} {'time':>4}"
    )
    print(header)
    missed = []
    for seed in range(seeds):
        for name, (real, fake, target) in rows(seed).items():
            fit, c, wall, cpu = run(real, fake, seed)
            ms = 1e3 * cpu / max(fit.steps, 1)
            speeds.append(ms)
            ok = {
                "cert": c.certified_relative_error <= CERTIFIED_TOLERANCE,
                "cosine": c.mean_cosine >= target,
                "time": cpu <= SECONDS,
            }
            verdict = ["PASS" if ok[k] else "FAIL" for k in ("cert", "cosine", "time")]
            print(
                f"{name:>15} {seed:4d} {fit.steps:5d} {str(fit.settled):>7} {wall:6.2f} "
                f"{cpu:5.2f} {ms:7.2f} {signed(c.estimate, c.exact)} "
                f"{signed(c.normalized_estimate, c.exact)} {signed(c.certified_estimate, c.exact)} "
                f"{c.mean_cosine:6.3f}  {verdict[0]:>8} "
                f"{verdict[1]:>6} {verdict[2]:>4}",
                flush=True,
            )
            if not all(ok.values()):
                missed.append((name, seed, fit, c, ms))
    return missed


def placements(seeds: int, speeds: list[float]) -> list[tuple]:
    """The blob all around the crescent: on the arc, inside it, beyond the tips, far away."""
    spots = {
        "on the arc": (0.0, 1.0),
        "on a tip": (1.0, 0.0),
        "inside": (0.0, 0.3),
        "below": (0.0, -1.0),
        "right": (2.0, 0.5),
        "far": (3.0, 3.0),
    }

    def rows(seed):
        crescent = toy.sample("crescent", N, seed=seed)
        return {name: (crescent, blob_at(mean, seed), 0.95) for name, mean in spots.items()}

    print("\n== class check: the blob N(mean, 0.3^2 I) at six places around the crescent")
    return table(rows, seeds, speeds)


def constraints() -> None:
    """The four constraints on 8gaussians, seed 0, fast preset: the certified estimate of each."""
    real, fake, _ = cases(0)["8gaussians"]
    exact = otlab.emd(real, fake)
    print("\n== each constraint, fast preset, 8gaussians, seed 0 (errors against W1)")
    print(f"{'':>4} {'steps':>5} {'cpu s':>5} {'raw':>7} {'E/L':>7} {'cert':>7} {'cosine':>6}")
    for constraint in ("gp", "lp", "sn", "clip"):
        cpu = time.process_time()
        fit = otlab.fit_critic(real, fake, constraint=constraint, seed=0, progress=False)
        cpu = time.process_time() - cpu
        c = otlab.compare_critic(fit, exact)
        print(
            f"{constraint:>4} {fit.steps:5d} {cpu:5.2f} {signed(c.estimate, c.exact)} "
            f"{signed(c.normalized_estimate, c.exact)} {signed(c.certified_estimate, c.exact)} "
            f"{c.mean_cosine:6.3f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 .. SEEDS-1")
    parser.add_argument("--placements", action="store_true", help="also the placement sweep")
    args = parser.parse_args()

    import torch  # after argparse: --help stays instant

    print(f"python {platform.python_version()}, torch {torch.__version__}, numpy {np.__version__}")
    print(f"CPU cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (1 min) at start")
    config = otlab.critics.preset_config("gp")
    print(
        f"default: until settled (window {config.settle_window} snapshots of "
        f"{config.snapshot_every} steps, tolerance {100 * config.settle_tol:g}% certified / "
        f"{100 * config.settle_tol_raw:g}% raw, lr {config.lr:g} cut x{config.lr_decay:g} "
        f"{config.lr_decays} times), at most {config.max_steps} steps"
    )
    otlab.fit_critic(np.zeros((4, 2)), np.ones((4, 2)), steps=2, progress=False)  # warm-up

    print("\n== default call: errors of the raw, normalised (E/L) and certified estimates")
    speeds: list[float] = []
    missed = table(cases, args.seeds, speeds)
    if args.placements:
        missed += placements(args.seeds, speeds)
    print("* not a target case: the blob on the crescent's arc, checking the class.")
    constraints()
    print(f"\nload average {os.getloadavg()[0]:.1f} (1 min) at the end")

    fastest = min(speeds)
    if missed:
        print("\n== missed targets: accuracy of the certified estimate reached against CPU time")
        for name, seed, fit, c, ms in missed:
            at_best = fit.steps * fastest / 1e3
            print(
                f"{name:>15} seed {seed}: {reached(fit, c.exact, ms)}; all {fit.steps} steps "
                f"would take {at_best:.1f} s at this run's fastest {fastest:.2f} ms/step"
            )
    print(
        f"\nWhat limits a miss. Time: each step is a forward pass on both samples and a double "
        f"backward for the penalty at 512 interpolates through a 3 x 64 network, "
        f"{fastest:.2f}-{max(speeds):.2f} ms of CPU in this run (more under load), so 5 s buys "
        f"{5e3 / max(speeds):.0f}-{5e3 / fastest:.0f} steps, and the rule needs at least "
        f"3 x {otlab.critics.preset_config('gp').settle_window - 1} snapshot intervals (three "
        "settled windows, at three learning rates). Accuracy: the rule knows no W1, so it "
        "cannot tell a long plateau from the optimum: with the blob on the crescent's arc an "
        "unlucky seed sits on one for hundreds of steps and stops short. Cosine: a ReLU network "
        "of this size rounds off the creases of the swissroll's potential, and on an unlucky "
        "seed the cosine stays near 0.95."
    )


if __name__ == "__main__":
    main()
