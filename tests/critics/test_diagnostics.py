"""otlab.critics.diagnostics: weights, layer gradients and grids, against direct computation."""

import numpy as np
import pytest
import torch

import otlab
from otlab import toy
from otlab.critics import (
    critic_and_potential_on_grid,
    critic_weights,
    dead_units,
    fit_critic,
    layer_gradient_norms,
    segment_gradients,
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


def test_dead_units_counts_units_never_switched_on(samples):
    fit = fit_critic(*samples, steps=2, width=6, depth=2, grid_size=8, seed=0, progress=False)
    assert dead_units(fit).shape == (2,)
    first = fit.critic.network.layers[0]
    with torch.no_grad():  # unit 0 of the first layer: bias far below anything the data reach
        first.weight[0] = 0.0
        first.bias[0] = -1.0
        first.weight[1] = 0.0
        first.bias[1] = 0.0  # exactly 0 everywhere: ReLU passes no gradient there either
    before = dead_units(fit)
    assert before[0] >= 2
    with torch.no_grad():
        first.bias[0] = 1.0
        first.bias[1] = 1e-3
    assert dead_units(fit)[0] == before[0] - 2


def test_segment_gradients_of_a_linear_critic(samples):
    real, fake = samples
    fit = fit_critic(real, fake, steps=2, width=4, depth=1, seed=0, progress=False)
    exact = otlab.emd(real, fake)
    with torch.no_grad():  # f(x) = 3 x_1 + 4 x_2 after a positive ReLU: |grad f| = 5
        first, last = fit.critic.network.layers[0], fit.critic.network.layers[2]
        first.weight.zero_()
        first.weight[0] = torch.tensor([3.0, 4.0])
        first.bias.fill_(100.0)
        last.weight.zero_()
        last.weight[0, 0] = 1.0
    along = segment_gradients(fit, exact, points=4)
    assert np.allclose(along.t, [0, 1 / 3, 2 / 3, 1])
    assert along.norms.shape == (len(real), 4)  # equal uniform samples: a permutation plan
    assert along.weights.sum() == pytest.approx(1.0)
    assert np.allclose(along.norms, 5.0, rtol=1e-5)
    assert np.allclose(along.mean, 5.0, rtol=1e-5)
    assert np.allclose(along.quantile(0.9), 5.0, rtol=1e-5)


def test_segment_quantiles_are_weighted():
    from otlab.critics import SegmentGradients

    along = SegmentGradients(
        t=np.array([0.0, 1.0]),
        norms=np.array([[1.0, 3.0], [2.0, 1.0], [5.0, 2.0]]),
        weights=np.array([0.1, 0.1, 0.8]),
    )
    assert along.mean.tolist() == pytest.approx([4.3, 2.0])
    assert along.quantile(0.5).tolist() == [5.0, 2.0]
    assert along.quantile(0.0).tolist() == [1.0, 1.0]
    assert along.quantile(1.0).tolist() == [5.0, 3.0]
    with pytest.raises(ValueError, match="quantile: q in"):
        along.quantile(1.5)


def test_bad_inputs(samples):
    with pytest.raises(TypeError, match="critic_weights: a CriticFit"):
        critic_weights("fit")
    with pytest.raises(TypeError, match="layer_gradient_norms: a CriticFit"):
        layer_gradient_norms(None)
    fit = fit_critic(*samples, steps=2, seed=0, progress=False)
    with pytest.raises(ValueError, match="critic_and_potential_on_grid: the exact solution"):
        critic_and_potential_on_grid(fit, otlab.emd(samples[1], samples[0]))
    with pytest.raises(TypeError, match="dead_units: a CriticFit"):
        dead_units("fit")
    with pytest.raises(ValueError, match="segment_gradients: `points` an integer >= 2"):
        segment_gradients(fit, otlab.emd(*samples), points=1)
