"""Speed of the live training console: frames per second and the redraw of one frame.

    .venv/bin/python benchmarks/bench_console.py [--frames 60]

One frame of "play" is what ``TrainingConsole.frame()`` does: ``speed`` training rounds
(``n_critic`` critic updates and one generator update), then a measurement (the generator's
samples and push, the exact W1 on 256 + 256 points with ``otlab.emd``, the exact transport
directions, the critic on a 48 x 48 grid, the warped noise grid) and a redraw (the four
panels moved by ``otlab.plot.console``'s ``update_*`` functions, blitted, encoded as JPEG).

Setting: WGAN-GP on 8gaussians, the default batch (256) and networks, speed 1. Targets: at
least 10 frames per second and a redraw of at most 30 ms. Medians of wall clock and of CPU
time of this process (CPU time is steadier on a shared machine); the load average is printed
because a busy machine slows every figure here.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from otlab.widgets import TrainingConsole

TARGET_FPS = 10.0
TARGET_REDRAW_MS = 30.0


def timed(call, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Wall and CPU milliseconds of ``count`` calls."""
    wall, cpu = [], []
    for _ in range(count):
        w, c = time.perf_counter(), time.process_time()
        call()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return 1e3 * np.array(wall), 1e3 * np.array(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=60, help="frames per measurement")
    args = parser.parse_args()
    n = args.frames

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    console = TrainingConsole("8gaussians", loss="wgan-gp", seed=0)
    console.run_frames(5)  # warm caches (fonts, POT, torch kernels)
    run = console.run
    config = run.config
    print(
        f"{config.name}, batch {config.batch_size}, n_critic {config.n_critic}, "
        f"{config.depth} x {config.width} networks, exact W1 on {config.n_eval} + "
        f"{config.n_eval} points; figure {console.live.figure.bbox.width:.0f} x "
        f"{console.live.figure.bbox.height:.0f} px"
    )

    renders = 0
    encode = console.live._encode

    def counting(image_format):  # counts the frames whose still background was re-rendered
        nonlocal renders
        renders += console.live._background is None
        return encode(image_format)

    console.live._encode = counting
    parts = {
        "frame (train + measure + redraw)": timed(console.frame, n),
        "  train: 1 round": timed(lambda: run.train(1), n),
        "  measure (exact W1, directions, grid)": timed(lambda: run.measure(record=False), n),
        "  redraw (update_* + blit + JPEG)": timed(lambda: console._show(console.frame_shown), n),
    }
    print(f"\n{n} frames each{'':18s}{'wall ms':>10s}{'CPU ms':>10s}")
    for label, (wall, cpu) in parts.items():
        print(f"  {label:38s}{np.median(wall):10.1f}{np.median(cpu):10.1f}")
    frame_wall, frame_cpu = parts["frame (train + measure + redraw)"]
    redraw_wall, redraw_cpu = parts["  redraw (update_* + blit + JPEG)"]
    fps, fps_cpu = 1e3 / np.median(frame_wall), 1e3 / np.median(frame_cpu)
    print(f"\nbackground re-rendered on {renders} of {3 * n} redraws (growing curve limits)")
    verdict = "PASS" if fps >= TARGET_FPS else "FAIL"
    print(
        f"{verdict}: {fps:.1f} frames/s wall ({fps_cpu:.1f} by CPU time), target >= "
        f"{TARGET_FPS:.0f}"
    )
    verdict = "PASS" if np.median(redraw_wall) <= TARGET_REDRAW_MS else "FAIL"
    print(
        f"{verdict}: redraw {np.median(redraw_wall):.1f} ms wall ({np.median(redraw_cpu):.1f} "
        f"ms CPU), target <= {TARGET_REDRAW_MS:.0f} ms"
    )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
