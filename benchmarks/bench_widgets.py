"""Latency of the divergence apps' slider callback: ``app.update(...)``, recompute + redraw.

    .venv/bin/python benchmarks/bench_widgets.py [--moves 41]

For the theta-shift app and the Gaussian app it prints the median latency of one slider move
(wall clock and CPU time of this process; CPU time is steadier on a shared machine), split into

- update:      ``app.update(...)`` as shipped: recompute, then ``LiveFigure`` blits a frame;
- recompute:   the same with the redraw stubbed out (otlab's core and artist updates only);
- redraw:      ``app.live.redraw()`` alone;
- savefig:     a full render of the same figure, to show what blitting saves; the blitted frame
  is compared with it pixel by pixel.

Target: <= 50 ms per move.
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
from PIL import Image

from otlab.widgets.divergences import GaussianShiftApp, ThetaShiftApp

TARGET_MS = 50.0


def timed(calls) -> tuple[float, float]:
    """Median wall and CPU milliseconds of each call in ``calls`` (zero-argument functions)."""
    wall, cpu = [], []
    for call in calls:
        w, c = time.perf_counter(), time.process_time()
        call()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return 1e3 * float(np.median(wall)), 1e3 * float(np.median(cpu))


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def full_render(figure) -> bytes:
    """What a redraw costs without blitting: a full ``savefig`` of the same figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return buffer.getvalue()


def report(name: str, app, moves: list[tuple]) -> dict:
    call = [lambda args=args: app.update(*args) for args in moves]
    app.update(*moves[0])  # warm caches (fonts, POT) before timing
    results = {"update": timed(call)}

    live = app.live
    redraw = live.redraw
    live.redraw = lambda: None
    results["  recompute only"] = timed(call)
    live.redraw = redraw
    results["  redraw only (blit)"] = timed([redraw] * len(moves))
    results["full savefig, for scale"] = timed([lambda: full_render(live.figure)] * len(moves))
    differ = float(
        np.mean(np.abs(pixels(live.png()) - pixels(full_render(live.figure))).max(axis=2) > 32)
    )

    print(
        f"\n{name}: {len(moves)} moves, figure {live.figure.bbox.width:.0f} x "
        f"{live.figure.bbox.height:.0f} px at dpi {live.figure.dpi:.0f}"
    )
    print(f"  {'':26s}{'wall ms':>10s}{'CPU ms':>10s}")
    for label, (wall, cpu) in results.items():
        print(f"  {label:26s}{wall:10.1f}{cpu:10.1f}")
    wall = results["update"][0]
    verdict = "PASS" if wall <= TARGET_MS else "FAIL"
    speedup = results["full savefig, for scale"][0] / results["  redraw only (blit)"][0]
    print(
        f"  {verdict}: median update {wall:.1f} ms (target <= {TARGET_MS:.0f} ms); "
        f"blitting redraws {speedup:.1f}x faster than savefig"
    )
    print(f"  blitted frame vs savefig frame: {100 * differ:.2f}% of pixels differ visibly")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=41, help="slider moves per measurement")
    args = parser.parse_args()
    k = args.moves

    print("Building the apps (first use of POT loads torch: several seconds)...")
    theta_app = ThetaShiftApp()
    gaussian_app = GaussianShiftApp()

    thetas = np.linspace(-1.0, 1.0, k)
    report("theta-shift app, theta slider", theta_app, [(t,) for t in thetas])
    gaps = np.linspace(-3.0, 3.0, k)
    report("Gaussian app, mean gap slider", gaussian_app, [(g, 1.0) for g in gaps])
    widths = np.linspace(0.1, 2.0, k)
    report("Gaussian app, width slider", gaussian_app, [(1.0, w) for w in widths])


if __name__ == "__main__":
    main()
