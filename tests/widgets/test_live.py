"""LiveFigure: a blitted frame shows the moving artists where a full render would. App: bad
input is refused by the constructor and shown in the readout by a callback."""

import io

import numpy as np
import pytest
from PIL import Image

from otlab.widgets import GaussianSamplesApp, GaussianShiftApp, PilesEditor
from otlab.widgets._live import LiveFigure


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _savefig(live: LiveFigure) -> np.ndarray:
    buffer = io.BytesIO()
    live.figure.savefig(buffer, format="png", dpi=live.figure.dpi)
    return _pixels(buffer.getvalue())


def test_blitted_frame_matches_a_full_render_after_a_move():
    live = LiveFigure(figsize=(3, 2), ncols=1)
    (line,) = live.axes.plot([0, 1], [0, 1])
    live.axes.set_xlabel("x")
    live.animate(line)
    first = live.png()
    line.set_ydata([1, 0])
    moved = _pixels(live.png())
    assert not np.array_equal(_pixels(first), moved)
    visibly_different = np.abs(moved - _savefig(live)).max(axis=2) > 32
    assert visibly_different.mean() < 0.001
    line.set_ydata([0, 1])
    assert np.array_equal(_pixels(live.png()), _pixels(first))


def test_without_animated_artists_every_frame_is_a_full_render():
    live = LiveFigure(figsize=(3, 2), ncols=1)
    (line,) = live.axes.plot([0, 1], [0, 1])
    first = live.png()
    line.set_ydata([1, 0])
    assert not np.array_equal(_pixels(first), _pixels(live.png()))


def test_invalidate_picks_up_a_change_to_the_still_part():
    live = LiveFigure(figsize=(3, 2), ncols=1)
    (line,) = live.axes.plot([0, 1], [0, 1])
    live.animate(line)
    before = _pixels(live.png())
    live.axes.set_facecolor("0.5")
    assert np.array_equal(before, _pixels(live.png()))  # cached: still the old background
    live.invalidate()
    assert not np.array_equal(before, _pixels(live.png()))


def test_redraw_pushes_png_bytes_to_the_image_widget():
    live = LiveFigure(figsize=(3, 2), ncols=1)
    live.axes.plot([0, 1], [0, 1])
    live.redraw()
    assert live.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_jpeg_figure_sends_jpeg_and_still_exports_png():
    live = LiveFigure(figsize=(3, 2), image_format="jpeg", ncols=1)
    live.axes.plot([0, 1], [0, 1])
    live.redraw()
    assert live.image.format == "jpeg" and live.image.value[:3] == b"\xff\xd8\xff"
    assert live.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_static_exports_get_the_figure_and_the_readout():
    import ipywidgets as widgets

    from otlab.widgets._live import App

    class Tiny(App):
        def __init__(self):
            self.live = LiveFigure(figsize=(3, 2), ncols=1)
            self.live.axes.plot([0, 1], [0, 1])
            self.readout = widgets.HTML("W1 = 0.500")
            self.widget = widgets.VBox([self.live.image, self.readout])

    bundle = Tiny()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature
    assert bundle["text/html"].startswith('<div>W1 = 0.500</div><img src="data:image/png')


def test_a_constructor_refuses_a_value_its_slider_cannot_hold():
    """Checked before the control is built: a message naming the app, not a TraitError."""
    with pytest.raises(ValueError, match=r"^GaussianSamplesApp: `n` one of 5, 10, got 7; pick"):
        GaussianSamplesApp(sizes=(5, 10), repeats=1, n=7)
    with pytest.raises(ValueError, match=r"^GaussianShiftApp: `width` between 0.1 and 2 "):
        GaussianShiftApp(width=5.0)  # a slider would have clamped it to 2 without a word


def test_a_callback_shows_the_refusal_and_the_constructor_raises_it():
    app = PilesEditor((1, 2), (2, 1), max_height=4)
    app.update((1, 2), (2, 2))  # unequal totals: shown, not raised
    assert "<b>Cannot move this dirt:</b> PilesEditor.update: equal total mass" in (
        app.readout.value
    )
    with pytest.raises(ValueError, match=r"^PilesEditor: equal total mass"):
        PilesEditor((1, 2), (2, 2), max_height=4)  # the same piles, given to the constructor
