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
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


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
    showing its numbers) gets that readout in static exports too.
    """

    widget: widgets.Widget
    live: LiveFigure

    def _repr_mimebundle_(self, **kwargs):
        # A live front end shows the widget; a static export (nbconvert, the tour) falls back
        # to the current state: the figure as PNG, and as HTML the figure under its readout.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        png = base64.b64encode(self.live.png()).decode("ascii")
        bundle["image/png"] = png
        readout = getattr(self, "readout", None)
        if readout is not None:
            bundle["text/html"] = (
                f'<div>{readout.value}</div><img src="data:image/png;base64,{png}">'
            )
        return bundle
