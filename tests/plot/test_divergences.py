"""otlab.plot.divergences: each function draws on the given Axes, labels it, tags what moves."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import stats

from otlab import divergences as dv
from otlab import plot, toy


def gids(ax) -> dict:
    return {a.get_gid(): a for a in [*ax.lines, *ax.collections] if a.get_gid()}


def test_all_listed_in_package():
    for name in plot.divergences.__all__:
        assert getattr(plot, name) is getattr(plot.divergences, name)


def test_plot_integrands_draws_the_curves_it_was_given(ax):
    r = dv.gaussian_integrands(np.linspace(-4, 5, 300), 0.0, 1.0, 1.0, 1.0)
    assert plot.plot_integrands(r, ax=ax, lw=1) is ax
    lines = gids(ax)
    np.testing.assert_array_equal(lines["kl_pq"].get_ydata(), r.kl_pq)
    np.testing.assert_array_equal(lines["js"].get_ydata(), r.js)
    assert {"p", "q", "kl_qp", "zero"} <= set(lines)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_integrands_rejects_unknown_names(ax):
    r = dv.gaussian_integrands(np.linspace(-4, 5, 30), 0.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="plot_integrands: `which` among"):
        plot.plot_integrands(r, which=("kl",), ax=ax)


def test_plot_integrands_makes_a_figure_when_no_axes():
    r = dv.gaussian_integrands(np.linspace(-4, 5, 30), 0.0, 1.0, 1.0, 1.0)
    ax = plot.plot_integrands(r, which=("js",))
    assert "kl_pq" not in gids(ax)
    plt.close(ax.figure)


def test_plot_theta_segments_places_q_at_theta(ax):
    real, fake = toy.theta_pair(0.4, 30, seed=0)
    plot.plot_theta_segments(0.4, real=real, fake=fake, ax=ax)
    lines = gids(ax)
    assert list(lines["Q"].get_xdata()) == [0.4, 0.4]
    assert list(lines["P"].get_xdata()) == [0.0, 0.0]
    np.testing.assert_array_equal(lines["fake"].get_ydata(), fake[:, 1])
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_theta_segments_bad_samples(ax):
    with pytest.raises(ValueError, match="plot_theta_segments: `real` with 2 coordinates"):
        plot.plot_theta_segments(0.4, real=np.zeros((5, 3)), ax=ax)


def test_plot_theta_divergences_curves_and_markers(ax):
    estimate = dv.theta_estimates(0.5, 30, seed=0)
    plot.plot_theta_divergences(
        np.linspace(-1, 1, 11), estimates=[estimate], theta=0.5, estimate=estimate, ax=ax
    )
    w1 = ax.lines[0]
    np.testing.assert_allclose(w1.get_ydata(), np.abs(w1.get_xdata()))
    js = ax.lines[1]
    assert np.isnan(js.get_ydata()[js.get_xdata() == 0]).all()  # broken at the jump
    lines = gids(ax)
    assert list(lines["theta"].get_xdata()) == [0.5, 0.5]
    assert lines["marker-js"].get_ydata()[0] == pytest.approx(math.log(2))
    assert lines["marker-kl"].get_ydata()[0] == 1.2  # +inf drawn at kl_level
    assert lines["estimate-w1"].get_ydata()[0] == pytest.approx(estimate.w1)


def test_plot_theta_divergences_needs_a_grid(ax):
    with pytest.raises(ValueError, match="at least two finite `thetas`"):
        plot.plot_theta_divergences([0.5], ax=ax)


def test_plot_theta_slopes(ax):
    plot.plot_theta_slopes(np.array([-0.5, 0.5]), ax=ax)
    w1, js, tv = ax.lines[:3]
    np.testing.assert_allclose(w1.get_ydata(), [-1.0, 1.0])
    np.testing.assert_array_equal(js.get_ydata(), [0.0, 0.0])
    np.testing.assert_array_equal(tv.get_ydata(), [0.0, 0.0])


def test_plot_gaussian_divergences_curves(ax):
    gaps = np.array([-1.0, 0.0, 1.0, 2.0])
    plot.plot_gaussian_divergences(gaps, 1.0, gap=1.0, ax=ax)
    lines = gids(ax)
    np.testing.assert_allclose(lines["curve-kl"].get_ydata(), gaps**2 / 2, rtol=1e-12)
    np.testing.assert_allclose(lines["curve-w1"].get_ydata(), np.abs(gaps), rtol=1e-12)
    assert lines["marker-js"].get_ydata()[0] == pytest.approx(dv.gaussian_js(0, 1, 1, 1))
    with pytest.raises(ValueError, match="`width` > 0"):
        plot.plot_gaussian_divergences(gaps, 0.0, ax=ax)


def test_plot_discriminator(ax):
    x = np.linspace(-4, 5, 50)
    plot.plot_discriminator(x, stats.norm.pdf(x), stats.norm.pdf(x, 1, 1), ax=ax)
    d = ax.figure.axes[-1].lines[0].get_ydata()  # on the twin axis
    np.testing.assert_allclose(d, dv.optimal_discriminator(stats.norm.pdf(x), stats.norm.pdf(x, 1)))
    with pytest.raises(ValueError, match="plot_discriminator: `x` of shape"):
        plot.plot_discriminator(x[:-1], stats.norm.pdf(x), stats.norm.pdf(x, 1, 1), ax=ax)


def test_plots_accept_torch_like_arrays(ax):
    class Tensor:  # duck-typed like a torch tensor
        def __init__(self, array):
            self.array = array

        def detach(self):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.array

    real, fake = toy.theta_pair(0.2, 10, seed=0)
    plot.plot_theta_segments(0.2, real=Tensor(real), fake=Tensor(fake), ax=ax)
    np.testing.assert_array_equal(gids(ax)["real"].get_ydata(), real[:, 1])
