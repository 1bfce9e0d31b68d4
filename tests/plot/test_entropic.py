"""otlab.plot.entropic: each plot draws what the core computed, and updates move it in place."""

from __future__ import annotations

import math

import numpy as np
import pytest

from otlab import (
    displacement_interpolation,
    emd,
    entropic_potential,
    gaussian_geodesic,
    plot,
    sinkhorn,
    theta_witnesses,
    toy,
)
from otlab.exact.sliced import random_directions


def by_gid(ax) -> dict:
    return {a.get_gid(): a for a in [*ax.lines, *ax.collections, *ax.images] if a.get_gid()}


@pytest.fixture(scope="module")
def clouds():
    return toy.sample("8gaussians", 12, seed=0), toy.sample("gaussian", 9, seed=1)


def test_all_listed_in_package():
    for name in plot.entropic.__all__:
        assert getattr(plot, name) is getattr(plot.entropic, name)


def test_plot_sinkhorn_shows_the_potential_and_every_pair(ax, clouds):
    x, y = clouds
    r = sinkhorn(x, y, eps=0.5)
    assert plot.plot_sinkhorn(r, (-3, 3), (-2, 2), n=20, ax=ax) is ax
    artists = by_gid(ax)
    _, _, expected = entropic_potential(r).on_grid((-3, 3), (-2, 2), n=20)
    assert np.allclose(artists["potential"].get_array(), expected)

    def heaviest_pair(result):
        segments = artists["plan"].get_segments()
        alphas = artists["plan"].get_colors()[:, 3]
        assert len(segments) == np.count_nonzero(result.plan >= 0.01 * result.plan.max())
        assert np.isclose(alphas.max(), 0.9)
        i, j = np.unravel_index(np.argmax(result.plan), result.plan.shape)
        assert np.allclose(segments[np.argmax(alphas)], [y[j], x[i]])

    heaviest_pair(r)
    sharper = sinkhorn(x, y, eps=0.05)
    plot.update_sinkhorn(ax, sharper, n=20)
    _, _, expected = entropic_potential(sharper).on_grid((-3, 3), (-2, 2), n=20)
    assert np.allclose(artists["potential"].get_array(), expected)
    heaviest_pair(sharper)


def test_plot_sinkhorn_refuses_an_emd_result(ax, clouds):
    with pytest.raises(TypeError, match="^plot_sinkhorn: a SinkhornResult"):
        plot.plot_sinkhorn(emd(*clouds), (-1, 1), (-1, 1), ax=ax)


def test_projections_follow_the_directions(ax, clouds):
    x, y = clouds
    plot.plot_projections(x, y, random_directions(2, 5, seed=0), ax=ax)
    lines = by_gid(ax)["directions"]
    assert len(lines.get_segments()) == 5
    plot.update_projections(ax, random_directions(2, 7, seed=1))
    segments = lines.get_segments()
    assert len(segments) == 7
    direction = segments[0][1] - segments[0][0]
    expected = random_directions(2, 7, seed=1)[:, 0]
    assert abs(abs(direction @ expected) / np.linalg.norm(direction) - 1) < 1e-12


def test_sliced_spread_and_eps_convergence(ax):
    plot.plot_sliced_spread([1, 10, 100], [[1.0, 2.0], [1.5, 1.6], [1.55, 1.56]], 2.0, ax=ax)
    artists = by_gid(ax)
    assert np.allclose(artists["estimate"].get_ydata(), [1.5, 1.55, 1.555])
    assert artists["exact"].get_ydata()[0] == 2.0 and ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="^plot_sliced_spread: `estimates` of shape"):
        plot.plot_sliced_spread([1, 10], [1.0, 2.0], ax=ax)


def test_line_plan_and_interpolant(ax):
    x, y = np.arange(1.0, 5.0), np.arange(0.0, 4.0)
    r = emd(x, y, p=2)
    plot.plot_line_plan(x, y, r.plan, ax=ax)
    segments = by_gid(ax)["plan"].get_segments()
    assert sorted((s[0, 0], s[1, 0]) for s in segments) == [(k, k + 1) for k in range(4)]


def test_interpolant_and_ellipse_move(ax):
    x = toy.sample("gaussian", 20, seed=0)
    r = emd(x, x + [1.0, 0.0], p=2)
    plot.plot_interpolant(displacement_interpolation(r, 0.0), ax=ax)
    plot.update_interpolant(ax, displacement_interpolation(r, 0.5))
    assert np.allclose(
        np.sort(by_gid(ax)["interpolant"].get_offsets()[:, 0]), np.sort(x[:, 0] + 0.5)
    )
    mean, cov = gaussian_geodesic([0, 0], np.eye(2), [2, 0], 4 * np.eye(2), 0.5)
    plot.plot_gaussian_ellipse([0, 0], np.eye(2), ax=ax)
    plot.update_gaussian_ellipse(ax, mean, cov)
    xs, ys = by_gid(ax)["ellipse"].get_data()
    assert np.allclose(np.hypot(xs - 1.0, ys), 2 * 1.5)  # 2 sd of N((1, 0), 1.5^2 I)


@pytest.mark.parametrize("which", ["w1", "mmd", "js"])
def test_witness_panels(ax, which):
    w = theta_witnesses(0.5, n=40)
    plot.plot_witness(w, which, ax=ax)
    assert np.array_equal(by_gid(ax)[which].get_ydata(), getattr(w, which))
    value = {"w1": w.w1_value, "mmd": w.mmd_value, "js": w.js_value}[which]
    assert f"= {value:.3f}" in ax.get_title()


def test_theta_values_and_timings(ax):
    plot.plot_theta_values(np.linspace(-1, 1, 5), bandwidth=0.5, ax=ax)
    artists = by_gid(ax)
    assert np.allclose(artists["js"].get_ydata(), [math.log(2)] * 2 + [0] + [math.log(2)] * 2)
    assert np.allclose(artists["w1"].get_ydata(), [1, 0.5, 0, 0.5, 1])
    ax.clear()
    plot.plot_timings([10, 100, 1000], {"a": [1e-3, 1e-1, 10.0], "b": [1.0, np.nan, 2.0]}, ax=ax)
    assert "slope 2.0" in by_gid(ax)["a"].get_label() and ax.get_yscale() == "log"
