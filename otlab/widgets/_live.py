"""The shared machinery of every app: a figure redrawn in place, shown next to its controls.

Why PNG in an ``ipywidgets.Image`` rather than ``%matplotlib widget``: it needs no front-end
extension, works the same in JupyterLab, Voila and a static export, and a redraw is one Agg
render, so the callback's latency is what the benchmark measures. Apps update artists
(``set_data``, ``set_height``) instead of rebuilding the figure, which keeps that render cheap.
"""

from __future__ import annotations

import base64
import io

import ipywidgets as widgets
from matplotlib.figure import Figure


class LiveFigure:
    """A matplotlib ``Figure`` (not attached to pyplot) shown as a PNG image widget.

    Parameters
    ----------
    figsize : (float, float)
        Size in inches.
    dpi : int
        Resolution of the PNG; 80 keeps a redraw fast and sharp enough on a projector.
    **subplots
        Passed to ``Figure.subplots`` (``ncols=2``, ``gridspec_kw=...``).
    """

    def __init__(self, figsize=(8.0, 3.5), dpi: int = 80, **subplots):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.axes = self.figure.subplots(**subplots)
        self.dpi = dpi
        self.image = widgets.Image(format="png")

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def redraw(self) -> None:
        """Render the figure and push it to the image widget (one message to the browser)."""
        self.image.value = self.png()


class App:
    """Base of the course's apps: ``self.widget`` holds the layout, ``self.live`` the figure.

    Subclasses build their controls, call ``self.update(...)`` once, and wire each control
    to a small handler that calls ``update``. ``update`` must recompute through otlab's core
    and then call ``self.live.redraw()``.
    """

    widget: widgets.Widget
    live: LiveFigure

    def _repr_mimebundle_(self, **kwargs):
        # A live front end shows the widget; a static export (nbconvert, the tour) falls back
        # to the PNG of the current state, so the figure is never lost.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self.live.png()).decode("ascii")
        return bundle
