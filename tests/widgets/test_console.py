"""TrainingConsole: the buttons and controls drive the run, and the readouts are otlab's numbers."""

import asyncio
import html
import threading

import numpy as np
import pytest
import torch

import otlab
from otlab.widgets import TrainingConsole

SMALL = {"width": 16, "depth": 2, "batch_size": 64, "n_eval": 64}


@pytest.fixture
def console():
    return TrainingConsole("8gaussians", loss="wgan-gp", seed=0, **SMALL)


def _weights(console):
    trainer = console.run.trainer
    return trainer.generator.params.clone(), trainer.critic.params.clone()


def test_five_critic_presses_change_the_critic_only(console):
    generator, critic = _weights(console)
    for _ in range(5):
        console.critic_button.click()
    assert torch.equal(console.run.trainer.generator.params, generator)
    assert not torch.equal(console.run.trainer.critic.params, critic)
    assert console.readouts["critic_steps"] == 5 and console.readouts["generator_steps"] == 0
    assert "critic steps <b>5</b>" in console.readout.value


def test_a_generator_press_is_one_generator_update(console):
    _, critic = _weights(console)
    console.generator_button.click()
    assert torch.equal(console.run.trainer.critic.params, critic)
    assert console.readouts["generator_steps"] == 1 and console.readouts["critic_steps"] == 0


def test_frames_train_speed_rounds_and_redraw(console):
    before = console.live.image.value
    console.speed.value = 2
    console.run_frames(2)
    assert console.readouts["generator_steps"] == 4
    assert console.readouts["critic_steps"] == 4 * console.run.config.n_critic
    assert console.live.image.value != before
    frame = console.frame_shown
    assert console.readouts["w1"] == otlab.emd(frame.real, frame.samples).distance
    assert f"exact W1 = <b>{console.readouts['w1']:.3f}</b>" in console.readout.value


def _click(console, point, kind="mousedown"):
    """The event ipyevents sends for a mouse press at data ``point`` of the field panel."""
    field = console.live.axes[0, 0]
    x, y = field.transData.transform(point)
    height = console.live.figure.bbox.height
    console._mouse({"type": kind, "dataX": x, "dataY": height - y, "buttons": 1})


def test_drawn_points_give_the_w1_of_emd_against_the_current_samples(console):
    console.run_frames(1)
    console.draw.value = True
    points = [(0.5, 0.5), (-1.0, 1.0), (1.0, -1.5)]
    _click(console, points[0])
    assert "draw at least 2" in console.status.value  # one point: not yet data
    _click(console, points[1], "mousemove")  # a drag adds points too
    _click(console, points[2])
    _click(console, points[2], "mouseup")
    drawn = console.run.real
    np.testing.assert_allclose(drawn, points, atol=0.02)  # to the pixel
    samples = console.frame_shown.samples
    expected = otlab.emd(drawn, samples).distance
    assert console.readouts["w1"] == pytest.approx(expected, abs=1e-9)
    console.set_points(np.array(points))
    expected = otlab.emd(np.array(points), console.frame_shown.samples).distance
    assert console.readouts["w1"] == pytest.approx(expected, abs=1e-9)
    assert console.readouts["modes_covered"] is None
    console.clear.click()
    assert console.drawn == [] and console.readouts["n_modes"] == 8


def test_clicks_outside_draw_mode_or_the_field_add_nothing(console):
    _click(console, (0.0, 0.0))
    console.draw.value = True
    console._mouse({"type": "mousedown", "dataX": 1, "dataY": 1, "buttons": 1})
    assert console.drawn == []


def test_changing_the_loss_mid_run_keeps_the_weights(console):
    console.run_frames(1)
    generator, critic = _weights(console)
    console.loss.value = "wgan-clip"
    assert console.run.config.loss == "wgan-clip" and console.constraint.value == "clip"
    assert console.lr.value == console.run.config.lr  # the new loss's own learning rate
    assert torch.equal(console.run.trainer.generator.params, generator)
    assert torch.equal(console.run.trainer.critic.params, critic)
    console.run_frames(1)
    assert console.readouts["generator_steps"] == 2
    console.n_critic.value = 2
    console.penalty.value = 5.0
    console.critic_lr.value = 1e-4
    config = console.run.config
    assert (config.n_critic, config.penalty_weight, config.critic_lr) == (2, 5.0, 1e-4)


@pytest.mark.parametrize("bad", [0.0, float("nan")])
def test_a_bad_learning_rate_is_shown_and_the_console_goes_on(console, bad):
    lr = console.run.config.lr
    console.lr.value = bad
    status = html.unescape(console.status.value)
    assert "Cannot do that" in status and "`lr` a finite number > 0" in status
    assert console.run.config.lr == lr and console.lr.value == lr  # back to what is in force
    console.run_frames(1)
    assert console.readouts["generator_steps"] == 1


def test_a_diverging_loss_is_shown_and_the_console_goes_on(console):
    console.run_frames(1)
    console.configure(loss="wgan", lr=1e30, critic_lr=1e30)
    console.run_frames(3)
    assert "put back as it was before" in console.status.value
    assert console.readouts["generator_steps"] == 1
    console.loss.value = "wgan-gp"
    console.run_frames(1)
    assert console.readouts["generator_steps"] == 2 and np.isfinite(console.readouts["w1"])


def test_fewer_than_two_points_are_refused(console):
    console.set_points([[0.0, 0.0]])
    assert "at least 2 points" in console.status.value
    assert console.readouts["n_modes"] == 8  # still on 8gaussians


def test_reset_and_seed_start_fresh_networks(console):
    console.run_frames(1)
    console.reset_button.click()
    assert console.readouts["generator_steps"] == 0
    generator, _ = _weights(console)
    console.seed.value = 3
    assert console.run.seed == 3 and not torch.equal(
        console.run.trainer.generator.params, generator
    )


def test_save_then_load_gives_identical_readouts(console, tmp_path):
    console.run_frames(2)
    console.step_critic(2)
    console.save(tmp_path / "run.pt")
    loaded = TrainingConsole.load(tmp_path / "run.pt")
    assert loaded.readouts == console.readouts
    assert loaded.readout.value == console.readout.value


def test_export_gif(console, tmp_path):
    console.run_frames(2)
    assert console.export_gif(tmp_path / "run.gif") == 3  # the first frame and two more
    assert (tmp_path / "run.gif").read_bytes()[:6] == b"GIF89a"


def test_the_save_buttons_write_the_named_files(console, tmp_path):
    console.filename.value = str(tmp_path / "lecture")
    console.save_button.click()
    console.gif_button.click()
    assert (tmp_path / "lecture.pt").exists() and (tmp_path / "lecture.gif").exists()
    assert "frames written to" in console.status.value
    console.filename.value = str(tmp_path / "missing" / "run")
    console.save_button.click()
    assert "could not write" in console.status.value


def _in_fresh_thread(fn):
    """Run ``fn`` on a new thread: no event loop runs there, whatever ran before in this
    process (Playwright's sync API leaves one behind on the main thread)."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", fn()))
    thread.start()
    thread.join()
    return result.get("value")


def test_play_runs_in_the_event_loop_until_pause(console):
    async def session():
        console.play()
        assert console.playing
        await asyncio.sleep(1.0)
        console.pause()
        steps = console.readouts["generator_steps"]
        await asyncio.sleep(0.3)
        return steps

    steps = _in_fresh_thread(lambda: asyncio.run(session()))
    assert steps > 0 and console.readouts["generator_steps"] == steps
    assert not console.playing and "paused" in console.status.value


def test_play_without_an_event_loop_says_what_to_do(console):
    _in_fresh_thread(console.play)
    assert "run_frames" in console.status.value and not console.playing


def test_the_blitted_frame_shows_what_a_full_render_shows(console):
    import io

    from PIL import Image

    def pixels(png: bytes) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)

    console.run_frames(2)
    corners = np.array([[2.5, 2.5], [-2.5, 2.5], [2.5, -2.5]])  # far from every sample
    console.set_points(corners)
    blitted = pixels(console.live.png())
    buffer = io.BytesIO()
    console.live.figure.savefig(buffer, format="png", dpi=console.live.figure.dpi)
    visibly_different = np.abs(blitted - pixels(buffer.getvalue())).max(axis=2) > 32
    assert visibly_different.mean() < 0.002
    # The data is drawn over the heat map: grey (0.6) at each point.
    field = console.live.axes[0, 0]
    height = blitted.shape[0]
    for x, y in field.transData.transform(corners):
        np.testing.assert_allclose(blitted[round(height - y), round(x)], 153, atol=20)
