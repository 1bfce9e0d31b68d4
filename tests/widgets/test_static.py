"""Static sliders (otlab/widgets/_static.py and App.static_view): frames over each slider's
range, the readout and alt text of each, and the page fragment that swaps them."""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest

import otlab
from otlab.widgets import ThetaShiftApp, _static
from otlab.widgets._live import App, LiveFigure, positions


class Shift(App):
    """A dot that follows two sliders."""

    def __init__(self):
        self.live = LiveFigure(figsize=(2, 1.5), ncols=1)
        (self.dot,) = self.live.axes.plot([0], [0], "o")
        self.live.axes.set(xlim=(-1, 1), ylim=(0, 3))
        self.x = widgets.FloatSlider(value=0.5, min=-1, max=1, step=0.01, description="x")
        self.y = widgets.IntSlider(value=1, min=0, max=2, description="y")
        self.off = widgets.IntSlider(value=0, min=0, max=5, disabled=True, description="off")
        self.later = widgets.IntSlider(value=0, min=0, max=5, description="later")  # unread
        self.readout = widgets.HTML()
        for slider in (self.x, self.y):
            slider.observe(lambda _: self.update(), names="value")
        controls = widgets.HBox([self.x, self.y, self.off, self.later])
        self.widget = widgets.VBox([controls, self.live.image, self.readout])
        self.update()

    def update(self):
        self.dot.set_data([self.x.value], [self.y.value])
        self.readout.value = f"x = {self.x.value:.2f}<br>y &lt; {self.y.value + 1}"
        self.live.redraw()


def test_positions_spread_over_the_range_and_include_both_ends():
    slider = widgets.FloatSlider(value=0.5, min=-1, max=1, step=0.01)
    values = positions(slider, 41)
    assert len(values) == 41 and values[0] == -1.0 and values[-1] == pytest.approx(1.0)
    assert positions(widgets.IntSlider(min=0, max=3), 41) == [0, 1, 2, 3]
    assert positions(widgets.SelectionSlider(options=["a", "b"], value="b")) == ["a", "b"]


def test_static_view_sweeps_each_enabled_slider_with_the_others_held():
    app = Shift()
    view = app.static_view(5)
    # Not the disabled one, nor the one that changes nothing on its own.
    assert [sweep["label"] for sweep in view["sliders"]] == ["x", "y"]
    x, y = view["sliders"]
    assert x["labels"] == ["-1.00", "-0.50", "0.00", "0.50", "1.00"]
    assert x["start"] == 3 and y["labels"] == ["0", "1", "2"] and y["start"] == 1
    image, readout, alt = y["frames"][2]
    assert readout == "x = 0.50<br>y &lt; 3"  # y swept with x held at its value
    assert alt == "A dot that follows two sliders. x = 0.50; y < 3"
    assert len(view["images"]) == len(set(view["images"]))  # each distinct frame once
    assert (app.x.value, app.y.value) == (0.5, 1)  # put back
    assert view["current"][1] == app.readout.value


def test_theta_frames_carry_the_readout_of_otlab():
    app = ThetaShiftApp(theta=0.5, n=20)
    (sweep,) = app.static_view(41)["sliders"]
    assert sweep["labels"][33] == "0.65"
    expected = otlab.theta_divergences(0.65)
    assert f"W1 = {expected.w1:.3f}" in sweep["frames"][33][1]
    assert f"W1 = {expected.w1:.3f}" in sweep["frames"][33][2]


def test_bundle_carries_a_player_only_when_asked(monkeypatch):
    monkeypatch.delenv(_static.ENV, raising=False)
    assert _static.MIME not in Shift()._repr_mimebundle_()
    monkeypatch.setenv(_static.ENV, "3")
    bundle = Shift()._repr_mimebundle_()
    page = bundle["text/html"]
    assert bundle[_static.MIME]["sliders"][0]["labels"] == ["-1.00", "0.50", "1.00"]
    assert page.count('type="range"') == 2 and page.count("<label for=") == 2
    assert 'alt="A dot that follows two sliders. x = 0.50; y &lt; 2"' in page
    frames = re.search(r'class="otlab-frames">(.*?)</script>', page).group(1)
    assert json.loads(frames)["images"][0].startswith("data:image/png;base64,")
    assert "</script" not in frames


def test_readout_text_and_alt():
    assert _static.text_of("a &amp; b<br>c <b>d</b>") == "a & b; c d"
    assert _static.alt_text("T", "") == "T"
