"""Latency of the divergence apps' slider callback: ``app.update(...)``, recompute + redraw.

    .venv/bin/python benchmarks/bench_widgets.py [--moves 41]

For the theta-shift app and the Gaussian app it prints the median latency of one slider move
(wall clock and CPU time of this process; CPU time is steadier on a shared machine), split into

- update:      ``app.update(...)`` as shipped, redraw = ``LiveFigure.png`` (a full ``savefig``);
- recompute:   the same with the redraw stubbed out (otlab's core and artist updates only);
- redraw:      ``app.live.redraw()`` alone; of which Agg draw and PNG encoding;
- blit update: ``app.update(...)`` with a blitting ``png`` (proposal for ``LiveFigure``): the
  still background is rendered once, each frame restores it, draws the ``animated`` artists
  only and encodes with zlib level 1. Its frames are compared with ``savefig``'s pixels.

Target: <= 50 ms per move.
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from otlab.widgets.divergences import GaussianShiftApp, ThetaShiftApp

TARGET_MS = 50.0


class BlitPNG:
    """Drop-in for ``LiveFigure.png``: blit the animated artists onto a cached background.

    A frame of these apps spends nearly all of its time laying out and rasterising text (tick
    labels, legends, titles) that never changes; the artists that move are flagged animated,
    so ``canvas.draw()`` leaves them out of the background and ``draw_artist`` adds them back.
    """

    def __init__(self, figure, *, compress_level: int = 1):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.compress_level = compress_level
        self.background = None
        self.animated = []

    def __call__(self) -> bytes:
        if self.background is None:  # first frame, or after a change to the still part
            self.canvas.draw()  # animated artists are skipped when not saving
            self.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self.animated = self.figure.findobj(lambda artist: artist.get_animated())
        else:
            self.canvas.restore_region(self.background)
        for artist in self.animated:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=self.compress_level)
        return buffer.getvalue()


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


def report(name: str, app, moves: list[tuple]) -> dict:
    call = [lambda args=args: app.update(*args) for args in moves]
    app.update(*moves[0])  # warm caches (fonts, POT) before timing
    results = {"update": timed(call)}

    live = app.live
    redraw = live.redraw
    live.redraw = lambda: None
    results["recompute"] = timed(call)
    live.redraw = redraw
    results["redraw"] = timed([redraw] * len(moves))
    canvas = FigureCanvasAgg(live.figure)
    results["  Agg draw, still part"] = timed([canvas.draw] * len(moves))
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())

    def encode(level):
        return lambda: image.save(io.BytesIO(), format="png", compress_level=level)

    results["  PNG encode (zlib 6)"] = timed([encode(6)] * len(moves))

    # The proposal: same update, blitting png. Check its last frame against savefig's pixels.
    live.png = BlitPNG(live.figure)
    results["blit update"] = timed(call)
    fast = pixels(live.png())
    del live.png  # back to LiveFigure.png (savefig)
    slow = pixels(live.png())
    differ = float(np.mean(np.abs(fast - slow).max(axis=2) > 32))

    print(
        f"\n{name}: {len(moves)} moves, figure {live.figure.bbox.width:.0f} x "
        f"{live.figure.bbox.height:.0f} px at dpi {live.dpi}"
    )
    print(f"  {'':24s}{'wall ms':>10s}{'CPU ms':>10s}")
    for label, (wall, cpu) in results.items():
        print(f"  {label:24s}{wall:10.1f}{cpu:10.1f}")
    ratio = results["update"][0] / results["blit update"][0]
    verdict = "meets" if results["update"][0] <= TARGET_MS else "misses"
    print(f"  as shipped {verdict} the {TARGET_MS:.0f} ms target; blitting is {ratio:.1f}x faster")
    print(f"  blit frame vs savefig frame: {100 * differ:.2f}% of pixels differ visibly")
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
