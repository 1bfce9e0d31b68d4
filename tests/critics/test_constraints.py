"""otlab.critics.constraints: the penalties against closed forms, interpolates, clipping."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from otlab.critics import (
    CONSTRAINTS,
    SAMPLINGS,
    clip_weights_,
    gradient_norm,
    gradient_penalty,
    lipschitz_penalty,
    make_critic,
    penalty_points,
)


def seeded(seed=0):
    return torch.Generator().manual_seed(seed)


def linear_critic(w):
    """f(x) = w . x + 0.3, as an nn.Linear: its gradient is w everywhere."""
    layer = torch.nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(np.asarray(w, dtype=np.float32)[None]))
        layer.bias.fill_(0.3)
    return lambda x: layer(x).squeeze(-1)


def batches(n=32):
    real = torch.randn(n, 2, generator=seeded(1)) + 2
    fake = torch.randn(n, 2, generator=seeded(2))
    return real, fake


def test_constraint_names():
    assert CONSTRAINTS == ("clip", "gp", "lp", "sn")
    assert SAMPLINGS == ("interpolates", "real", "fake", "real+fake", "interpolates+real+fake")


# Closed forms: a linear critic has gradient w at every point, whatever the sampling.
weights = st.tuples(st.floats(-3, 3), st.floats(-3, 3))


@pytest.mark.parametrize("sampling", SAMPLINGS)
@given(w=weights)
def test_gradient_penalty_of_a_linear_critic_is_norm_minus_one_squared(sampling, w):
    real, fake = batches()
    got = gradient_penalty(linear_critic(w), real, fake, sampling=sampling, generator=seeded())
    expected = (np.hypot(*np.float32(w)) - 1) ** 2
    assert float(got.detach()) == pytest.approx(expected, rel=1e-4, abs=1e-5)


@pytest.mark.parametrize("sampling", SAMPLINGS)
@given(w=weights)
def test_lipschitz_penalty_of_a_linear_critic_is_one_sided(sampling, w):
    real, fake = batches()
    got = lipschitz_penalty(linear_critic(w), real, fake, sampling=sampling, generator=seeded())
    expected = max(0.0, np.hypot(*np.float32(w)) - 1) ** 2
    assert float(got.detach()) == pytest.approx(expected, rel=1e-4, abs=1e-5)


def test_gradient_norm_of_half_squared_norm_is_the_radius():
    points = torch.randn(50, 2, generator=seeded())
    norms = gradient_norm(lambda x: 0.5 * (x**2).sum(dim=1), points)
    assert torch.allclose(norms, points.norm(dim=1), rtol=1e-6)


def test_interpolates_use_one_epsilon_per_pair():
    # real = (1, 1), fake = (0, 0): a per-sample epsilon keeps both coordinates equal;
    # a per-coordinate one (the classic bug) would not.
    real, fake = torch.ones(200, 2), torch.zeros(200, 2)
    hat = penalty_points(real, fake, generator=seeded())
    assert torch.equal(hat[:, 0], hat[:, 1])
    assert 0 <= float(hat.min()) and float(hat.max()) <= 1
    assert float(hat[:, 0].std()) > 0.2  # epsilon varies between pairs (uniform: sd 0.29)


def test_interpolates_lie_on_the_segments():
    real, fake = batches()
    hat = penalty_points(real, fake, generator=seeded())
    eps = ((hat - fake) * (real - fake)).sum(dim=1) / ((real - fake) ** 2).sum(dim=1)
    assert torch.allclose(hat, fake + eps[:, None] * (real - fake), atol=1e-5)


def test_other_samplings_pick_the_data():
    real, fake = batches()
    assert torch.equal(penalty_points(real, fake, sampling="real"), real)
    assert torch.equal(penalty_points(real, fake, sampling="fake"), fake)
    assert torch.equal(penalty_points(real, fake, sampling="real+fake"), torch.cat([real, fake]))
    both = penalty_points(real, fake, sampling="interpolates+real+fake", generator=seeded())
    assert torch.equal(both[32:], torch.cat([real, fake]))
    assert torch.equal(both[:32], penalty_points(real, fake, generator=seeded()))
    # real, fake and real+fake need no pairing: different batch sizes are fine
    assert penalty_points(real, fake[:5], sampling="real+fake").shape == (37, 2)


def test_same_generator_same_penalty():
    critic = make_critic(width=16, depth=2, generator=seeded())
    real, fake = batches()
    first = gradient_penalty(critic, real, fake, generator=seeded(5))
    second = gradient_penalty(critic, real, fake, generator=seeded(5))
    assert torch.equal(first, second)


@pytest.mark.parametrize("penalty", [gradient_penalty, lipschitz_penalty])
def test_penalties_are_differentiable_in_the_weights(penalty):
    critic = make_critic(width=16, depth=2, generator=seeded())
    with torch.no_grad():  # make the critic steep, so the one-sided penalty is active too
        for p in critic.parameters():
            p.mul_(5)
    value = penalty(critic, *batches(), generator=seeded())
    value.backward()
    assert value > 0
    # every weight matrix moves the gradient field (the last bias shifts f, not its gradient)
    matrices = [p for p in critic.parameters() if p.ndim == 2]
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in matrices)


def test_clip_weights_bounds_every_parameter_in_place():
    critic = make_critic(width=16, depth=3, generator=seeded())
    small = {name: p.detach().clone() for name, p in critic.named_parameters()}
    returned = clip_weights_(critic, 0.0625)  # exact in float32
    assert returned is critic
    for name, p in critic.named_parameters():
        assert float(p.detach().abs().max()) <= 0.0625
        inside = small[name].abs() <= 0.0625
        assert torch.equal(p[inside], small[name][inside])  # values inside are untouched


@pytest.mark.parametrize("c", [0, -0.1, float("inf"), float("nan"), "0.01", True])
def test_clip_weights_rejects_bad_bounds(c):
    with pytest.raises(ValueError, match="clip_weights_: a clipping bound c > 0"):
        clip_weights_(torch.nn.Linear(2, 1), c)


def test_clip_weights_wants_a_module():
    with pytest.raises(TypeError, match="clip_weights_: a torch.nn.Module"):
        clip_weights_(lambda x: x, 0.01)


@pytest.mark.parametrize(
    "real, fake, sampling, error, match",
    [
        (torch.zeros(4, 2), torch.zeros(5, 2), "interpolates", ValueError, "same number of rows"),
        (np.zeros((4, 2)), torch.zeros(4, 2), "real", TypeError, "`real` as a torch.Tensor"),
        (torch.zeros(4), torch.zeros(4, 2), "real", ValueError, "`real` as an \\(n, d\\)"),
        (torch.zeros(4, 2), torch.zeros(4, 3), "real", ValueError, "same dimension"),
        (torch.zeros(4, 2), torch.zeros(4, 2), "grid", ValueError, "'interpolates', 'real'"),
    ],
)
def test_bad_batches(real, fake, sampling, error, match):
    critic = linear_critic((1.0, 0.0))
    with pytest.raises(error, match=match):
        gradient_penalty(critic, real, fake, sampling=sampling)


# reduction="none": the per-point terms, in the order of penalty_points.
@pytest.mark.parametrize("penalty", [gradient_penalty, lipschitz_penalty])
@pytest.mark.parametrize("sampling", SAMPLINGS)
def test_mean_of_per_point_terms_is_the_mean_penalty(penalty, sampling):
    critic = make_critic(width=16, depth=2, generator=seeded())
    real, fake = batches()
    terms = penalty(critic, real, fake, sampling=sampling, generator=seeded(3), reduction="none")
    mean = penalty(critic, real, fake, sampling=sampling, generator=seeded(3))
    default = penalty(critic, real, fake, sampling=sampling, generator=seeded(3), reduction="mean")
    k = len(penalty_points(real, fake, sampling=sampling, generator=seeded(3)))
    assert terms.shape == (k,)
    assert torch.allclose(terms.mean(), mean, rtol=1e-6, atol=0)
    assert torch.equal(mean, default)


@pytest.mark.parametrize("sampling", SAMPLINGS)
@given(w=weights)
def test_per_point_terms_of_a_linear_critic(sampling, w):
    real, fake = batches()
    k = len(penalty_points(real, fake, sampling=sampling, generator=seeded()))
    norm = np.hypot(*np.float32(w))
    two = gradient_penalty(
        linear_critic(w), real, fake, sampling=sampling, generator=seeded(), reduction="none"
    )
    one = lipschitz_penalty(
        linear_critic(w), real, fake, sampling=sampling, generator=seeded(), reduction="none"
    )
    assert two.shape == one.shape == (k,)
    np.testing.assert_allclose(two.detach(), np.full(k, (norm - 1) ** 2), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(
        one.detach(), np.full(k, max(0.0, norm - 1) ** 2), rtol=1e-4, atol=1e-5
    )


def test_per_point_terms_follow_the_point_order():
    # f(x) = |x|^2 / 2 has gradient x, so the term at point i is (|x_i| - 1)^2, one-sided
    # max(0, |x_i| - 1)^2: each term must sit at its own point's position.
    real, fake = batches()
    critic = lambda x: 0.5 * (x**2).sum(dim=1)  # noqa: E731
    for sampling in SAMPLINGS:
        points = penalty_points(real, fake, sampling=sampling, generator=seeded())
        radius = points.norm(dim=1)
        two = gradient_penalty(
            critic, real, fake, sampling=sampling, generator=seeded(), reduction="none"
        )
        one = lipschitz_penalty(
            critic, real, fake, sampling=sampling, generator=seeded(), reduction="none"
        )
        assert torch.allclose(two, (radius - 1) ** 2, rtol=1e-5, atol=1e-6)
        assert torch.allclose(one, torch.relu(radius - 1) ** 2, rtol=1e-5, atol=1e-6)


def test_per_point_terms_are_differentiable():
    critic = make_critic(width=16, depth=2, generator=seeded())
    terms = gradient_penalty(critic, *batches(), generator=seeded(), reduction="none")
    terms[0].backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in critic.parameters())


@pytest.mark.parametrize("penalty", [gradient_penalty, lipschitz_penalty])
@pytest.mark.parametrize("reduction", ["sum", None, "Mean"])
def test_bad_reduction(penalty, reduction):
    with pytest.raises(ValueError, match=f"{penalty.__name__}: `reduction` one of 'mean', 'none'"):
        penalty(linear_critic((1.0, 0.0)), *batches(), reduction=reduction)
