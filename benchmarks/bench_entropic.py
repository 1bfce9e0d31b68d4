"""Timings of otlab's entropic and sliced transport against POT, the LP, and the sliders.

    .venv/bin/python benchmarks/bench_entropic.py [--repeat 3] [--size 4000] [--moves 21]

Targets (issue 15):

- ``otlab.sinkhorn`` within 5% of calling POT directly (``ot.dist`` + ``ot.bregman.sinkhorn_log``)
  on the same problem; a second row hands POT the very matrix otlab builds (scipy's cdist),
  which isolates otlab's own overhead.
- At ``--size`` points per side (default 4000): ``emd``, ``sinkhorn`` at a moderate eps and
  ``sliced_wasserstein``, with times and errors against the exact W1 (no target: the figures).
- ``sinkhorn_loss`` at B = 256 (forward + backward), the cost of one generator step's loss.
- Each slider of notebook 08 (its default sizes): at most 50 ms per move.

Wall-clock times on a shared machine are noisy: ratios (both sides under the same load) and
the CPU times of this process are the figures to read.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import ot
import scipy
import torch
from scipy.spatial.distance import cdist

import otlab
from otlab import toy

TARGET_MS = 50.0


def best_times(funcs: dict, repeat: int) -> dict:
    """Best CPU time of each function over ``repeat`` rounds, the functions alternating."""
    best = dict.fromkeys(funcs, np.inf)
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.process_time()
            func()
            best[name] = min(best[name], time.process_time() - start)
    return best


def timed_ms(calls) -> tuple[float, float]:
    """Median wall and CPU milliseconds of each zero-argument call."""
    wall, cpu = [], []
    for call in calls:
        w, c = time.perf_counter(), time.process_time()
        call()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return 1e3 * float(np.median(wall)), 1e3 * float(np.median(cpu))


def against_pot(repeat: int) -> list[str]:
    n, eps = 300, 0.1
    x, y = toy.sample("8gaussians", n, seed=0), toy.sample("gaussian", n, seed=1)
    unif = ot.unif(n)

    def pot():
        matrix = ot.dist(x, y, metric="euclidean")
        ot.bregman.sinkhorn_log(unif, unif, matrix, eps, numItermax=10_000)

    t = best_times(
        {
            "ours": lambda: otlab.sinkhorn(x, y, eps=eps),
            "pot": pot,
            "same": lambda: ot.bregman.sinkhorn_log(
                unif, unif, cdist(x, y), eps, numItermax=10_000
            ),
        },
        repeat,
    )
    iterations = otlab.sinkhorn(x, y, eps=eps).iterations
    lines = []
    for peer, name in (("pot", "ot.dist + sinkhorn_log"), ("same", "cdist + sinkhorn_log")):
        lines.append(
            f"sinkhorn {n}^2, eps={eps} ({iterations} it.) vs {name}: otlab {t['ours']:.3f} s, "
            f"POT {t[peer]:.3f} s ({t['ours'] / t[peer] - 1:+.1%}, CPU time, best of {repeat})"
        )
    # Under load the two sides above drift apart by more than 5% from noise alone. The overhead
    # proper is what otlab.sinkhorn spends outside POT's call, measured inside the same call.
    original, inside = ot.bregman.sinkhorn_log, []

    def recorded(*args, **kwargs):
        start = time.process_time()
        out = original(*args, **kwargs)
        inside.append(time.process_time() - start)
        return out

    totals = []
    ot.bregman.sinkhorn_log = recorded
    try:
        for _ in range(repeat):
            start = time.process_time()
            otlab.sinkhorn(x, y, eps=eps)
            totals.append(time.process_time() - start)
    finally:
        ot.bregman.sinkhorn_log = original
    overhead = float(np.median(np.array(totals) - np.array(inside)))
    share = overhead / float(np.median(inside))
    verdict = "PASS" if share <= 0.05 else "FAIL"
    lines.append(
        f"otlab.sinkhorn outside POT's sinkhorn_log (validation, cost matrix, potentials): "
        f"{1e3 * overhead:.1f} ms = {share:+.1%} of POT's {float(np.median(inside)):.3f} s "
        f"(target <= +5%) {verdict}"
    )
    return lines


def at_scale(size: int) -> list[str]:
    x, y = toy.sample("8gaussians", size, seed=0), toy.sample("gaussian", size, seed=1)
    lines = []
    start = time.perf_counter()
    exact = otlab.emd(x, y)
    seconds = time.perf_counter() - start
    lines.append(f"emd {size} x {size}: {seconds:.2f} s, W1 = {exact.distance:.4f} (exact)")
    eps = 0.05 * float(exact.cost_matrix.mean())  # moderate: 5% of the mean ground cost
    start = time.perf_counter()
    r = otlab.sinkhorn(x, y, eps=eps, max_iter=2000, tol=1e-6)
    seconds = time.perf_counter() - start
    lines.append(
        f"sinkhorn {size} x {size}, eps = {eps:.3f} (5% of the mean cost), tol 1e-6: "
        f"{seconds:.2f} s, {r.iterations} iterations, converged {r.converged}, cost "
        f"{r.cost:.4f} ({(r.cost - exact.cost) / exact.cost:+.2%} against W1)"
    )
    for count in (50, 500):
        start = time.perf_counter()
        value = otlab.sliced_wasserstein(x, y, n_projections=count, seed=0)
        seconds = time.perf_counter() - start
        lines.append(
            f"sliced_wasserstein {size} x {size}, {count} projections: {seconds:.3f} s, "
            f"SW1 = {value:.4f} ({(value - exact.distance) / exact.distance:+.1%} against W1)"
        )
    return lines


def loss_timing() -> list[str]:
    real = torch.tensor(toy.sample("8gaussians", 256, seed=0))
    lines = []
    threads = torch.get_num_threads()
    cases = [
        (threads_, p, eps, dtype)
        for threads_ in sorted({1, threads})
        for p, eps, dtype in (
            (1, 0.1, torch.float32),
            (1, 0.1, torch.float64),
            (2, 0.5, torch.float32),
            (2, 0.1, torch.float32),
        )
    ]
    for count, p, eps, dtype in cases:
        # On a busy machine torch's second thread mostly waits for a core: compare both.
        torch.set_num_threads(count)
        fake = torch.tensor(toy.sample("gaussian", 256, seed=1), dtype=dtype, requires_grad=True)

        def step(fake=fake, p=p, eps=eps, dtype=dtype):
            fake.grad = None
            otlab.sinkhorn_loss(fake, real.to(dtype), eps=eps, p=p).backward()

        step()  # warm up
        wall, cpu = timed_ms([step] * 7)
        lines.append(
            f"sinkhorn_loss B=256 (8gaussians vs N(0, I)), p={p}, eps={eps}, "
            f"{str(dtype).removeprefix('torch.')}, {count} thread(s), tol 1e-6: {wall:.0f} ms "
            f"wall, {cpu:.0f} ms CPU per forward + backward"
        )
    torch.set_num_threads(threads)
    return lines


def sliders(moves: int) -> list[str]:
    from otlab.widgets.entropic import EntropicApp, InterpolationApp, SlicedApp

    # Notebook 08's default (non-fast) settings.
    rng = np.random.default_rng(0)
    x = toy.sample("8gaussians", 50, seed=0, sd=0.2)
    y = toy.sample("gaussian", 40, seed=1)
    a, b = rng.dirichlet(np.ones(50)), rng.dirichlet(np.ones(40))
    eps_values = [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]
    apps = {
        "eps slider (EntropicApp)": (
            EntropicApp(x, y, a, b, eps_values=eps_values, eps=0.1),
            [(eps_values[k % len(eps_values)],) for k in range(moves)],
        ),
        "projections slider (SlicedApp)": (
            SlicedApp(x, y, counts=[1, 3, 10, 30, 100, 300], seeds=30, n_projections=10),
            [([1, 3, 10, 30, 100, 300][k % 6], k % 30) for k in range(moves)],
        ),
        "t slider (InterpolationApp)": (
            InterpolationApp(n=300, t=0.3),
            # Stops of the slider (step 0.02), as a student's moves produce them.
            [(round(0.02 * round(50 * t), 2),) for t in np.linspace(0, 1, moves)],
        ),
    }
    lines = []
    for name, (app, args) in apps.items():
        app.update(*args[0])  # warm caches
        wall, cpu = timed_ms([lambda a=arg, app=app: app.update(*a) for arg in args])
        verdict = "PASS" if wall <= TARGET_MS else "FAIL"
        lines.append(
            f"{name}: median {wall:.1f} ms wall, {cpu:.1f} ms CPU per move "
            f"(target <= {TARGET_MS:.0f} ms) {verdict}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument("--size", type=int, default=4000, help="points per side at scale")
    parser.add_argument("--moves", type=int, default=21, help="slider moves timed per app")
    parser.add_argument(
        "--skip-scale", action="store_true", help="leave out the --size run (minutes)"
    )
    args = parser.parse_args()
    print(
        f"otlab {otlab.__version__} | numpy {np.__version__} | scipy {scipy.__version__} | "
        f"POT {ot.__version__} | torch {torch.__version__} ({torch.get_num_threads()} threads) | "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} | best of {args.repeat}"
    )
    sections = {
        "otlab.sinkhorn against POT": lambda: against_pot(args.repeat),
        "sinkhorn_loss (torch)": loss_timing,
        "notebook 08's sliders": lambda: sliders(args.moves),
    }
    if not args.skip_scale:
        sections[f"at {args.size} points per side"] = lambda: at_scale(args.size)
    for title, section in sections.items():
        print(f"\n{title}", flush=True)
        for line in section():
            print(f"  {line}", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
