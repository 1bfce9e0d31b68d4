"""GAN plots draw what they are given, on the Axes they are given."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib import pyplot as plt

from otlab.gan import bilinear_game, train_gan
from otlab.gan.games import dirac_gan
from otlab.gan.vanishing import VanishingResult
from otlab.plot import gan as plot_gan
from otlab.plot import (
    plot_bilinear,
    plot_dirac,
    plot_gradient_norms,
    plot_progress,
    plot_samples,
    plot_snapshot,
    plot_w1_curves,
    update_snapshot,
)


@pytest.fixture(scope="module")
def runs():
    small = {"steps": 4, "eval_every": 2, "width": 8, "depth": 1, "batch_size": 32, "n_eval": 32}
    return [
        train_gan("8gaussians", loss=loss, seed=0, progress=False, **small)
        for loss in ("wgan-gp", "gan", "wgan-exact")
    ]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_every_plot_is_exported():
    assert set(plot_gan.__all__) <= set(dir(__import__("otlab.plot", fromlist=["x"])))


def test_bilinear_path_is_the_game():
    run = bilinear_game(1.0, 0.0, lr=0.2, steps=30)
    ax = plot_bilinear(run)
    x, y = ax.get_lines()[0].get_data()
    np.testing.assert_array_equal(x, run.x)
    np.testing.assert_array_equal(y, run.y)
    assert "x" in ax.get_xlabel() and "y" in ax.get_ylabel()


def test_dirac_draws_on_the_given_axes():
    _, ax = plt.subplots()
    run = dirac_gan(1.0, 0.0, steps=20)
    assert plot_dirac(run, ax=ax) is ax
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), run.psi)


def test_gradient_norms_use_a_log_scale():
    steps = np.arange(4)
    result = VanishingResult(
        steps,
        10.0**-steps,
        np.ones(4),
        np.full(4, 0.5),
        np.ones(4),
        np.ones(4),
        np.zeros((3, 2)),
        np.zeros((3, 2)),
    )
    ax = plot_gradient_norms(result)
    assert ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 3
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), 10.0**-steps)


def test_samples_accept_torch_and_show_real_points():
    torch = pytest.importorskip("torch")
    ax = plot_samples(torch.zeros(5, 2), real=np.ones((3, 2)), title="t")
    real, fake = ax.collections
    assert real.get_offsets().shape == (3, 2) and fake.get_offsets().shape == (5, 2)
    assert ax.get_title() == "t"


def test_snapshot_progress_and_curves(runs):
    gp, gan, exact = runs
    ax = plot_snapshot(gp, 1)
    assert "step 2" in ax.get_title()
    assert "exact potential" in plot_snapshot(exact).get_title()
    ax = plot_progress(gp)
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), gp.w1)
    labels = [line.get_label() for line in plot_progress(gan).get_lines()]
    assert "discriminator loss (nats)" in labels
    ax = plot_w1_curves(runs)
    assert [line.get_label() for line in ax.get_lines()] == ["wgan-gp", "gan", "wgan-exact"]


def test_progress_is_one_shared_axis_for_several_seeds(runs):
    gp = runs[0]
    ax = plot_progress([gp, gp], floor=0.2, penalty=True)
    assert len(ax.figure.axes) == 1  # no twin axis with its own range
    lines = ax.get_lines()
    assert len(lines) == 6  # W1, gap and -loss per seed
    np.testing.assert_array_equal(lines[1].get_ydata(), gp.critic_gap_per_eval)
    np.testing.assert_array_equal(lines[2].get_ydata(), -gp.critic_loss_per_eval)
    labels = [line.get_label() for line in lines]
    assert labels.count("-critic loss, penalty included") == 1  # one legend entry per curve
    floor = next(p for p in ax.patches if p.get_gid() == "floor")
    assert floor.get_y() == 0 and np.isclose(floor.get_height(), 0.2)


def test_w1_curves_draw_floor_and_reference_levels(runs):
    gp = runs[0]
    ax = plot_w1_curves([gp, gp], floor=0.15, levels={"one mode": 1.2, "half": 0.6})
    assert [line.get_label() for line in ax.get_lines()][:2] == ["wgan-gp", "_child1"]
    levels = [line for line in ax.get_lines() if line.get_gid() == "level"]
    assert [line.get_ydata()[0] for line in levels] == [1.2, 0.6]
    assert "one mode (1.20)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(p.get_gid() == "floor" for p in ax.patches)


def test_snapshot_masked_to_the_hull_of_data_and_samples(runs):
    exact = runs[2]
    ax = plot_snapshot(exact, hull=True, colorbar=False)
    assert len(ax.figure.axes) == 1
    values = ax.images[0].get_array()
    assert np.ma.count_masked(values) + np.isnan(values.filled(np.nan)).sum() > 0
    corner = values.filled(np.nan)[0, 0]  # the grid's corner lies far outside the data
    assert np.isnan(corner)
    update_snapshot(ax, exact, 0)
    assert np.isnan(ax.images[0].get_array().filled(np.nan)[0, 0])
