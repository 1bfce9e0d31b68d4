"""otlab.critics.diagnostics: weights, layer gradients and grids, against direct computation."""

import numpy as np
import pytest

import otlab
from otlab import toy
from otlab.critics import (
    critic_and_potential_on_grid,
    critic_weights,
    fit_critic,
    layer_gradient_norms,
)


@pytest.fixture(scope="module")
def samples():
    return toy.sample("moons", 40, seed=0), toy.sample("gaussian", 40, seed=1)


def test_weights_are_the_weight_matrices(samples):
    fit = fit_critic(*samples, steps=3, width=6, depth=2, seed=0, progress=False)
    weights = critic_weights(fit)
    assert weights.shape == (2 * 6 + 6 * 6 + 6 * 1,)
    clipped = fit_critic(*samples, constraint="clip", clip=0.0625, steps=3, seed=0, progress=False)
    assert np.abs(critic_weights(clipped)).max() <= 0.0625


def test_layer_gradient_norms_at_both_ends(samples):
    fit = fit_critic(*samples, steps=10, width=8, depth=2, seed=0, progress=False)
    norms = layer_gradient_norms(fit)
    assert norms.shape == (3,)
    data = np.vstack(samples)
    # layer 0: the input gradient; last layer: df/dh = the output weights, the same everywhere
    assert norms[0] == pytest.approx(fit.critic.grad_norm(data).mean(), rel=1e-5)
    last = list(fit.critic.network.modules())[-1].weight.detach().numpy()
    assert norms[-1] == pytest.approx(np.linalg.norm(last), rel=1e-5)


def test_small_clipping_makes_gradients_vanish_towards_the_input(samples):
    fit = fit_critic(
        *samples, constraint="clip", clip=0.001, steps=2, depth=5, seed=0, progress=False
    )
    norms = layer_gradient_norms(fit)
    assert np.all(np.diff(np.log(norms)) > 1.0)  # shrinks by more than e at every layer down


def test_grid_values_are_centred_and_normalised(samples):
    real, fake = samples
    fit = fit_critic(real, fake, steps=5, grid_size=10, seed=0, progress=False)
    exact = otlab.emd(real, fake)
    X, Y, learned, true = critic_and_potential_on_grid(fit, exact)
    assert X.shape == learned.shape == true.shape == (10, 10)
    assert abs(learned.mean()) < 1e-9 and abs(true.mean()) < 1e-9
    _, _, raw, _ = critic_and_potential_on_grid(fit, exact, normalize=False)
    assert np.allclose(learned, raw / fit.lipschitz)
    assert np.allclose(
        true + otlab.kantorovich_potential(exact)(np.c_[X.ravel(), Y.ravel()]).mean(),
        otlab.kantorovich_potential(exact)(np.c_[X.ravel(), Y.ravel()]).reshape(10, 10),
    )


def test_bad_inputs(samples):
    with pytest.raises(TypeError, match="critic_weights: a CriticFit"):
        critic_weights("fit")
    with pytest.raises(TypeError, match="layer_gradient_norms: a CriticFit"):
        layer_gradient_norms(None)
    fit = fit_critic(*samples, steps=2, seed=0, progress=False)
    with pytest.raises(ValueError, match="critic_and_potential_on_grid: the exact solution"):
        critic_and_potential_on_grid(fit, otlab.emd(samples[1], samples[0]))
