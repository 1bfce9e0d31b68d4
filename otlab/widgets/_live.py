"""The shared machinery of every app: a figure redrawn in place, shown next to its controls.

Why PNG in an ``ipywidgets.Image`` rather than ``%matplotlib widget``: it needs no front-end
extension and works the same in JupyterLab, Voila and a static export.

Why blitting: nearly all of a frame's render time goes to text (tick labels, legends, titles)
that never changes when a slider moves. So the still part of the figure is rendered once and
cached; each frame restores that background and draws only the artists flagged as moving
(``live.animate(artist, ...)``). An app whose still part changes (new axis limits, a new
dataset) calls ``live.invalidate()``. See benchmarks/bench_widgets.py for the figures.
"""

from __future__ import annotations

import base64
import html
import io
import os

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from otlab.widgets import _checks, _static

SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider)


class LiveFigure:
    """A matplotlib ``Figure`` (not attached to pyplot) shown as a PNG image widget.

    Parameters
    ----------
    figsize : (float, float)
        Size in inches.
    dpi : int
        Resolution of the PNG; 80 keeps a redraw fast and sharp enough on a projector.
    image_format : {"png", "jpeg"}
        What :meth:`redraw` sends to the image widget. PNG is exact; JPEG (quality 90) encodes
        a large figure about 7x faster, for apps that redraw many times a second (the
        training console). Static exports are PNG either way.
    **subplots
        Passed to ``Figure.subplots`` (``ncols=2``, ``width_ratios=...``).
    """

    def __init__(self, figsize=(8.0, 3.5), dpi: int = 80, image_format: str = "png", **subplots):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(**subplots)
        # Shown at its own pixel size (a stretched PNG looks blurry), shrinking on narrow pages.
        width_px = round(figsize[0] * dpi)
        self.format = image_format
        self.image = widgets.Image(
            format=image_format, layout=widgets.Layout(width=f"{width_px}px", max_width="100%")
        )
        self._background = None  # cached render of the still part, None until the first frame
        self._moving: list = []
        self._laid_out = False

    def animate(self, *artists) -> None:
        """Flag artists that move with the controls: only these are redrawn on each frame."""
        for artist in artists:
            artist.set_animated(True)
        self.invalidate()

    def invalidate(self) -> None:
        """Forget the cached still part (call after changing limits, labels or still artists)."""
        self._background = None

    def png(self) -> bytes:
        """The current frame as PNG bytes.

        With no artist flagged by :meth:`animate`, every frame is a full render.
        """
        return self._encode("png")

    def _encode(self, image_format: str) -> bytes:
        if not self._laid_out:
            # Lay the figure out once and keep it: constrained layout would otherwise redo
            # a full draw inside every frame and could shift the axes while a slider moves.
            self.figure.draw_without_rendering()
            self.figure.set_layout_engine("none")
            self._laid_out = True
        if self._background is None:
            self.canvas.draw()  # skips animated artists: this is the still background
            self._moving = self.figure.findobj(lambda artist: artist.get_animated())
            # Without moving artists there is nothing to blit: render in full every frame.
            self._background = (
                self.canvas.copy_from_bbox(self.figure.bbox) if self._moving else None
            )
        else:
            self.canvas.restore_region(self._background)
        for artist in self._moving:
            if artist.get_visible() and artist.axes is not None:
                artist.axes.draw_artist(artist)
        size = self.canvas.get_width_height()
        frame = Image.frombuffer("RGBA", size, self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        if image_format == "jpeg":
            frame.convert("RGB").save(buffer, format="jpeg", quality=90)
        else:
            frame.save(buffer, format="png", compress_level=1)  # speed over a few kB
        return buffer.getvalue()

    def redraw(self) -> None:
        """Render the frame and push it to the image widget (one message to the browser)."""
        self.image.value = self._encode(self.format)


class App:
    """Base of the course's apps: ``self.widget`` holds the layout, ``self.live`` the figure.

    Subclasses build their controls, call ``self.update(...)`` once, and wire each control
    to a small handler that calls ``update``. ``update`` must recompute through otlab's core
    and then call ``self.live.redraw()``. An app with a ``readout`` (an ``ipywidgets.HTML``
    showing its numbers) gets that readout in static exports too, and as the figure's alt text
    (in static pages here; in ``otlab present`` its Voila template does the same, because
    ipywidgets' Image has no alt and Voila fails to draw an Image given a tooltip).

    Static pages get working sliders for free: every slider in ``self.widget`` (int, float,
    log and selection sliders) is swept over ``static_positions`` positions by
    :meth:`static_view` and the page swaps the saved frames (see :mod:`otlab.widgets._static`).
    An app whose update is slow sets a smaller ``static_positions``.
    """

    widget: widgets.Widget
    live: LiveFigure
    static_positions: int = _static.POSITIONS
    # Bad input (see otlab.widgets._checks): the constructor raises, naming the app; these
    # callbacks show the message in the readout, under ``refusal``, and keep the last figure.
    callbacks: tuple[str, ...] = ("update",)
    refusal: str = "Cannot show this"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__init__" in vars(cls):
            cls.__init__ = _checks.constructor(cls.__name__, vars(cls)["__init__"])
        for name in cls.callbacks:
            if name in vars(cls):
                method = _checks.callback(f"{cls.__name__}.{name}", vars(cls)[name])
                setattr(cls, name, method)

    def show_error(self, error: Exception) -> None:
        """Show a refused value in the readout (a callback's bad input, see ``callbacks``)."""
        self.readout.value = _checks.error_html(self.refusal, error)

    @property
    def caption(self) -> str:
        """What the figure shows, in words: the first line of the app's docstring."""
        doc = (type(self).__doc__ or type(self).__name__).strip()
        return doc.split("\n\n")[0].replace("\n", " ").rstrip(".")

    def static_sliders(self) -> list:
        """The app's enabled sliders with more than one position, in the order shown."""
        found, stack = [], [self.widget]
        while stack:
            widget = stack.pop(0)
            if isinstance(widget, SLIDERS) and not widget.disabled and len(positions(widget)) > 1:
                found.append(widget)
            stack[:0] = list(getattr(widget, "children", ()))
        return found

    def alt_text(self) -> str:
        """The figure's alt text: its caption and the numbers of the readout."""
        readout = getattr(self, "readout", None)
        return _static.alt_text(self.caption, readout.value if readout is not None else "")

    def static_view(self, count: int | None = None) -> dict:
        """The app's outcomes over each slider's range, for a page with no kernel.

        Each slider is set to ``count`` positions spread over its range (every position when it
        has fewer) with the others at their current values, exactly as a student would move
        it; the figure and readout after each move are recorded, then every slider is put back.

        Returns
        -------
        dict
            ``title``, ``width`` (pixels), ``images`` (base64 PNGs, each distinct frame once),
            ``current`` ([image, readout html, alt] now) and ``sliders`` (those that change the
            figure or the readout somewhere on their range): per slider its
            ``label``, ``labels`` (the value at each position), ``start`` (the position of its
            current value) and ``frames`` ([image, readout html, alt] at each position).
        """
        count = count or self.static_positions
        readout = getattr(self, "readout", None)
        images: dict[bytes, int] = {}

        def frame() -> list:
            png = _static.compact_png(self.live.image.value or self.live.png())
            text = readout.value if readout is not None else ""
            return [images.setdefault(png, len(images)), text, self.alt_text()]

        sliders = self.static_sliders()
        before = [slider.value for slider in sliders]
        current = frame()
        sweeps = []
        for slider, value in zip(sliders, before, strict=True):
            values = positions(slider, count)
            start = _closest(values, value)
            values[start] = value  # the current state is one of the frames, exactly
            sweep = {"label": slider.description, "labels": [], "start": start, "frames": []}
            for v in values:
                slider.value = v
                sweep["labels"].append(_label(slider))
                sweep["frames"].append(frame())
            for other, old in zip(sliders, before, strict=True):
                other.value = old
            # A slider that changes nothing on its own (a setting read when training starts)
            # would only look broken on a static page: it is left out.
            if any(frame[:2] != current[:2] for frame in sweep["frames"]):
                sweeps.append(sweep)
        # Only the images still referred to, renumbered in order.
        used = sorted({current[0], *(f[0] for sweep in sweeps for f in sweep["frames"])})
        renumber = {old: new for new, old in enumerate(used)}
        for frame in [current, *(f for sweep in sweeps for f in sweep["frames"])]:
            frame[0] = renumber[frame[0]]
        pngs = list(images)
        return {
            "title": self.caption,
            "width": self.live.figure.canvas.get_width_height()[0],
            "images": [base64.b64encode(pngs[i]).decode("ascii") for i in used],
            "current": current,
            "sliders": sweeps,
        }

    def _repr_mimebundle_(self, **kwargs):
        # A live front end shows the widget; a static export (nbconvert, the tour) falls back
        # to the current state: the figure as PNG, and as HTML the figure under its readout.
        # With OTLAB_STATIC_FRAMES set (the tour sets it), the HTML carries working sliders.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        png = base64.b64encode(self.live.png()).decode("ascii")
        bundle["image/png"] = png
        count = os.environ.get(_static.ENV)
        view = self.static_view(int(count)) if count and self.static_sliders() else None
        if view and view["sliders"]:
            bundle[_static.MIME] = view
            sources = [f"data:image/png;base64,{image}" for image in view["images"]]
            bundle["text/html"] = _static.player_html(view, sources, uid=self.live.image.model_id)
            return bundle
        readout = getattr(self, "readout", None)
        if readout is not None:
            bundle["text/html"] = (
                f'<div>{readout.value}</div><img src="data:image/png;base64,{png}" '
                f'alt="{html.escape(self.alt_text())}">'
            )
        return bundle


def positions(slider, count: int | None = None) -> list:
    """Up to ``count`` values of ``slider`` spread over its range (all of them when fewer)."""
    if isinstance(slider, widgets.SelectionSlider):
        values = [value for _, value in slider._options_full]
    elif isinstance(slider, widgets.IntSlider):
        values = list(range(slider.min, slider.max + 1, max(1, slider.step)))
    elif isinstance(slider, widgets.FloatLogSlider):
        exponents = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
        values = [float(slider.base**e) for e in exponents]
    else:
        steps = int(round((slider.max - slider.min) / slider.step))
        values = [float(slider.min + i * slider.step) for i in range(steps + 1)]
    if count is None or len(values) <= count:
        return values
    picks = np.unique(np.round(np.linspace(0, len(values) - 1, count)).astype(int))
    return [values[i] for i in picks]


def _closest(values: list, value) -> int:
    if value in values:
        return values.index(value)
    try:
        return int(np.argmin([abs(v - value) for v in values]))
    except TypeError:  # selection options that are not numbers
        return 0


def _label(slider) -> str:
    if isinstance(slider, widgets.SelectionSlider):
        return str(slider.label)
    if isinstance(slider, widgets.FloatSlider | widgets.FloatLogSlider):
        return format(slider.value, slider.readout_format)
    return str(slider.value)
