"""The table of losses: each formula equals its closed form, and every row is complete."""

import math

import pytest
import torch

from otlab.critics import CONSTRAINTS as CRITIC_CONSTRAINTS
from otlab.gan import CONSTRAINTS, LOSSES
from otlab.gan.losses import LOG_ONE_MINUS_D, NEG_LOG_D, NEG_LOG_ONE_MINUS_D, NEG_SCORE, SCORE


def _log_sigmoid(x):
    return math.log(1 / (1 + math.exp(-x)))


def test_the_constraint_vocabulary_is_the_critics_plus_none():
    assert set(CONSTRAINTS) == {"none", *CRITIC_CONSTRAINTS}
    assert all(row.constraint in CONSTRAINTS for row in LOSSES.values())


@pytest.mark.parametrize("name", ["gan", "gan-ns"])
def test_logistic_losses_against_log_d(name):
    f_real = torch.tensor([[0.3, -1.2]])
    f_fake = torch.tensor([[2.0, -0.5]])
    row = LOSSES[name]
    # The discriminator minimises -E log D(x) - E log(1 - D(G(z))), D = sigmoid(f).
    expected = -(_log_sigmoid(0.3) + _log_sigmoid(-1.2)) / 2
    expected -= (math.log(1 - 1 / (1 + math.exp(-2.0))) + math.log(1 - 1 / (1 + math.exp(0.5)))) / 2
    assert float(row.critic_loss(f_real, f_fake)[0]) == pytest.approx(expected, rel=1e-6)
    d = [1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(0.5))]
    if name == "gan":  # E log(1 - D(G(z)))
        expected = sum(math.log(1 - v) for v in d) / 2
    else:  # -E log D(G(z))
        expected = -sum(math.log(v) for v in d) / 2
    assert float(row.generator_loss(f_fake)[0]) == pytest.approx(expected, rel=1e-6)


def test_wasserstein_losses_are_the_gap():
    f_real = torch.tensor([[1.0, 3.0], [0.0, 0.0]])
    f_fake = torch.tensor([[0.5, 0.5], [1.0, -1.0]])
    row = LOSSES["wgan-gp"]
    torch.testing.assert_close(row.critic_loss(f_real, f_fake), torch.tensor([-1.5, 0.0]))
    torch.testing.assert_close(row.generator_loss(f_fake), torch.tensor([-0.5, 0.0]))


def test_the_exact_loss_is_the_minibatch_w1():
    fake = torch.tensor([[[0.0, 0.0], [1.0, 0.0]]])
    real = torch.tensor([[[1.0, 1.0], [0.0, 1.0]]])  # the best matching moves each point by 1
    assert float(LOSSES["wgan-exact"].transport(fake, real, None)[0]) == pytest.approx(1.0)


def test_the_sinkhorn_loss_is_the_debiased_divergence():
    import otlab
    from otlab.gan import GANConfig

    fake = torch.tensor([[[0.0, 0.0], [1.0, 0.0], [0.5, 0.5]]])
    real = torch.tensor([[[1.0, 1.0], [0.0, 1.0], [2.0, 0.0]]])
    value = LOSSES["sinkhorn"].transport(fake, real, GANConfig(eps=0.5))
    expected = otlab.sinkhorn_divergence(real[0].numpy(), fake[0].numpy(), eps=0.5)
    assert float(value[0]) == pytest.approx(float(expected), rel=1e-4)


@pytest.mark.parametrize(
    "term", [NEG_LOG_D, NEG_LOG_ONE_MINUS_D, LOG_ONE_MINUS_D, SCORE, NEG_SCORE]
)
def test_each_term_derivative_is_autograds(term):
    f = torch.linspace(-30, 30, 60, dtype=torch.float64).reshape(3, 20).requires_grad_(True)
    (expected,) = torch.autograd.grad(term.mean(f).sum(), f)
    torch.testing.assert_close(term.grad(f.detach()), expected)


def test_every_row_is_complete():
    for name, row in LOSSES.items():
        assert row.name == name and row.summary and row.fix and row.colour
        assert row.optimizer in ("adam", "rmsprop") and row.lr > 0
        assert row.has_critic == (row.critic_lr is not None)
        terms = (row.critic_real, row.critic_fake, row.generator_fake)
        assert all(terms) if row.has_critic else not any(terms)
