"""otlab.widgets.exact: the Gaussian sample-size app reads its numbers from the core."""

from __future__ import annotations

import re

import pytest

from otlab import gaussian_w2, toy, widgets
from otlab.exact import emd
from otlab.widgets.exact import GaussianSamplesApp

PNG = b"\x89PNG"
MEAN2, COV2 = (2.0, 0.0), ((0.5, 0.0), (0.0, 2.0))


def number(readout: str, label: str) -> float:
    match = re.search(re.escape(label) + r" (?:=|≈) (-?[0-9.]+)", readout)
    assert match, f"{label!r} not in {readout!r}"
    return float(match.group(1))


@pytest.fixture(scope="module")
def app():
    return GaussianSamplesApp(mean2=MEAN2, cov2=COV2, sizes=(5, 10, 20), repeats=2, n=10)


def test_app_is_exported():
    assert widgets.GaussianSamplesApp is GaussianSamplesApp


def test_starts_with_the_closed_form_and_the_estimate(app):
    exact = gaussian_w2((0.0, 0.0), [[1, 0], [0, 1]], MEAN2, COV2)
    assert number(app.readout.value, "closed form W2") == pytest.approx(exact, abs=5e-4)
    assert "from n = 10 samples" in app.readout.value
    assert app.live.image.value[:4] == PNG
    assert app.n_slider.options == (5, 10, 20) and app.n_slider.description == "n"


@pytest.mark.parametrize("n, seed", [(5, 0), (20, 3)])
def test_update_solves_the_samples_of_that_seed(app, n, seed):
    app.update(n, seed)
    x = toy.sample("gaussian", n, seed=seed)
    y = toy.sample("gaussian", n, mean=MEAN2, cov=COV2, seed=seed + 1000)
    expected = emd(x, y, p=2).distance
    assert number(app.readout.value, f"from n = {n} samples: W2") == pytest.approx(
        expected, abs=5e-4
    )
    assert list(app.marker.get_xdata()) == [n]
    assert list(app.marker.get_ydata()) == pytest.approx([expected])
    segments = [c for c in app.ax_plan.collections if c.get_gid() == "plan"][0].get_segments()
    assert len(segments) == n  # equal weights, n points each: a permutation


def test_sliders_drive_the_update(app):
    app.seed_slider.value = 4
    assert "from n = " in app.readout.value
    app.n_slider.value = 5
    assert "from n = 5 samples" in app.readout.value


@pytest.mark.parametrize(
    "n, seed, message",
    [(0, 0, "`n` an integer >= 1"), (10, -1, "`seed` >= 0, got -1"), (2.5, 0, "`n` an")],
)
def test_bad_input_shows_the_message(app, n, seed, message):
    app.update(n, seed)
    assert message.replace(">", "&gt;") in app.readout.value


def test_bad_sizes_at_construction():
    with pytest.raises(ValueError, match="^GaussianSamplesApp: `sizes` an integer >= 1"):
        GaussianSamplesApp(sizes=(0, 10), n=10)
