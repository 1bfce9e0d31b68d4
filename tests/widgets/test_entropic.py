"""otlab.widgets.entropic: the callbacks show the core's numbers and move the right artists."""

from __future__ import annotations

import re

import numpy as np
import pytest

from otlab import (
    displacement_interpolation,
    emd,
    sinkhorn,
    sliced_wasserstein,
    toy,
    widgets,
)
from otlab.widgets.entropic import EntropicApp, InterpolationApp, SlicedApp

PNG = b"\x89PNG"


def number(readout: str, label: str) -> float:
    match = re.search(re.escape(label) + r" = (-?[0-9.]+)", readout)
    assert match, f"{label!r} not in {readout!r}"
    return float(match.group(1))


@pytest.fixture(scope="module")
def clouds():
    return toy.sample("8gaussians", 16, seed=0, sd=0.2), toy.sample("gaussian", 12, seed=1)


@pytest.fixture(scope="module")
def entropic_app(clouds):
    return EntropicApp(*clouds, eps_values=(1.0, 0.1, 0.03), grid=24)


def test_apps_are_exported():
    assert widgets.EntropicApp is EntropicApp and widgets.SlicedApp is SlicedApp
    assert widgets.InterpolationApp is InterpolationApp


@pytest.mark.parametrize("eps", [1.0, 0.03, 0.1])
def test_entropic_app_readout_is_sinkhorn(entropic_app, clouds, eps):
    entropic_app.update(eps)
    text = entropic_app.readout.value
    r = sinkhorn(*clouds, eps=eps)
    assert number(text, "cost") == pytest.approx(r.cost, abs=5e-5)
    assert f"{r.iterations} iterations" in text
    assert number(text, "emd") == pytest.approx(emd(*clouds).cost, abs=5e-5)
    assert list(entropic_app.marker.get_xdata()) == [eps]
    assert entropic_app.live.image.value[:4] == PNG


def test_entropic_app_gaps_shrink_and_unknown_eps_is_reported(entropic_app):
    gaps = [entropic_app.cost_gap(e) for e in (1.0, 0.1, 0.03)]
    assert gaps[0] > gaps[1] > gaps[2] > 0
    assert entropic_app.potential_gap[1.0] > entropic_app.potential_gap[0.03]
    entropic_app.update(0.5)
    assert "EntropicApp.update: `eps` one of 0.03, 0.1, 1, got 0.5" in entropic_app.readout.value


def test_sliced_app_readout_is_sliced_wasserstein(clouds):
    app = SlicedApp(*clouds, counts=(1, 10, 100), seeds=3, n_projections=10)
    for count, seed in [(100, 2), (1, 0)]:
        app.update(count, seed)
        expected = sliced_wasserstein(*clouds, n_projections=count, seed=seed)
        assert number(app.readout.value, "sliced W1") == pytest.approx(expected, abs=5e-5)
        assert len(app.left.collections[-1].get_segments()) == count
    assert number(app.readout.value, "exact W1") == pytest.approx(emd(*clouds).distance, abs=5e-5)
    assert app.table.shape == (3, 3)


def test_interpolation_app_measures_t_and_1_minus_t():
    app = InterpolationApp(n=40, t=0.5)
    for t in (0.0, 0.25, 1.0):
        app.update(t)
        text = app.readout.value
        assert f"= {t:.3f} W2" in text and f"= {1 - t:.3f} W2" in text
    expected = displacement_interpolation(app.result, 1.0).points
    assert np.allclose(np.sort(app.left.collections[-1].get_offsets(), 0), np.sort(expected, 0))
    app.update(1.5)
    assert "InterpolationApp.update: a time `t` in [0, 1]" in app.readout.value
