"""The live training console's panels, as plot_/update_ pairs, and its GIF export.

Each ``plot_console_*`` draws a panel once from an :class:`otlab.gan.Frame` (or a
:class:`otlab.gan.History`) and tags its moving artists with gids; the matching
``update_console_*`` moves them to a new frame. ``console_artists(ax)`` lists what moves,
for a blitting app to animate. An update returns True when the panel's still part changed
(axis limits), so the app re-renders its background that frame.
"""

from __future__ import annotations

import numpy as np

from otlab._validation import as_float_array, check_choice, check_finite, describe, fail
from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import as_path, as_real, as_result, as_results, count, public
from otlab.plot.gan import FAKE_COLOUR, REAL_COLOUR, loss_colour

__all__ = [
    "console_artists",
    "pixel_to_data",
    "plot_console_curves",
    "plot_console_field",
    "plot_console_manifold",
    "save_console_gif",
    "update_console_curves",
    "update_console_field",
    "update_console_manifold",
]

ARROWS = 64  # arrows drawn per field: enough to read the flow, few enough to stay legible
ARROW_LENGTH = 0.35  # data units per unit of gradient (transport arrows are unit vectors)
PUSH_COLOUR = "tab:red"
TRANSPORT_COLOUR = "white"
CONTOUR_LEVELS = 8
DRAWN_COLOUR = "tab:green"
# Curves of the console: history field -> (label, colour or None for the loss's, style).
DISTANCE_CURVES = {
    "w1": ("exact W1 (otlab.emd)", "black", "-"),
    "estimate": ("critic estimate E_r f - E_g f", None, "--"),
}
LOSS_CURVES = {
    "critic_loss": ("critic loss", None, "-"),
    "generator_loss": ("generator loss", FAKE_COLOUR, "-"),
}
MOVING_GIDS = (
    "critic",
    "contours",
    "real",
    "drawn",
    "fake",
    "push",
    "transport",
    "manifold",
    *DISTANCE_CURVES,
    *LOSS_CURVES,
)


FRAME = "otlab.gan.frame.Frame"
FRAME_MAKER = "otlab.gan.LiveTraining(...).measure"
HISTORY = "otlab.gan.frame.History"


def _tagged(ax, gid: str):
    return tagged(ax, gid, func="update_console")


def _frame(func: str, frame):
    return as_result(func, "frame", frame, FRAME, FRAME_MAKER)


def _history(func: str, history):
    return as_result(func, "history", history, HISTORY, "otlab.gan.LiveTraining(...).history")


@public
def console_artists(ax) -> list:
    """The artists of a console panel that move from frame to frame (to animate)."""
    check_axes("console_artists", ax)
    found = [a for a in (*ax.images, *ax.collections, *ax.lines) if a.get_gid() in MOVING_GIDS]
    return found


def _arrow_rows(m: int) -> np.ndarray:
    """Indices of the samples that carry arrows: ARROWS of them, spread over the batch."""
    return np.unique(np.linspace(0, m - 1, min(ARROWS, m)).round().astype(int))


def _push_arrows(push: np.ndarray) -> np.ndarray:
    """Arrow vectors of the generator's push: ARROW_LENGTH per unit gradient, at most 3x that."""
    arrows = ARROW_LENGTH * push
    length = np.linalg.norm(arrows, axis=1, keepdims=True)
    cap = 3 * ARROW_LENGTH
    return np.where(length > cap, arrows * cap / np.maximum(length, 1e-300), arrows)


@public
def plot_console_field(frame, *, ax=None, cmap: str = "viridis"):
    """The critic as a heat map with contours, real points (grey), generated points (orange),
    and on ARROWS of the generated points two arrows: where the generator's loss pushes it
    (red, length ~ gradient) and the exact transport direction (white, unit length).

    gids: ``"critic"``, ``"contours"``, ``"real"``, ``"drawn"`` (points being drawn, empty at
    first), ``"fake"``, ``"push"``, ``"transport"``.
    """
    frame = _frame("plot_console_field", frame)
    from matplotlib.collections import LineCollection

    ax = axes_or_new(ax, figsize=(5, 5))
    gx, gy = frame.grid
    ax.imshow(
        np.zeros((gy.size, gx.size)) if frame.critic is None else frame.critic,
        extent=(gx[0], gx[-1], gy[0], gy[-1]),
        origin="lower",
        cmap=cmap,
        aspect="auto",
        interpolation="bilinear",
        gid="critic",
    )
    ax.add_collection(LineCollection([], colors="white", linewidths=0.6, alpha=0.5, gid="contours"))
    ax.scatter(frame.real[:, 0], frame.real[:, 1], s=6, color=REAL_COLOUR, gid="real")
    ax.scatter([], [], s=30, marker="+", color=DRAWN_COLOUR, gid="drawn")
    ax.scatter(frame.samples[:, 0], frame.samples[:, 1], s=5, color=FAKE_COLOUR, gid="fake")
    rows = _arrow_rows(frame.samples.shape[0])
    style = {"angles": "xy", "scale_units": "xy", "scale": 1.0, "width": 0.004}
    start = frame.samples[rows]
    transport = ARROW_LENGTH * frame.direction[rows]
    push = _push_arrows(frame.push[rows])
    ax.quiver(*start.T, *transport.T, color=TRANSPORT_COLOUR, gid="transport", **style)
    ax.quiver(*start.T, *push.T, color=PUSH_COLOUR, gid="push", **style)
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    update_console_field(ax, frame)
    return ax


@public
def update_console_field(ax, frame, drawn=None) -> bool:
    """Move the panel of :func:`plot_console_field` to ``frame`` (``drawn``: (k, 2) points
    being drawn). Returns True when the view changed (new data limits)."""
    check_axes("update_console_field", ax)
    frame = _frame("update_console_field", frame)
    drawn = _drawn("update_console_field", drawn)
    gx, gy = frame.grid
    image = _tagged(ax, "critic")
    values = np.zeros((gy.size, gx.size)) if frame.critic is None else frame.critic
    image.set_data(values)
    low, high = float(values.min()), float(values.max())
    image.set_clim(low, high if high > low else low + 1.0)
    image.set_extent((gx[0], gx[-1], gy[0], gy[-1]))
    _tagged(ax, "contours").set_segments(_contour_segments(gx, gy, frame.critic))
    _tagged(ax, "real").set_offsets(frame.real)  # moving: it is drawn over the heat map
    _tagged(ax, "drawn").set_offsets(drawn)
    _tagged(ax, "fake").set_offsets(frame.samples)
    rows = _arrow_rows(frame.samples.shape[0])
    start = frame.samples[rows]
    transport = _tagged(ax, "transport")
    transport.set_offsets(start)
    transport.set_UVC(*(ARROW_LENGTH * frame.direction[rows]).T)
    push = _tagged(ax, "push")
    push.set_offsets(start)
    push.set_UVC(*_push_arrows(frame.push[rows]).T)
    # The title changes with the loss only: text is slow to render, so it is not redrawn
    # every frame (an app re-renders its background when this returns True).
    title = _field_title(frame)
    retitled = ax.get_title() != title
    if retitled:
        ax.set_title(title, fontsize="small")
    return _set_view(ax, gx, gy) or retitled


def _drawn(func: str, drawn) -> np.ndarray:
    """The (k, 2) points a student is drawing (none: an empty array)."""
    if drawn is None:
        return np.empty((0, 2))
    arr = check_finite(func, "drawn", as_float_array(func, "drawn", drawn))
    if arr.ndim != 2 or arr.shape[1] != 2:
        fail(func, "`drawn` as (k, 2) points", describe(arr), "stack the points as rows")
    return arr


def _loss_names() -> tuple:
    from otlab.gan.losses import LOSSES  # the table of losses, no torch needed

    return tuple(LOSSES)


def _move_data(ax, real) -> bool:
    """Show the data ``real`` on the manifold panel, where it is part of the still background
    (it changes only when the student picks or draws new data): True when it changed."""
    scatter = _tagged(ax, "data")
    if np.array_equal(scatter.get_offsets(), real):
        return False
    scatter.set_offsets(real)
    return True


def _field_title(frame) -> str:
    from otlab.gan.losses import LOSSES

    row = LOSSES[frame.loss.split("+")[0]]
    shown = "critic f" if row.gap_estimates_w1 else "D = sigmoid(f)"
    shown = shown if row.has_critic else "no critic"
    return f"{frame.loss} ({shown} in colour)\nred: generator's push; white: exact transport"


def _set_view(ax, gx, gy) -> bool:
    view = ((float(gx[0]), float(gx[-1])), (float(gy[0]), float(gy[-1])))
    if (tuple(ax.get_xlim()), tuple(ax.get_ylim())) == view:
        return False
    ax.set_xlim(*view[0])
    ax.set_ylim(*view[1])
    return True


def _contour_segments(gx, gy, values) -> list:
    """Contour lines of ``values`` on the grid at CONTOUR_LEVELS levels (contourpy, the
    library matplotlib's own ``contour`` calls), as segments for a LineCollection."""
    if values is None or not np.all(np.isfinite(values)) or np.ptp(values) == 0:
        return []
    import contourpy

    generator = contourpy.contour_generator(gx, gy, values, line_type=contourpy.LineType.Separate)
    levels = np.linspace(values.min(), values.max(), CONTOUR_LEVELS + 2)[1:-1]
    return [line for level in levels for line in generator.lines(level)]


@public
def plot_console_manifold(frame, *, ax=None):
    """The noise grid warped by the generator (gid ``"manifold"``) over the real points
    (``"data"``, still): where the generator sends each line of the noise square."""
    frame = _frame("plot_console_manifold", frame)
    from matplotlib.collections import LineCollection

    ax = axes_or_new(ax, figsize=(5, 5))
    ax.scatter(frame.real[:, 0], frame.real[:, 1], s=6, color=REAL_COLOUR, gid="data")
    half = frame.manifold.shape[0] // 2
    colours = ["tab:blue"] * half + ["tab:purple"] * (frame.manifold.shape[0] - half)
    ax.add_collection(
        LineCollection(frame.manifold, colors=colours, linewidths=0.7, alpha=0.8, gid="manifold")
    )
    ax.set_xlabel("x1")
    ax.set_title("manifold: the noise grid through the generator", fontsize="small")
    gx, gy = frame.grid
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    return ax


@public
def update_console_manifold(ax, frame) -> bool:
    """Move the panel of :func:`plot_console_manifold` to ``frame``; True when the view changed."""
    check_axes("update_console_manifold", ax)
    frame = _frame("update_console_manifold", frame)
    _tagged(ax, "manifold").set_segments(list(frame.manifold))
    moved = _move_data(ax, frame.real)
    return _set_view(ax, *frame.grid) or moved


@public
def plot_console_curves(history, *, ax=None, which: str = "distances", loss: str = "wgan-gp"):
    """Curves against generator steps: ``which="distances"`` the exact W1 and the critic's
    estimate, ``"losses"`` the critic's and the generator's losses. One line per history
    field, with that field's name as gid; :func:`update_console_curves` moves them."""
    func = "plot_console_curves"
    _history(func, history)
    check_choice(func, "which", which, ("distances", "losses"))
    if not isinstance(loss, str) or loss.split("+")[0] not in _loss_names():
        fail(
            func,
            f"`loss` one of {', '.join(map(repr, _loss_names()))}",
            describe(loss),
            "pass the loss of the run, e.g. loss='wgan-gp'",
        )
    ax = axes_or_new(ax)
    curves = DISTANCE_CURVES if which == "distances" else LOSS_CURVES
    for name, (label, colour, style) in curves.items():
        ax.plot([], [], style, lw=1.2, color=colour or loss_colour(loss), label=label, gid=name)
    ax.set_xlabel("generator steps")
    ax.set_ylabel("data units" if which == "distances" else "loss")
    ax.legend(fontsize="small", loc="upper right")
    ax.set_xlim(0, 16)
    ax.set_ylim(-0.1, 1.0)
    update_console_curves(ax, history)
    return ax


@public
def update_console_curves(ax, history) -> bool:
    """Show ``history`` on a panel of :func:`plot_console_curves`. The limits only grow
    (steps to the next power of 2, values with a margin), so they rarely change, except that
    the steps start again at 16 for a new run; returns True when they changed."""
    check_axes("update_console_curves", ax)
    _history("update_console_curves", history)
    columns = history.arrays()
    steps = columns["generator_steps"]
    values = []
    for line in ax.lines:
        name = line.get_gid()
        if name in columns:
            line.set_data(steps, columns[name])
            values.append(columns[name])
    values = np.concatenate(values) if values else np.empty(0)
    values = values[np.isfinite(values)]
    changed = False
    right = ax.get_xlim()[1]
    last = float(steps.max()) if steps.size else 0.0
    if last > right or (right > 16 and last < right / 4):  # grown past, or a new run
        ax.set_xlim(0, max(16, 2 ** int(np.ceil(np.log2(max(last, 1.0))))))
        changed = True
    if values.size:
        low, high = ax.get_ylim()
        if values.min() < low or values.max() > high:
            span = max(values.max(), high) - min(values.min(), low)
            ax.set_ylim(min(values.min(), low) - 0.1 * span, max(values.max(), high) + 0.25 * span)
            changed = True
    return changed


@public
def pixel_to_data(ax, x_px: float, y_px: float):
    """The data coordinates of pixel (x_px, y_px) of the figure's image (origin at the top
    left, as a browser reports a click), or None when the pixel is outside ``ax``."""
    check_axes("pixel_to_data", ax)
    x_px, y_px = as_real("pixel_to_data", "x_px", x_px), as_real("pixel_to_data", "y_px", y_px)
    height = ax.figure.bbox.height
    display = (x_px, height - y_px)
    if not ax.bbox.contains(*display):
        return None
    x, y = ax.transData.inverted().transform(display)
    return float(x), float(y)


@public
def save_console_gif(frames, path, *, fps: int = 8, dpi: int = 60) -> int:
    """An animated GIF of a run's frames (:attr:`otlab.gan.LiveTraining.frames`): the field
    panel and the W1 curves, one GIF frame per frame, encoded by Pillow. Returns the number of
    frames written."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from otlab.gan.frame import History

    func = "save_console_gif"
    if isinstance(frames, (list, tuple)) and not frames:
        fail(
            func,
            "at least one frame",
            "none",
            "train or step the run first (each measurement adds a frame)",
        )
    frames = as_results(func, "frames", frames, FRAME, FRAME_MAKER)
    fps = count(func, "fps", fps, maximum=1000)
    dpi = count(func, "dpi", dpi, maximum=1000)
    path = as_path(func, "path", path, ".gif")
    figure = Figure(figsize=(9, 4.2), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    field, curves = figure.subplots(ncols=2)
    plot_console_field(frames[0], ax=field)
    plot_console_curves(History(), ax=curves, loss=frames[-1].loss.split("+")[0])
    history = History()
    figure.canvas.draw()  # constrained layout once: redone for every frame it doubles the cost
    figure.set_layout_engine("none")
    images = []
    for frame in frames:  # one draw per frame (matplotlib's PillowWriter draws each twice)
        update_console_field(field, frame)
        history.add(frame)
        update_console_curves(curves, history)
        figure.canvas.draw()
        images.append(Image.fromarray(np.asarray(figure.canvas.buffer_rgba())).convert("RGB"))
    duration = round(1000 / fps)  # milliseconds per frame
    images[0].save(path, save_all=True, append_images=images[1:], duration=duration, loop=0)
    return len(frames)
