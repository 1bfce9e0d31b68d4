"""otlab.widgets.piles: the editor's callback recomputes through piles_emd and fills the readout."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from otlab import piles_emd, widgets
from otlab.widgets.piles import PilesEditor

P, Q = [3, 2, 1, 4], [1, 2, 4, 3]
PNG = b"\x89PNG"


def number(readout: str, label: str) -> float:
    """The value printed as ``<label> = <value>``, as a browser test reads it."""
    match = re.search(re.escape(label) + r" = (-?[0-9.]+)", readout)
    assert match, f"{label!r} not in {readout!r}"
    return float(match.group(1))


@pytest.fixture
def fresh():
    return PilesEditor(P, Q)


@pytest.fixture(scope="module")
def app():
    """One editor for the tests that drive it through update() only (a render costs time)."""
    return PilesEditor(P, Q)


def test_editor_is_exported():
    assert widgets.PilesEditor is PilesEditor


def test_starts_on_the_four_piles(fresh):
    app = fresh
    assert [s.description for s in app.p_sliders] == ["P[0]", "P[1]", "P[2]", "P[3]"]
    assert [s.description for s in app.q_sliders] == ["Q[0]", "Q[1]", "Q[2]", "Q[3]"]
    assert [s.value for s in app.p_sliders] == P and [s.value for s in app.q_sliders] == Q
    text = app.readout.value
    assert "W1 = 0.500" in text and "cost = 5 " in text
    assert app.live.image.value[:4] == PNG
    assert app.step_slider.max == 3 and app.play.max == 3 and app.step_slider.value == 0
    assert "image/png" in app._repr_mimebundle_()


@pytest.mark.parametrize(
    "p, q", [([0, 0, 0, 8], [8, 0, 0, 0]), ([1, 1, 1, 1], [4, 0, 0, 0]), ([2, 5, 0, 3], P)]
)
def test_update_readout_matches_the_core(app, p, q):
    app.update(p, q)
    exact = piles_emd(p, q)
    assert number(app.readout.value, "W1") == pytest.approx(exact.distance, abs=5e-4)
    assert number(app.readout.value, "cost") == pytest.approx(exact.cost)
    assert [bar.get_height() for bar in app.p_bars] == p
    assert [bar.get_height() for bar in app.q_bars] == q
    assert app.step_slider.max == len(exact.moves) == app.step_slider.value  # None: all moves


def test_update_walks_the_moves(app):
    for step in range(4):
        app.update(P, Q, step=step)
        assert app.ax_move.get_title().startswith(f"after {step} of 3 moves")
        assert [bar.get_height() for bar in app.ax_move.containers[0]] == app.result.after(
            step
        ).tolist()
        assert f"move {step} of 3" in app.readout.value
    app.update(P, Q, step=99)  # clamped to the last move
    assert app.step_slider.value == 3


def test_unequal_totals_show_the_message_not_a_traceback(app):
    app.update(P, [1, 2, 4, 4])
    text = app.readout.value
    assert "PilesEditor.update: equal total mass" in text and "sum(p) = 10 and sum(q) = 11" in text
    assert "W1 =" not in text and app.result is None
    assert not app.ax_move.get_visible() and app.message.get_visible()
    assert app.step_slider.max == 0
    app.update(P, Q)  # back to valid piles: the plan returns
    assert app.ax_move.get_visible() and not app.message.get_visible()
    assert "W1 = 0.500" in app.readout.value


def test_empty_piles_show_the_message(app):
    app.update([0, 0, 0, 0], [0, 0, 0, 0])
    assert "a positive total mass in `p`" in app.readout.value


@pytest.mark.parametrize(
    "p, message",
    [
        ([1, 2], "PilesEditor.update: `p` with 4 pile heights"),
        ([1, np.nan, 1, 1], "PilesEditor.update: finite values in `p`"),
        ("abcd", "PilesEditor.update: `p` as an array of numbers"),
    ],
)
def test_bad_piles_from_code(app, p, message):
    app.update(p, Q)
    assert message in app.readout.value


def test_sliders_drive_the_update(fresh):
    app = fresh
    app.p_sliders[0].value = 4  # total 11 against 10
    assert "sum(p) = 11 and sum(q) = 10" in app.readout.value
    app.q_sliders[3].value = 4  # totals agree again
    exact = piles_emd([4, 2, 1, 4], [1, 2, 4, 4])
    assert number(app.readout.value, "W1") == pytest.approx(exact.distance, abs=5e-4)
    app.step_slider.value = 1
    assert app.ax_move.get_title().startswith(f"after 1 of {len(exact.moves)} moves")


def test_positions_are_respected():
    app = PilesEditor([1, 0, 0], [0, 0, 1], positions=[0.0, 1.0, 5.0])
    assert "W1 = 5.000" in app.readout.value


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def test_blitted_frames_show_what_a_full_render_shows():
    app = PilesEditor(P, Q)
    for p, q, step in [(P, Q, 0), (P, Q, 2), ([0, 0, 0, 8], [8, 0, 0, 0], 1), (P, [1, 1, 1, 1], 0)]:
        app.update(p, q, step=step)
        frame = _pixels(app.live.png())
        buffer = io.BytesIO()
        app.live.figure.savefig(buffer, format="png", dpi=app.live.figure.dpi)
        full = _pixels(buffer.getvalue())
        assert (np.abs(frame - full).max(axis=2) > 32).mean() < 0.002, (p, q, step)
