"""Speed of GAN training: generator steps per second for each loss, and notebook 06's table.

    .venv/bin/python benchmarks/bench_gan.py            # everything (a few minutes on 2 cores)
    .venv/bin/python benchmarks/bench_gan.py --skip-table

1. ``train_gan`` on 8gaussians, batch 256, default networks (width 64, depth 3) and
   n_critic = 5: generator steps per second for each loss (warm-up excluded; evaluation kept
   cheap with n_eval=64 so the figure is the training loop's).
2. The same for five seeds trained together by ``train_gan_seeds`` (steps per second per
   seed), against five separate ``train_gan`` calls.
3. The wall time of notebook 06's default mode-collapse table (section 3): 2 datasets x
   2 losses x 5 seeds, same settings as the notebook.

``train_gan`` and ``train_gan_seeds`` run PyTorch on one intra-op thread while they train
(``otlab.critics.network.cpu_threads``): for networks this small, threads cost more than they
save, and on a busy machine they made training up to 20x slower.
"""

from __future__ import annotations

import argparse
import time
import warnings

import torch

from otlab.gan import train_gan
from otlab.gan.train import LOSSES, train_gan_seeds

# Notebook 06, section 3 (keep in sync with the notebook).
TABLE_DATASETS = {"8gaussians": {"sd": 0.1}, "parallel_lines": {"theta": 1.0, "lines": 2}}
TABLE_LOSSES = ("gan", "wgan-gp")
TABLE_SEEDS = list(range(5))
TABLE_STEPS = 600
SMALL_NETS = {"width": 32, "depth": 3}
TABLE_OPTIONS = {**SMALL_NETS, "lr": 1e-3, "critic_lr": 1e-3}


def steps_per_second(loss: str, steps: int, **options) -> float:
    run = train_gan(
        "8gaussians",
        loss=loss,
        steps=steps,
        eval_every=steps,
        n_eval=64,
        seed=0,
        progress=False,
        **options,
    )
    return steps / run.seconds


def group_steps_per_second(loss: str, steps: int, seeds: list[int], **options) -> float:
    runs = train_gan_seeds(
        "8gaussians",
        seeds=seeds,
        loss=loss,
        steps=steps,
        eval_every=steps,
        n_eval=64,
        progress=False,
        **options,
    )
    return steps * len(seeds) / runs[0].seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="generator steps per timing")
    parser.add_argument("--skip-table", action="store_true", help="skip notebook 06's table")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    print(f"torch {torch.__version__}; training runs on 1 of {torch.get_num_threads()} threads")

    for loss in LOSSES:  # warm-up: imports, first allocations
        steps_per_second(loss, 2)

    print(
        f"\n1. train_gan, 8gaussians, batch 256, width 64, depth 3, n_critic 5, {args.steps} steps"
    )
    print(f"{'loss':<12}{'generator steps/s':>20}")
    for loss in LOSSES:
        print(f"{loss:<12}{steps_per_second(loss, args.steps):>20.1f}", flush=True)

    print("\n2. five seeds together (train_gan_seeds) against one seed alone, width 32")
    print(f"{'loss':<12}{'alone steps/s':>16}{'together, per seed':>22}{'ratio':>8}")
    for loss in ("gan", "wgan-gp"):
        alone = steps_per_second(loss, args.steps, **SMALL_NETS)
        together = group_steps_per_second(loss, args.steps, TABLE_SEEDS, **SMALL_NETS)
        print(f"{loss:<12}{alone:>16.1f}{together:>22.1f}{together / alone:>8.2f}", flush=True)

    if args.skip_table:
        return
    print(
        f"\n3. notebook 06 mode-collapse table: {len(TABLE_DATASETS)} datasets x "
        f"{len(TABLE_LOSSES)} losses x {len(TABLE_SEEDS)} seeds x {TABLE_STEPS} steps"
    )
    start = time.perf_counter()
    for data, params in TABLE_DATASETS.items():
        for loss in TABLE_LOSSES:
            t = time.perf_counter()
            train_gan_seeds(
                data,
                seeds=TABLE_SEEDS,
                loss=loss,
                steps=TABLE_STEPS,
                eval_every=TABLE_STEPS,
                data_params=params,
                progress=False,
                **TABLE_OPTIONS,
            )
            print(f"  {data:<15}{loss:<9}{time.perf_counter() - t:6.1f} s", flush=True)
    print(f"table wall time: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
