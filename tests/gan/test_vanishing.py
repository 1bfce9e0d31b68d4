"""Vanishing gradients: the minimax generator gradient dies, the WGAN-GP one does not."""

import numpy as np
import pytest
import torch

from otlab.gan import vanishing_gradients


@pytest.fixture(scope="module")
def result():
    return vanishing_gradients("8gaussians", steps=300, seed=0, progress=False)


@pytest.mark.slow
def test_minimax_gradient_falls_by_three_orders_of_magnitude(result):
    assert result.minimax[-1] <= 1e-3 * result.minimax[0]
    assert result.d_fake[-1] < 1e-3  # because the discriminator is sure the fakes are fake


@pytest.mark.slow
def test_wgan_gp_gradient_stays_within_a_factor_of_ten(result):
    # It never falls below a tenth of where it started, and ends within 10x of its peak.
    assert result.wgan_gp.min() >= result.wgan_gp[0] / 10
    assert result.wgan_gp[-1] >= result.wgan_gp.max() / 10
    assert result.critic_gap[-1] > 1.0  # the critic has learned a distance (W1 is about 2)


@pytest.mark.slow
def test_records_have_one_entry_per_step_and_are_seeded(result):
    assert result.steps.tolist() == list(range(301))
    for curve in (result.minimax, result.non_saturating, result.wgan_gp, result.d_fake):
        assert curve.shape == (301,) and np.all(np.isfinite(curve))
    again = vanishing_gradients("8gaussians", steps=3, seed=0, progress=False)
    np.testing.assert_array_equal(again.minimax, result.minimax[:4])
    assert set(result.ratios) == {"minimax", "non_saturating", "wgan_gp"}


@pytest.mark.slow
def test_offset_moves_the_fake_samples():
    base = vanishing_gradients(steps=1, seed=0, progress=False)
    moved = vanishing_gradients(steps=1, seed=0, offset=(1.0, -2.0), progress=False)
    np.testing.assert_allclose(moved.fake - base.fake, np.tile([1.0, -2.0], (256, 1)), atol=1e-6)


def test_a_non_finite_loss_stops_naming_the_step_and_a_fix():
    with pytest.raises(
        FloatingPointError,
        match=r"vanishing_gradients: finite losses, got a non-finite \w+ loss .*"
        r"step \d+ with lr=1e\+30 \(seed 0\); lower lr",
    ):
        vanishing_gradients("8gaussians", steps=5, lr=1e30, seed=0, progress=False)
    with pytest.raises(ValueError, match=r"vanishing_gradients: `data` within \|x\| <= 1e\+15"):
        vanishing_gradients(np.full((50, 2), 3e38), steps=3, seed=0, progress=False)


def test_a_numpy_or_torch_generator_seeds_the_run():
    from_numpy = vanishing_gradients(steps=2, seed=np.random.default_rng(5), progress=False)
    seed = int(np.random.default_rng(5).integers(2**63))
    again = vanishing_gradients(steps=2, seed=seed, progress=False)
    np.testing.assert_array_equal(from_numpy.minimax, again.minimax)
    from_torch = vanishing_gradients(steps=1, seed=torch.Generator().manual_seed(5), progress=False)
    assert np.all(np.isfinite(from_torch.minimax))


@pytest.mark.parametrize(
    ("args", "kwargs", "kind", "match"),
    [
        (("nine",), {}, ValueError, "`data` a toy name"),
        ((np.zeros((4, 3)),), {}, ValueError, "`data` with 2 coordinates"),
        (("8gaussians",), {"steps": 0}, ValueError, "`steps` an integer >= 1"),
        (("8gaussians",), {"lr": 0}, ValueError, "`lr` > 0"),
        (("8gaussians",), {"offset": (1.0, 2.0, 3.0)}, ValueError, "`offset` with 2 coordinates"),
        (("8gaussians",), {"offset": (np.nan, 0)}, ValueError, "finite values in `offset`"),
        (("8gaussians",), {"data_params": 3}, TypeError, "`data_params` a dict"),
        (
            ("8gaussians",),
            {"seed": "a"},
            TypeError,
            "`seed` an int >= 0, a numpy.random.Generator",
        ),
    ],
)
def test_bad_input_is_refused(args, kwargs, kind, match):
    with pytest.raises(kind, match=f"vanishing_gradients: {match}"):
        vanishing_gradients(*args, progress=False, **kwargs)
