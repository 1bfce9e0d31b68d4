"""Is otlab's training engine faster than the loop a user would write? And does it converge?

    .venv/bin/python benchmarks/bench_gan.py              # speed, then convergence (minutes)
    .venv/bin/python benchmarks/bench_gan.py --speed      # only the speed table
    .venv/bin/python benchmarks/bench_gan.py --converge wgan-gp --seeds 0 1

1. Speed. For every loss, ``train_gan`` against ``plain_loop`` below: the loop a user writes
   from the papers, with the same networks (3 x 64 ReLU MLPs), batch 256, n_critic 5, the
   same optimiser and learning rates, one CPU thread, on 8gaussians. Both run in this process,
   interleaved, best of five, and the script prints generator steps per second by the wall
   clock and by CPU time (the process's, which a busy shared machine disturbs less), and the
   ratios. ``train_gan`` evaluates only at its first and last step, on 64 points, so the
   figure is its training loop's. Targets (wall clock): wgan-gp at least 1.5x its plain loop;
   no loss slower.
2. Convergence. ``train_gan("8gaussians", loss=..., seed=s)`` at its defaults, one seed at a
   time as a student runs it: wall seconds, the modes covered by 2000 samples
   (``mode_coverage``'s 3-sd rule), the training seconds until an evaluation first saw all 8,
   and the final exact W1. Targets: wgan-gp and wgan-exact cover 8 of 8 modes for at least 4
   of seeds 0-4, each run at most 60 s; the minimax gan's W1 falls.
"""

from __future__ import annotations

import argparse
import os
import time
from functools import partial

import numpy as np
import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from otlab import toy
from otlab.gan import LOSSES, mode_coverage, preset_config, train_gan

SPEED_STEPS = 60
BATCH = 256


def plain_loop(loss: str, steps: int, seed: int = 0) -> None:
    """``steps`` generator steps of ``loss``, written as a user would from the papers."""
    config = preset_config(loss=loss).validate("bench")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)

    def mlp(d_in, d_out, sn=False):
        wrap = spectral_norm if sn else (lambda layer: layer)
        return nn.Sequential(
            wrap(nn.Linear(d_in, 64)), nn.ReLU(), wrap(nn.Linear(64, 64)), nn.ReLU(),
            wrap(nn.Linear(64, 64)), nn.ReLU(), wrap(nn.Linear(64, d_out)),
        )  # fmt: skip

    G, D = mlp(2, 2), mlp(2, 1, sn=loss == "wgan-sn")
    if config.optimizer == "rmsprop":
        opt_g = torch.optim.RMSprop(G.parameters(), lr=config.lr)
        opt_d = torch.optim.RMSprop(D.parameters(), lr=config.critic_lr)
    else:
        opt_g = torch.optim.Adam(G.parameters(), lr=config.lr, betas=config.betas)
        opt_d = torch.optim.Adam(D.parameters(), lr=config.critic_lr or 1e-3, betas=config.betas)

    def real_batch():
        return torch.as_tensor(toy.sample("8gaussians", BATCH, seed=rng), dtype=torch.float32)

    softplus = nn.functional.softplus
    for _ in range(steps):
        if LOSSES[loss].has_critic:
            for _ in range(config.n_critic):
                real, fake = real_batch(), G(torch.randn(BATCH, 2)).detach()
                if loss in ("gan", "gan-ns"):
                    loss_d = softplus(-D(real)).mean() + softplus(D(fake)).mean()
                else:
                    loss_d = D(fake).mean() - D(real).mean()
                if loss in ("wgan-gp", "wgan-lp"):
                    eps = torch.rand(BATCH, 1)
                    hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
                    (grad,) = torch.autograd.grad(D(hat).sum(), hat, create_graph=True)
                    excess = grad.norm(dim=1) - 1
                    excess = excess if loss == "wgan-gp" else excess.clamp(min=0)
                    loss_d = loss_d + config.penalty_weight * (excess**2).mean()
                opt_d.zero_grad()
                loss_d.backward()
                opt_d.step()
                if loss == "wgan-clip":
                    for p in D.parameters():
                        p.data.clamp_(-config.clip, config.clip)
        fake = G(torch.randn(BATCH, 2))
        if loss == "wgan-exact":
            import ot

            w = torch.full((BATCH,), 1.0 / BATCH, dtype=torch.float64)
            loss_g = ot.emd2(w, w, torch.cdist(fake.double(), real_batch().double()))
        elif loss == "sinkhorn":
            import ot

            loss_g = ot.bregman.empirical_sinkhorn_divergence(
                fake, real_batch(), reg=config.eps, metric="euclidean"
            )
        elif loss == "gan":
            loss_g = -softplus(D(fake)).mean()
        elif loss == "gan-ns":
            loss_g = softplus(-D(fake)).mean()
        else:
            loss_g = -D(fake).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()


def _rates(run) -> tuple[float, float]:
    """Generator steps per second of ``run()`` by the wall clock and by CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return SPEED_STEPS / (time.perf_counter() - wall), SPEED_STEPS / (time.process_time() - cpu)


def speed() -> bool:
    print(f"\n1. generator steps/s, 8gaussians, batch {BATCH}, 3 x 64 nets, best of 5")
    print(
        f"{'loss':<12}{'plain wall':>11}{'otlab wall':>11}{'ratio':>7}"
        f"{'plain cpu':>11}{'otlab cpu':>11}{'ratio':>7}  target (wall)"
    )
    torch.set_num_threads(1)
    ok = True
    for loss in LOSSES:
        if loss == "sinkhorn":  # POT's empirical_sinkhorn_divergence: seconds per step here
            print(
                f"{'sinkhorn':<12}not timed: the plain loop on POT's debiased divergence takes "
                "seconds a step; see benchmarks/bench_entropic.py for sinkhorn_loss"
            )
            continue
        plain_loop(loss, 3)  # warm-up: imports, first allocations
        train_gan("8gaussians", loss=loss, steps=3, progress=False)
        # Evaluated at the first and last step only, on 64 points: the figure is the training
        # loop's (a real run evaluates 20 times on 512 points, on a second thread).
        options = {"loss": loss, "steps": SPEED_STEPS, "eval_every": SPEED_STEPS, "n_eval": 64}
        plain, ours = [], []
        for _ in range(5):
            plain.append(_rates(partial(plain_loop, loss, SPEED_STEPS)))
            ours.append(_rates(partial(train_gan, "8gaussians", seed=0, progress=False, **options)))
        (p_wall, p_cpu), (o_wall, o_cpu) = np.max(plain, axis=0), np.max(ours, axis=0)
        target = 1.5 if loss == "wgan-gp" else 1.0
        passed = o_wall / p_wall >= target
        ok &= passed
        print(
            f"{loss:<12}{p_wall:11.1f}{o_wall:11.1f}{o_wall / p_wall:7.2f}"
            f"{p_cpu:11.1f}{o_cpu:11.1f}{o_cpu / p_cpu:7.2f}  >= {target:.1f}x "
            f"{'PASS' if passed else 'FAIL'}",
            flush=True,
        )
    return ok


def converge(losses: list[str], seeds: list[int]) -> bool:
    print("\n2. train_gan('8gaussians', loss=..., seed=s) at its defaults, one seed at a time")
    header = f"{'loss':<12}{'seed':>5}{'wall s':>8}{'modes':>7}{'to 8 modes s':>14}"
    print(header + f"{'W1 start':>10}{'W1 end':>8}")
    ok = True
    for loss in losses:
        covered, fell, modes_seen = [], [], []
        for seed in seeds:
            start = time.perf_counter()
            run = train_gan("8gaussians", loss=loss, seed=seed, progress=False)
            wall = time.perf_counter() - start
            modes = mode_coverage(run.sample(2000, seed=0), "8gaussians").modes_covered
            covered.append(modes == 8 and wall <= 60)
            fell.append(run.final_w1 < run.w1[0])
            modes_seen.append(modes)
            print(
                f"{loss:<12}{seed:5d}{wall:8.1f}{modes:7d}{run.seconds_to(8):14.1f}"
                f"{run.w1[0]:10.3f}{run.final_w1:8.3f}",
                flush=True,
            )
        if not LOSSES[loss].gap_estimates_w1:  # the GANs: does W1 fall, and to how many modes?
            print(
                f"  {loss}: W1 fell for {sum(fell)} of {len(seeds)} seeds; "
                f"modes covered {modes_seen}"
            )
        if loss in ("wgan-gp", "wgan-exact"):
            need = min(4, len(seeds) - 1) if len(seeds) == 5 else len(seeds)
            passed = sum(covered) >= need
            ok &= passed
            print(
                f"  {loss}: 8/8 modes within 60 s for {sum(covered)} of {len(seeds)} seeds "
                f"(target >= {need}) {'PASS' if passed else 'FAIL'}"
            )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="only the speed table")
    parser.add_argument("--converge", nargs="*", help="only convergence, for these losses")
    parser.add_argument("--seeds", nargs="*", type=int, default=list(range(5)))
    args = parser.parse_args()
    print(
        f"torch {torch.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    ok = True
    if args.converge is None:
        ok &= speed()
    if not args.speed:
        ok &= converge(args.converge or ["wgan-gp", "wgan-exact", "gan", "gan-ns"], args.seeds)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; overall {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
