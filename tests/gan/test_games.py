"""The bilinear game and the Dirac-GAN against their closed forms."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otlab.gan import bilinear_game
from otlab.gan.games import dirac_gan

start = st.floats(-10, 10).filter(lambda v: abs(v) > 1e-3)
rate = st.floats(0.001, 1.0)


@given(start, start, rate)
def test_simultaneous_radius_grows_by_exactly_sqrt_one_plus_lr_squared(x0, y0, lr):
    run = bilinear_game(x0, y0, lr=lr, steps=50, mode="simultaneous")
    factors = run.radius[1:] / run.radius[:-1]
    np.testing.assert_allclose(factors, np.sqrt(1 + lr**2), rtol=1e-12)
    assert run.growth == pytest.approx(np.sqrt(1 + lr**2), rel=1e-12)


@given(start, start, st.floats(0.001, 1.9))
def test_alternating_keeps_its_quadratic_invariant(x0, y0, lr):
    run = bilinear_game(x0, y0, lr=lr, steps=300, mode="alternating")
    invariant = run.x**2 + run.y**2 - lr * run.x * run.y
    np.testing.assert_allclose(invariant, invariant[0], rtol=1e-9)


def test_alternating_stays_bounded_for_many_steps():
    run = bilinear_game(1.0, 0.0, lr=0.3, steps=20_000, mode="alternating")
    # On the ellipse x^2 + y^2 - lr xy = 1 the radius is at most 1 / sqrt(1 - lr/2).
    assert run.radius.max() <= 1 / np.sqrt(1 - 0.3 / 2) + 1e-9


@given(start, start, st.floats(0.01, 0.99))
def test_extragradient_contracts_at_its_closed_form_rate(x0, y0, lr):
    run = bilinear_game(x0, y0, lr=lr, steps=40, mode="extragradient")
    factors = run.radius[1:] / run.radius[:-1]
    np.testing.assert_allclose(factors, np.sqrt(1 - lr**2 + lr**4), rtol=1e-10)


def test_extragradient_converges_to_the_equilibrium():
    run = bilinear_game(1.0, 1.0, lr=0.2, steps=2000, mode="extragradient")
    assert run.radius[-1] < 1e-6


def test_bilinear_records_the_start_and_every_step():
    run = bilinear_game(1.0, 2.0, lr=0.5, steps=7)
    assert run.x.shape == run.y.shape == (8,)
    assert (run.x[0], run.y[0]) == (1.0, 2.0)
    assert (run.x[1], run.y[1]) == (1.0 - 0.5 * 2.0, 2.0 + 0.5 * 1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "gradient"}, "`mode` one of"),
        ({"lr": 0.0}, "`lr` > 0"),
        ({"lr": float("nan")}, "a finite `lr`"),
        ({"steps": 0}, "`steps` an integer >= 1"),
    ],
)
def test_bilinear_rejects_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bilinear_game(1.0, 0.0, **kwargs)


def test_bilinear_rejects_a_non_numeric_start():
    with pytest.raises(TypeError, match="bilinear_game: `x0` as a real number, got 'a'"):
        bilinear_game("a", 0.0)


def test_dirac_wgan_is_the_alternating_bilinear_game():
    # Critic first (psi <- psi - lr theta), then generator (theta <- theta + lr psi): the
    # alternating game with x = psi, y = theta.
    dirac = dirac_gan(0.7, 0.2, loss="wgan", lr=0.3, steps=100)
    game = bilinear_game(0.2, 0.7, lr=0.3, steps=100, mode="alternating")
    np.testing.assert_allclose(dirac.psi, game.x, rtol=1e-12)
    np.testing.assert_allclose(dirac.theta, game.y, rtol=1e-12)


@pytest.mark.parametrize("n_critic", [1, 5])
def test_dirac_wgan_clip_keeps_oscillating_and_psi_clipped(n_critic):
    run = dirac_gan(1.0, 0.0, loss="wgan-clip", lr=0.1, steps=2000, n_critic=n_critic, clip=1.0)
    assert np.abs(run.psi).max() <= 1.0
    late = run.theta[-500:]
    assert np.abs(late).max() > 0.1  # no convergence to theta = 0 ...
    assert late.min() < 0 < late.max()  # ... it keeps crossing the data


def test_dirac_gan_circles_instead_of_converging():
    run = dirac_gan(1.0, 0.0, loss="gan", lr=0.1, steps=3000)
    assert np.abs(run.theta[-500:]).max() > 0.5


def test_dirac_gan_first_steps_by_hand():
    run = dirac_gan(1.0, 0.0, loss="gan", lr=0.1, steps=1)
    psi = 0.0 - 0.1 * 1.0 * 0.5  # d/dpsi log(1 - sigmoid(psi theta)) = -theta sigmoid(0)
    theta = 1.0 + 0.1 * psi / (1 + np.exp(-psi))
    assert run.psi[1] == pytest.approx(psi)
    assert run.theta[1] == pytest.approx(theta)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"loss": "wgan-gp"}, "`loss` one of 'gan', 'wgan', 'wgan-clip'"),
        ({"clip": -1.0}, "`clip` > 0"),
        ({"n_critic": 0}, "`n_critic` an integer >= 1"),
        ({"steps": 2.5}, "`steps` an integer >= 1"),
    ],
)
def test_dirac_rejects_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        dirac_gan(1.0, 0.0, **kwargs)
