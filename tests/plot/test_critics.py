"""otlab.plot.critics: critic pictures draw what the fit and the exact solution contain."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from otlab import emd, fit_critic, kantorovich_potential, plot, toy  # noqa: E402
from otlab.critics import critic_weights, layer_gradient_norms  # noqa: E402


@pytest.fixture(scope="module")
def solved():
    real = toy.sample("8gaussians", 40, seed=0)
    fake = toy.sample("gaussian", 40, seed=1, cov=[[0.25, 0.0], [0.0, 0.25]])
    fit = fit_critic(real, fake, seed=0, progress=False, steps=30, width=16, grid_size=20)
    return fit, emd(real, fake)


def by_gid(ax) -> dict:
    artists = [*ax.lines, *ax.collections, *ax.images]
    return {a.get_gid(): a for a in artists if a.get_gid()}


def test_all_listed_in_package():
    for name in plot.critics.__all__:
        assert getattr(plot, name) is getattr(plot.critics, name)


def test_plot_critic_shares_a_colour_scale(ax, solved):
    fit, exact = solved
    X, Y, F = kantorovich_potential(exact).on_grid((-3, 3), (-2, 2), 30)
    assert plot.plot_critic(X, Y, F, vmin=-4, vmax=4, real=fit.real, fake=fit.fake, ax=ax) is ax
    artists = by_gid(ax)
    image = artists["values"]
    assert image.get_clim() == (-4, 4)
    assert np.array_equal(image.get_array(), F)
    assert image.get_extent() == [-3, 3, -2, 2]
    assert {"levels", "real", "fake"} <= set(artists)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_critic_default_scale_is_symmetric(ax):
    X, Y = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 5))
    plot.plot_critic(X, Y, X - 0.2, ax=ax, colorbar=False, levels=0)
    assert by_gid(ax)["values"].get_clim() == (-0.8, 0.8)


def test_plot_critic_gradients_draws_plan_and_both_fields(ax, solved):
    fit, exact = solved
    plot.plot_critic_gradients(fit, exact, max_arrows=10, ax=ax)
    artists = by_gid(ax)
    assert len(artists["exact"].U) == 10 == len(artists["critic"].U)
    # the exact arrows are unit vectors
    assert np.allclose(np.hypot(artists["exact"].U, artists["exact"].V), 1.0)
    assert len(artists["plan"].get_segments()) == 10


def test_plot_critic_training(ax, solved):
    fit, exact = solved
    plot.plot_critic_training(fit, exact=exact.distance, ax=ax)
    artists = by_gid(ax)
    assert np.array_equal(artists["estimate"].get_xdata(), fit.snapshots.steps)
    assert np.allclose(artists["normalized"].get_ydata(), fit.snapshots.normalized_estimate)
    assert np.allclose(artists["certified"].get_ydata(), fit.snapshots.certified_estimate)
    assert artists["exact"].get_ydata()[0] == exact.distance


def test_diagnostic_plots(ax, solved):
    fit, _ = solved
    plot.plot_weight_histogram(critic_weights(fit), clip=0.01, ax=ax)
    plot.plot_layer_gradient_norms(layer_gradient_norms(fit), label="gp", ax=ax)
    plot.plot_gradient_norm_history(fit, ax=ax, label="gp")
    artists = by_gid(ax)
    assert {"bounds", "norms", "mean", "band"} <= set(artists)
    assert ax.get_yscale() == "log"


def test_bad_inputs(ax, solved):
    fit, exact = solved
    with pytest.raises(ValueError, match="plot_critic: X, Y and F as three grids"):
        plot.plot_critic(np.zeros((3, 3)), np.zeros((3, 3)), np.zeros((4, 3)), ax=ax)
    with pytest.raises(ValueError, match="plot_critic: finite values in `F`"):
        plot.plot_critic(np.zeros((2, 2)), np.zeros((2, 2)), np.full((2, 2), np.nan), ax=ax)
    with pytest.raises(TypeError, match="plot_critic_gradients: a CriticFit"):
        plot.plot_critic_gradients(exact, exact, ax=ax)
    with pytest.raises(TypeError, match="plot_critic_gradients: an EMDResult"):
        plot.plot_critic_gradients(fit, fit, ax=ax)
    with pytest.raises(TypeError, match="plot_critic_training: a CriticFit"):
        plot.plot_critic_training(None, ax=ax)
    with pytest.raises(ValueError, match="plot_weight_histogram: some weights"):
        plot.plot_weight_histogram([], ax=ax)
    with pytest.raises(ValueError, match="plot_layer_gradient_norms: a 1-D array"):
        plot.plot_layer_gradient_norms([1.0, -1.0], ax=ax)


def test_zero_gradient_norms_leave_a_gap(ax):
    plot.plot_layer_gradient_norms([1.0, 0.0, 2.0], ax=ax)
    y = by_gid(ax)["norms"].get_ydata()
    assert y[0] == 1.0 and np.isnan(y[1]) and y[2] == 2.0


def test_plot_segment_gradients_draws_mean_band_and_unit_line(ax, solved):
    from otlab.critics import segment_gradients

    fit, exact = solved
    along = segment_gradients(fit, exact, points=6)
    assert plot.plot_segment_gradients(along, label="gp", ax=ax) is ax
    artists = by_gid(ax)
    assert np.allclose(artists["mean"].get_ydata(), along.mean)
    assert np.allclose(artists["mean"].get_xdata(), along.t)
    assert {"band", "unit"} <= set(artists)
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(TypeError, match="plot_segment_gradients: a SegmentGradients"):
        plot.plot_segment_gradients(fit, ax=ax)
    with pytest.raises(ValueError, match="plot_segment_gradients: `band`"):
        plot.plot_segment_gradients(along, band=(0.9, 0.1), ax=ax)
