"""otlab.widgets.divergences: the callbacks recompute through the core and update the readout."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from otlab import divergences as dv
from otlab import widgets
from otlab.widgets.divergences import GaussianShiftApp, ThetaShiftApp

PNG = b"\x89PNG"


def number(readout: str, label: str) -> float:
    """The value printed as ``<label> = <value>`` in a readout, as a browser test reads it."""
    match = re.search(re.escape(label) + r" = (-?[0-9.]+|inf)", readout)
    assert match, f"{label!r} not in {readout!r}"
    return float(match.group(1))


@pytest.fixture(scope="module")
def theta_app():
    return ThetaShiftApp(theta=0.5, n=40)


@pytest.fixture(scope="module")
def gaussian_app():
    return GaussianShiftApp(gap=1.0, width=1.0)


def test_apps_are_exported():
    assert widgets.ThetaShiftApp is ThetaShiftApp
    assert widgets.GaussianShiftApp is GaussianShiftApp


def test_theta_app_starts_with_the_exact_numbers(theta_app):
    text = theta_app.readout.value
    assert "W1 = 0.500" in text and "JS = 0.693" in text and "TV = 1.000" in text
    assert "KL(P||Q) = inf" in text
    assert theta_app.live.image.value[:4] == PNG
    assert theta_app.slider.description == "theta"


@pytest.mark.parametrize("theta", [0.25, -0.7, 0.0, 0.04])
def test_theta_app_update_readout_matches_the_core(theta_app, theta):
    theta_app.update(theta)
    text = theta_app.readout.value
    exact = dv.theta_divergences(theta)
    assert number(text, "W1") == pytest.approx(exact.w1, abs=5e-4)
    assert number(text, "JS") == pytest.approx(exact.js, abs=5e-4)
    assert number(text, "TV") == pytest.approx(exact.tv, abs=5e-4)
    slope = dv.theta_slopes(theta).w1
    assert number(text, "dW1/dtheta") == pytest.approx(slope, abs=5e-4)
    estimate = dv.theta_estimates(theta, 40, seed=0)
    assert f"W1 ≈ {estimate.w1:.3f}" in text
    assert list(theta_app.artists["Q"].get_xdata()) == [theta, theta]
    assert theta_app.artists["marker-w1"].get_ydata()[0] == pytest.approx(abs(theta))
    assert theta_app.artists["estimate-w1"].get_ydata()[0] == pytest.approx(estimate.w1)


def test_theta_app_slider_drives_update(theta_app):
    theta_app.slider.value = 0.3
    assert "W1 = 0.300" in theta_app.readout.value
    assert theta_app.artists["theta"].get_xdata()[0] == pytest.approx(0.3)


def test_theta_app_shows_bad_input_instead_of_raising(theta_app):
    theta_app.update(float("nan"))
    assert "ThetaShiftApp.update: a finite `theta`, got nan" in theta_app.readout.value
    theta_app.update(0.5)
    assert "W1 = 0.500" in theta_app.readout.value


def test_theta_app_static_export_carries_the_png(theta_app):
    bundle = theta_app._repr_mimebundle_()
    assert "image/png" in bundle


def test_gaussian_app_textbook_pair(gaussian_app):
    gaussian_app.update(1.0, 1.0)
    text = gaussian_app.readout.value
    assert number(text, "KL(P||Q)") == 0.5
    assert number(text, "KL(Q||P)") == 0.5
    assert number(text, "JS") == pytest.approx(dv.gaussian_js(0, 1, 1, 1), abs=5e-4)
    assert number(text, "W1") == 1.0
    assert gaussian_app.live.image.value[:4] == PNG
    assert [s.description for s in (gaussian_app.gap_slider, gaussian_app.width_slider)] == [
        "mean gap",
        "width",
    ]


def test_gaussian_app_narrow_gaussians_look_like_the_theta_family(gaussian_app):
    gaussian_app.update(2.0, 0.1)
    text = gaussian_app.readout.value
    assert number(text, "KL(P||Q)") == pytest.approx(200.0)
    assert number(text, "JS") == pytest.approx(math.log(2), abs=5e-4)
    assert number(text, "W1") == pytest.approx(2.0)


def test_gaussian_app_width_change_redraws_the_curves(gaussian_app):
    gaussian_app.update(0.5, 0.5)
    gaps = gaussian_app.gaps
    curve_js = gaussian_app.artists["curve-js"].get_ydata()
    curve_kl = gaussian_app.artists["curve-kl"].get_ydata()
    for i in (10, 55, 70, 100):
        assert curve_js[i] == pytest.approx(dv.gaussian_js(0, 0.25, gaps[i], 0.25), abs=2e-3)
        assert curve_kl[i] == pytest.approx(gaps[i] ** 2 / (2 * 0.25), abs=2e-3)
    p = gaussian_app.artists["p"].get_paths()[0].vertices
    assert p[:, 1].max() == pytest.approx(1 / math.sqrt(2 * math.pi * 0.25), rel=1e-3)


def test_gaussian_app_sliders_drive_update(gaussian_app):
    gaussian_app.width_slider.value = 1.0
    gaussian_app.gap_slider.value = 2.0
    text = gaussian_app.readout.value
    assert number(text, "KL(P||Q)") == 2.0 and number(text, "W1") == 2.0
    assert np.isclose(gaussian_app.artists["gap"].get_xdata()[0], 2.0)


@pytest.mark.parametrize(
    "gap, width, words", [(1.0, 0.0, "`width` > 0"), (np.nan, 1.0, "finite `gap`")]
)
def test_gaussian_app_shows_bad_input_instead_of_raising(gaussian_app, gap, width, words):
    gaussian_app.update(gap, width)
    assert "GaussianShiftApp.update" in gaussian_app.readout.value
    assert words.replace(">", "&gt;") in gaussian_app.readout.value
