"""Ensemble: stacked copies compute and train exactly as the networks do alone."""

import pytest
import torch

from otlab.critics.network import make_critic
from otlab.gan.ensemble import Ensemble
from otlab.gan.generator import make_generator


def _critics(n, **kwargs):
    return [
        make_critic(width=8, depth=2, generator=torch.Generator().manual_seed(s), **kwargs)
        for s in range(n)
    ]


def test_each_copy_scores_its_own_rows():
    nets = _critics(3)
    ensemble = Ensemble(nets)
    x = torch.randn(3 * 5, 2, generator=torch.Generator().manual_seed(9))
    out = ensemble(x)
    assert out.shape == (15,)
    for s, net in enumerate(nets):
        torch.testing.assert_close(out[5 * s : 5 * s + 5], net(x[5 * s : 5 * s + 5]))


def test_generators_keep_their_two_outputs():
    nets = [
        make_generator(width=8, depth=2, generator=torch.Generator().manual_seed(s))
        for s in range(2)
    ]
    z = torch.randn(8, 2, generator=torch.Generator().manual_seed(0))
    out = Ensemble(nets)(z)
    assert out.shape == (8, 2)
    torch.testing.assert_close(out[4:], nets[1](z[4:]))


def test_one_adam_step_on_the_sum_trains_each_copy_as_if_alone():
    together, alone = _critics(3), _critics(3)
    ensemble = Ensemble(together)
    x = torch.randn(3 * 4, 2, generator=torch.Generator().manual_seed(1))
    opt = torch.optim.Adam(ensemble.parameters(), lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        (ensemble(x) ** 2).reshape(3, 4).mean(1).sum().backward()
        opt.step()
    trained = ensemble.unstack()
    for s, net in enumerate(alone):
        opt = torch.optim.Adam(net.parameters(), lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            (net(x[4 * s : 4 * s + 4]) ** 2).mean().backward()
            opt.step()
        for p_alone, p_together in zip(net.parameters(), trained[s].parameters(), strict=True):
            torch.testing.assert_close(p_alone, p_together, rtol=1e-5, atol=1e-6)


def test_a_single_network_is_used_as_it_is():
    (net,) = _critics(1)
    ensemble = Ensemble([net])
    assert ensemble.unstack()[0] is net
    assert list(ensemble.parameters()) == list(net.parameters())


def test_spectral_norm_layers_cannot_be_stacked():
    with pytest.raises(TypeError, match="Ensemble: cannot stack"):
        Ensemble(_critics(2, spectral_norm=True))
