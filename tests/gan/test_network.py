"""StackedMLP: its hand-written gradients equal autograd's, for every seed of a stack."""

import copy

import pytest
import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from otlab.critics.network import make_critic
from otlab.gan.generator import make_generator
from otlab.gan.network import StackedMLP

S, B = 3, 20


def _critics(activation="relu", width=16):
    gens = [torch.Generator().manual_seed(s) for s in range(S)]
    return [make_critic(width=width, depth=3, activation=activation, generator=g) for g in gens]


def _linear(net):
    return [m for m in net.modules() if isinstance(m, nn.Linear)]


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_forward_input_gradient_and_penalty_gradient_equal_autograd(activation):
    nets = _critics(activation)
    stack = StackedMLP(nets, activation)
    x = torch.randn(S, 3 * B, 2, generator=torch.Generator().manual_seed(0))
    out, cache = stack.forward(x, keep=True)
    weights = torch.randn(S, 2 * B, 1, generator=torch.Generator().manual_seed(1))
    grad, adjoints = stack.input_grad(cache, slice(2 * B, 3 * B))
    norms = grad.norm(dim=-1, keepdim=True)
    grad_grad = 2 * (norms - 1) / norms * grad  # d/d(grad f) of sum (|grad f| - 1)^2
    stack.backward(
        cache,
        weights,
        rows=slice(0, 2 * B),
        adjoints=adjoints,
        chain_rows=slice(2 * B, 3 * B),
        grad_grad=grad_grad,
    )
    for s, net in enumerate(nets):
        torch.testing.assert_close(out[s, :, 0], net(x[s]))
        hat = x[s, 2 * B :].clone().requires_grad_(True)
        (expected,) = torch.autograd.grad(net(hat).sum(), hat, create_graph=True)
        torch.testing.assert_close(grad[s], expected)
        loss = (weights[s, :, 0] * net(x[s, : 2 * B])).sum()
        loss = loss + ((expected.norm(dim=1) - 1) ** 2).sum()
        net.zero_grad()
        loss.backward()
        for k, layer in enumerate(_linear(net)):
            torch.testing.assert_close(stack.weight_grads[k][s], layer.weight.grad.T)
            torch.testing.assert_close(stack.bias_grads[k][s, 0], layer.bias.grad)


def test_backward_to_the_input_is_what_a_generator_step_needs():
    gens = [torch.Generator().manual_seed(s) for s in range(S)]
    generator = StackedMLP([make_generator(width=8, generator=g) for g in gens])
    critic = StackedMLP(_critics())
    z = torch.randn(S, B, 2, generator=torch.Generator().manual_seed(2))
    fake, g_cache = generator.forward(z, keep=True)
    scores, c_cache = critic.forward(fake, keep=True)
    d_fake = critic.backward(c_cache, -torch.ones(S, B, 1) / B, input_grad=True, weights=False)
    assert not critic.grad.any()  # the critic's weights were left alone
    generator.backward(g_cache, d_fake)
    for s, (g_net, c_net) in enumerate(zip(generator.nets, critic.nets, strict=True)):
        g_net.zero_grad()
        (-c_net(g_net(z[s])).mean()).backward()
        for k, layer in enumerate(_linear(g_net)):
            torch.testing.assert_close(generator.weight_grads[k][s], layer.weight.grad.T)


def test_spectral_normalisation_equals_torchs_parametrization():
    net = _critics()[0]
    stack = StackedMLP([net])
    stack.set_spectral(True, [torch.Generator().manual_seed(1)])
    for _ in range(50):  # converge the power iterations of both
        stack.refresh()
    reference = copy.deepcopy(net)
    for layer in _linear(reference):
        spectral_norm(layer)
    x = torch.randn(1, 40, 2, generator=torch.Generator().manual_seed(3))
    for _ in range(50):
        reference(x[0])
    reference.eval()  # power iteration frozen: u and v held, as StackedMLP holds them
    out, cache = stack.forward(x, keep=True)
    torch.testing.assert_close(out[0, :, 0], reference(x[0]), atol=1e-5, rtol=1e-4)
    weights = torch.randn(1, 40, 1, generator=torch.Generator().manual_seed(4))
    stack.backward(cache, weights)
    (weights[0, :, 0] * reference(x[0])).sum().backward()
    for k, layer in enumerate(_linear(reference)):
        original = layer.parametrizations.weight.original.grad
        torch.testing.assert_close(stack.weight_grads[k][0], original.T, atol=1e-4, rtol=1e-3)


def test_unstack_returns_modules_that_compute_what_the_stack_computes():
    nets = _critics()
    stack = StackedMLP(nets)
    with torch.no_grad():
        stack.params.add_(0.1)  # "training"
    x = torch.randn(S, 7, 2, generator=torch.Generator().manual_seed(5))
    expected = stack(x)[..., 0]
    for s, net in enumerate(stack.unstack()):
        torch.testing.assert_close(net(x[s]), expected[s])
