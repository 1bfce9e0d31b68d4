"""LiveTraining: exact update counts, the exact answer beside the networks, and keeping a run."""

import numpy as np
import pytest
import torch

import otlab
from otlab.gan import LiveTraining
from otlab.gan.trainer import generator_push

SMALL = {"width": 16, "depth": 2, "batch_size": 64, "n_eval": 64}


@pytest.fixture
def run():
    return LiveTraining("8gaussians", loss="wgan-gp", seed=0, **SMALL)


def test_critic_steps_leave_the_generator_bit_identical(run):
    generator = run.trainer.generator.params.clone()
    critic = run.trainer.critic.params.clone()
    run.step_critic(5)
    assert torch.equal(run.trainer.generator.params, generator)
    assert not torch.equal(run.trainer.critic.params, critic)
    assert (run.trainer.critic_steps, run.trainer.generator_steps) == (5, 0)


def test_generator_steps_leave_the_critic_bit_identical(run):
    critic = run.trainer.critic.params.clone()
    run.step_generator(3)
    assert torch.equal(run.trainer.critic.params, critic)
    assert (run.trainer.critic_steps, run.trainer.generator_steps) == (0, 3)
    run.train(2)
    assert (run.trainer.critic_steps, run.trainer.generator_steps) == (10, 5)


def test_push_of_a_wgan_is_the_critic_gradient(run):
    run.train(2)
    samples, push = generator_push(run.trainer, run.noise)
    points = samples[0].detach().clone().requires_grad_(True)
    critic = run.trainer.critic.unstack()[0]
    (grad,) = torch.autograd.grad(critic(points).sum(), points)
    torch.testing.assert_close(push[0], grad, rtol=1e-4, atol=1e-6)


def test_measure_reports_the_exact_w1_of_the_shown_samples(run):
    run.train(2)
    frame = run.measure()
    assert frame.w1 == pytest.approx(otlab.emd(run.real, frame.samples).distance, abs=1e-12)
    assert frame.readouts["generator_steps"] == 2 and frame.readouts["n_modes"] == 8
    assert frame.critic.shape == (48, 48) and np.isfinite(frame.estimate)
    assert run.history.generator_steps == [2]


def test_drawn_points_are_the_data_and_w1_uses_them(run):
    points = np.array([[0.0, 0.0], [1.0, 0.5], [-0.5, 1.0]])
    run.set_points(points)
    frame = run.measure()
    np.testing.assert_array_equal(frame.real, points)
    assert frame.w1 == pytest.approx(otlab.emd(points, frame.samples).distance, abs=1e-9)
    assert frame.modes_covered is None
    with pytest.raises(ValueError, match="at least 2 points"):
        run.set_points([[0.0, 0.0]])


def test_changing_the_loss_mid_run_keeps_the_weights(run):
    run.train(1)
    weights = run.trainer.generator.params.clone(), run.trainer.critic.params.clone()
    config = run.configure(loss="gan-ns")
    assert config.loss == "gan-ns" and config.constraint == "none"
    assert torch.equal(run.trainer.generator.params, weights[0])
    assert torch.equal(run.trainer.critic.params, weights[1])
    run.train(1)
    assert run.trainer.generator_steps == 2
    with pytest.raises(ValueError, match="`lr` a finite number > 0"):
        run.configure(lr=0.0)
    with pytest.raises(ValueError, match="start a new LiveTraining"):
        run.configure(width=8)


def test_a_diverging_loss_is_rolled_back_with_its_fix(run):
    run.train(1)
    weights = run.trainer.generator.params.clone()
    run.configure(loss="wgan", lr=1e30, critic_lr=1e30)
    with pytest.raises(FloatingPointError, match="put back as it was before: constrain"):
        run.train(3)
    assert torch.equal(run.trainer.generator.params, weights)
    assert run.trainer.generator_steps == 1
    run.configure(loss="wgan-gp")
    run.train(1)  # usable again
    assert np.isfinite(run.measure().w1)


def test_wgan_exact_has_no_critic_to_step():
    run = LiveTraining("8gaussians", loss="wgan-exact", seed=0, **SMALL)
    with pytest.raises(ValueError, match="a loss that trains a critic"):
        run.step_critic()
    run.train(1)
    frame = run.measure()
    assert np.isnan(frame.estimate) and frame.critic is None
    # Descending the exact W1 pushes each sample along its exact transport direction.
    assert frame.cosine > 0.99


def test_save_and_load_give_the_same_numbers_and_the_same_future(run, tmp_path):
    run.train(2)
    run.step_critic(1)
    before = run.measure().readouts
    run.save(tmp_path / "run.pt")
    loaded = LiveTraining.load(tmp_path / "run.pt")
    assert loaded.history.w1 == run.history.w1
    assert loaded.measure().readouts == before
    run.train(2)
    loaded.train(2)
    assert torch.equal(loaded.trainer.generator.params, run.trainer.generator.params)
    assert loaded.measure().readouts == run.measure().readouts


@pytest.mark.parametrize("constraints", [["sn"], ["sn", "gp"]])
def test_save_and_load_keep_spectral_normalisation_exactly(tmp_path, constraints):
    run = LiveTraining("8gaussians", loss="wgan-sn", seed=1, **SMALL)
    for constraint in constraints:
        run.configure(constraint=constraint)
        run.train(2)
    before = run.measure(record=False).readouts
    run.save(tmp_path / "run.pt")
    loaded = LiveTraining.load(tmp_path / "run.pt")
    assert loaded.measure(record=False).readouts == before
    run.configure(constraint="sn")
    loaded.configure(constraint="sn")
    run.train(2)
    loaded.train(2)
    assert torch.equal(loaded.trainer.critic.params, run.trainer.critic.params)


def test_load_refuses_what_is_not_a_saved_run(tmp_path):
    torch.save({"weights": torch.zeros(2)}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="a state saved by LiveTraining.state"):
        LiveTraining.load(tmp_path / "other.pt")
