"""otlab.widgets.critics: the app trains through the core, scrubs snapshots, reports numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest

import otlab
from otlab import toy, widgets
from otlab.widgets.critics import FAKE_COV, CriticApp

PNG = b"\x89PNG"


def number(readout: str, label: str) -> float:
    match = re.search(re.escape(label) + r" (-?[0-9.]+)", readout)
    assert match, f"{label!r} not in {readout!r}"
    return float(match.group(1))


@pytest.fixture(scope="module")
def app():
    return CriticApp(n=48, steps=20, seed=0)


def test_app_is_exported():
    assert widgets.CriticApp is CriticApp


def test_starts_on_the_trained_critic_with_exact_numbers(app):
    real = toy.sample("8gaussians", 48, seed=0)
    fake = toy.sample("gaussian", 48, seed=1, cov=FAKE_COV)
    exact = otlab.emd(real, fake).distance
    text = app.readout.value
    assert number(text, "exact W1 =") == pytest.approx(exact, abs=5e-4)
    assert number(text, "trained critic: estimate") == pytest.approx(app.fit.estimate, abs=5e-4)
    # the certified estimate, beside the raw and normalised ones, and never above W1
    certified = number(text, "off), certified")
    assert certified == pytest.approx(app.fit.certified_estimate, abs=5e-4)
    assert certified <= exact + 5e-4
    assert app.snapshot.max == len(app.fit.snapshots) - 1 == app.snapshot.value
    assert app.live.image.value[:4] == PNG


def test_slider_scrubs_snapshots_without_training(app):
    fit = app.fit
    app.snapshot.value = 1
    assert app.fit is fit
    assert np.array_equal(app.image.get_array(), fit.snapshots.normalized_values[1])
    assert list(app.marker.get_xdata()) == [fit.snapshots.steps[1]] * 2
    text = app.readout.value
    assert f"step {fit.snapshots.steps[1]}:" in text
    assert number(text, "normalised") == pytest.approx(
        fit.snapshots.normalized_estimate[1], abs=5e-4
    )
    assert number(text, "certified") == pytest.approx(fit.snapshots.certified_estimate[1], abs=5e-4)


def test_dropdowns_train_once_and_cache(app):
    app.constraint.value = "clip"
    clipped = app.fit
    assert clipped.constraint == "clip" and clipped.steps == 20
    app.dataset.value = "moons"
    assert app.fit.real.shape == (48, 2) and app.fit is not clipped
    app.dataset.value = "8gaussians"
    assert app.fit is clipped  # cached
    app.update(dataset="8gaussians", constraint="gp")
    assert app.constraint.value == "gp"


def test_invalid_input_shows_a_message_not_a_traceback(app):
    fit = app.fit
    app.update(dataset="circles")
    assert "CriticApp.update: `dataset` one of" in app.readout.value
    app.update(snapshot=1000)
    assert "`snapshot` between 0 and" in app.readout.value
    assert app.fit is fit


def test_bad_construction():
    with pytest.raises(ValueError, match="CriticApp: `n` an integer"):
        CriticApp(n=0)
