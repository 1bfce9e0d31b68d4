"""otlab.critics.network: the MLP critic, its activations, seeding and spectral norm."""

import pytest
import torch

from otlab.critics import ACTIVATIONS, make_critic


def seeded(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_maps_points_to_one_float32_score_each(activation):
    critic = make_critic(width=8, depth=2, activation=activation, generator=seeded())
    scores = critic(torch.randn(7, 2, generator=seeded(1)))
    assert scores.shape == (7,) and scores.dtype == torch.float32


@pytest.mark.parametrize("depth", [0, 1, 4])
def test_depth_counts_hidden_layers(depth):
    critic = make_critic(width=5, depth=depth, generator=seeded())
    linears = [m for m in critic.modules() if isinstance(m, torch.nn.Linear)]
    assert len(linears) == depth + 1
    assert all(m.out_features == 5 for m in linears[:-1]) and linears[-1].out_features == 1


@pytest.mark.parametrize("spectral_norm", [False, True])
def test_same_generator_same_network_and_global_rng_untouched(spectral_norm):
    before = torch.random.get_rng_state()
    first = make_critic(spectral_norm=spectral_norm, generator=seeded(3))
    second = make_critic(spectral_norm=spectral_norm, generator=seeded(3))
    other = make_critic(spectral_norm=spectral_norm, generator=seeded(4))
    assert torch.equal(before, torch.random.get_rng_state())
    x = torch.randn(16, 2, generator=seeded(9))
    first.eval(), second.eval(), other.eval()
    assert torch.equal(first(x), second(x))
    assert not torch.allclose(first(x), other(x))


def test_default_initialisation_law():
    # PyTorch's default for nn.Linear: weights and biases uniform in +-1/sqrt(fan_in).
    critic = make_critic(width=256, depth=1, generator=seeded())
    hidden = critic.layers[2].weight  # (1, 256): fan_in 256
    assert hidden.abs().max() <= 1 / 16
    assert hidden.abs().max() > 0.9 / 16  # it fills the range, it is not a constant


def test_spectral_norm_makes_each_layer_norm_one():
    critic = make_critic(width=32, depth=2, spectral_norm=True, generator=seeded())
    x = torch.randn(64, 2, generator=seeded(1))
    for _ in range(30):  # each training-mode forward runs one power iteration
        critic(x)
    critic.eval()
    linears = [m for m in critic.modules() if isinstance(m, torch.nn.Linear)]
    for linear in linears:
        sigma = torch.linalg.matrix_norm(linear.weight.detach(), ord=2)
        assert float(sigma) == pytest.approx(1.0, abs=1e-3)


def test_unknown_activation_lists_the_valid_ones():
    with pytest.raises(ValueError, match="make_critic: .*'relu'.*'leaky_relu'.*got 'swish'"):
        make_critic(activation="swish")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"width": 0}, ValueError),
        ({"width": 2.5}, ValueError),
        ({"depth": -1}, ValueError),
        ({"generator": 0}, TypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match="make_critic: "):
        make_critic(**kwargs)


def test_no_generator_still_leaves_global_rng_alone():
    before = torch.random.get_rng_state()
    make_critic(spectral_norm=True)
    assert torch.equal(before, torch.random.get_rng_state())
