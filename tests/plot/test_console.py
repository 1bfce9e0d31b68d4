"""The console's panels: drawn once from a frame, moved to the next one by their update_*."""

from dataclasses import replace

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib import pyplot as plt
from PIL import Image

from otlab.gan import LiveTraining
from otlab.gan.frame import History
from otlab.plot import console as plot_console
from otlab.plot import (
    console_artists,
    pixel_to_data,
    plot_console_curves,
    plot_console_field,
    plot_console_manifold,
    save_console_gif,
    update_console_curves,
    update_console_field,
    update_console_manifold,
)


@pytest.fixture(scope="module")
def run():
    run = LiveTraining("8gaussians", seed=0, width=16, depth=2, batch_size=64, n_eval=64)
    run.measure()
    run.train(2)
    run.measure()
    return run


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _gid(ax, gid):
    return next(a for a in (*ax.images, *ax.collections, *ax.lines) if a.get_gid() == gid)


def test_field_shows_the_frame_and_moves_to_the_next(run):
    first, last = run.frames
    ax = plot_console_field(first)
    np.testing.assert_array_equal(_gid(ax, "fake").get_offsets(), first.samples)
    np.testing.assert_array_equal(_gid(ax, "critic").get_array(), first.critic)
    assert len(_gid(ax, "contours").get_segments()) > 0
    rows = plot_console._arrow_rows(first.samples.shape[0])
    transport = _gid(ax, "transport")
    np.testing.assert_allclose(transport.U, plot_console.ARROW_LENGTH * first.direction[rows, 0])
    assert "wgan-gp" in ax.get_title()
    assert update_console_field(ax, last) is False  # same view, data and loss: all still
    np.testing.assert_array_equal(_gid(ax, "fake").get_offsets(), last.samples)
    np.testing.assert_allclose(_gid(ax, "push").V, plot_console.ARROW_LENGTH * last.push[rows, 1])
    assert {a.get_gid() for a in console_artists(ax)} == {
        "critic",
        "contours",
        "real",
        "drawn",
        "fake",
        "push",
        "transport",
    }


def test_new_data_changes_the_still_background_of_the_manifold(run):
    ax = plot_console_manifold(run.frames[0])
    assert _gid(ax, "data") not in console_artists(ax)
    drawn = replace(run.frames[1], real=np.array([[0.0, 0.0], [1.0, 1.0]]))
    assert update_console_manifold(ax, drawn) is True
    np.testing.assert_array_equal(_gid(ax, "data").get_offsets(), drawn.real)


def test_push_arrows_are_capped():
    arrows = plot_console._push_arrows(np.array([[100.0, 0.0], [0.1, 0.0]]))
    np.testing.assert_allclose(arrows, [[3 * plot_console.ARROW_LENGTH, 0], [0.035, 0]])


def test_manifold_lines_are_the_warped_noise_grid(run):
    ax = plot_console_manifold(run.frames[0])
    assert update_console_manifold(ax, run.frames[1]) is False
    segments = _gid(ax, "manifold").get_segments()
    np.testing.assert_array_equal(np.array(segments), run.frames[1].manifold)


def test_curves_follow_the_history_and_grow_their_limits(run):
    ax = plot_console_curves(run.history)
    steps, w1 = _gid(ax, "w1").get_data()
    np.testing.assert_array_equal(steps, run.history.generator_steps)
    np.testing.assert_array_equal(w1, run.history.w1)
    run.history.generator_steps.append(100)
    for name in ("critic_steps", "w1", "estimate", "critic_loss", "generator_loss"):
        getattr(run.history, name).append(5.0)
    try:
        assert update_console_curves(ax, run.history) is True
        assert ax.get_xlim()[1] == 128 and ax.get_ylim()[1] > 5.0
        assert update_console_curves(ax, run.history) is False
        assert update_console_curves(ax, History()) is True  # a new run: back to 16 steps
        assert ax.get_xlim() == (0, 16)
    finally:
        for name in vars(run.history):
            getattr(run.history, name).pop()


def test_pixel_to_data_inverts_the_axes_transform(run):
    ax = plot_console_field(run.frames[0])
    fig = ax.figure
    fig.canvas.draw()
    x, y = ax.transData.transform((0.5, -1.0))
    assert pixel_to_data(ax, x, fig.bbox.height - y) == pytest.approx((0.5, -1.0))
    assert pixel_to_data(ax, 0, 0) is None  # the figure's corner, outside the axes


def test_gif_has_one_frame_per_frame(run, tmp_path):
    assert save_console_gif(run.frames, tmp_path / "run.gif", fps=4) == 2
    with Image.open(tmp_path / "run.gif") as gif:
        assert gif.n_frames == 2
    with pytest.raises(ValueError, match="save_console_gif: at least one frame"):
        save_console_gif([], tmp_path / "none.gif")
