"""otlab.critics.result: the trained critic as a numpy function."""

import numpy as np
import pytest
import torch

from otlab.critics import CriticFunction, make_critic


@pytest.fixture(scope="module")
def critic():
    network = make_critic(width=16, depth=2, activation="tanh", generator=torch.Generator())
    return CriticFunction(network.eval())


def test_values_and_gradients_are_numpy(critic):
    points = np.random.default_rng(0).normal(size=(20, 2))
    values, grad = critic(points), critic.grad(points)
    assert values.shape == (20,) and values.dtype == np.float64
    assert grad.shape == (20, 2)
    assert np.allclose(critic.grad_norm(points), np.linalg.norm(grad, axis=1), rtol=1e-5)


def test_gradient_matches_finite_differences(critic):
    points = np.random.default_rng(1).normal(size=(10, 2))
    h = 1e-2  # float32 network: a wide step and a loose tolerance
    for axis in range(2):
        step = np.zeros(2)
        step[axis] = h
        central = (critic(points + step) - critic(points - step)) / (2 * h)
        assert np.allclose(critic.grad(points)[:, axis], central, atol=2e-3)


def test_on_grid_layout_matches_potential(critic):
    X, Y, F = critic.on_grid((-1, 1), (0, 2), 5)
    assert X.shape == Y.shape == F.shape == (5, 5)
    assert X[0, -1] == 1 and Y[-1, 0] == 2
    assert F[2, 3] == pytest.approx(critic([[X[2, 3], Y[2, 3]]])[0])


@pytest.mark.parametrize(
    "xlim, ylim, name",
    [
        ((1, -1), (0, 2), "xlim"),
        ((-1, 1), (0, np.nan), "ylim"),
        ((-1, 0, 1), (0, 2), "xlim"),
        ((-1, 1), (2, 2), "ylim"),
    ],
)
def test_on_grid_rejects_bad_limits(critic, xlim, ylim, name):
    match = f"CriticFunction.on_grid: `{name}` as \\(low, high\\) with low < high"
    with pytest.raises(ValueError, match=match):
        critic.on_grid(xlim, ylim, 5)


def test_more_points_than_one_chunk(critic):
    points = np.random.default_rng(2).normal(size=(9000, 2))
    assert critic(points).shape == (9000,) and critic.grad(points).shape == (9000, 2)


def test_bad_points(critic):
    with pytest.raises(ValueError, match="CriticFunction: `points` with 2 coordinates"):
        critic(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="CriticFunction.grad: finite values"):
        critic.grad([[np.inf, 0.0]])
