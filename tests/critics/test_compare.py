"""otlab.critics.compare: the comparison numbers, checked on critics whose answers are known."""

import dataclasses

import numpy as np
import pytest
import torch

import otlab
from otlab import toy
from otlab.critics import CriticFunction, compare_critic, fit_critic

V = np.array([1.2, -0.5])


def translate_pair(n=40):
    fake = toy.sample("gaussian", n, seed=3, cov=((0.3, 0.05), (0.05, 0.2)))
    return fake + V, fake


def linear_network(w, bias=0.0):
    layer = torch.nn.Linear(2, 1)
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(np.asarray(w, dtype=np.float32)[None]))
        layer.bias.fill_(bias)
    return torch.nn.Sequential(layer, torch.nn.Flatten(0))


@pytest.fixture(scope="module")
def short_fit():
    real, fake = translate_pair()
    return fit_critic(real, fake, seed=0, progress=False, steps=5, width=8, grid_size=16)


def with_critic(fit, network):
    """The fit with its critic replaced by ``network`` (estimates recomputed)."""
    critic = CriticFunction(network)
    estimate = float(critic(fit.real).mean() - critic(fit.fake).mean())
    return dataclasses.replace(fit, critic=critic, estimate=estimate, lipschitz=1.0)


def test_the_optimal_linear_critic_scores_perfectly(short_fit):
    # For a translate by v, f(x) = v.x / |v| is an optimal critic: gradient v/|v| everywhere.
    fit = with_critic(short_fit, linear_network(V / np.linalg.norm(V)))
    exact = otlab.emd(fit.real, fit.fake)
    result = compare_critic(fit, exact)
    assert result.exact == pytest.approx(np.linalg.norm(V), rel=1e-9)
    assert result.estimate == pytest.approx(np.linalg.norm(V), rel=1e-5)
    assert result.relative_error == pytest.approx(0.0, abs=1e-5)
    # an optimal critic's values on the fake points are an optimal dual: the bound is attained
    assert result.certified_estimate == pytest.approx(np.linalg.norm(V), rel=1e-5)
    assert result.certified_relative_error == pytest.approx(0.0, abs=1e-5)
    assert result.mean_cosine == pytest.approx(1.0, abs=1e-6)
    assert result.unit_gradient_fraction == 1.0
    assert result.potential_correlation > 0.95  # the exact potential is near-linear here


def test_a_wrong_way_critic_has_cosine_minus_one(short_fit):
    fit = with_critic(short_fit, linear_network(-2 * V / np.linalg.norm(V)))
    result = compare_critic(fit, otlab.emd(fit.real, fit.fake))
    assert result.mean_cosine == pytest.approx(-1.0, abs=1e-6)
    assert result.unit_gradient_fraction == 0.0  # norm 2 everywhere
    assert result.estimate == pytest.approx(-2 * result.exact, rel=1e-5)
    # still a lower bound, however wrong the critic
    assert result.certified_estimate <= result.exact + 1e-9
    assert result.relative_error == pytest.approx(3.0, rel=1e-5)


def test_a_perpendicular_critic_has_cosine_zero(short_fit):
    w = np.array([V[1], -V[0]]) / np.linalg.norm(V)
    result = compare_critic(with_critic(short_fit, linear_network(w)), otlab.emd(*translate_pair()))
    assert result.mean_cosine == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("scale", [0.5, 2.0, 3.0])
@pytest.mark.parametrize("angle", [0.0, 0.4, 1.0])
def test_normalised_numbers_of_a_linear_critic(short_fit, scale, angle):
    # f(x) = w . x has Lipschitz constant |w| exactly. With w = scale * R(angle) v / |v| and
    # real = fake + v, by hand: estimate = w . v = scale |v| cos(angle), normalised estimate
    # = |v| cos(angle), W1 = |v|, so the normalised relative error is 1 - cos(angle) and the
    # raw one |scale cos(angle) - 1|.
    c, s = np.cos(angle), np.sin(angle)
    w = scale * np.array([[c, -s], [s, c]]) @ V / np.linalg.norm(V)
    critic = CriticFunction(linear_network(w))
    estimate = float(critic(short_fit.real).mean() - critic(short_fit.fake).mean())
    fit = dataclasses.replace(
        short_fit, critic=critic, estimate=estimate, lipschitz=float(np.linalg.norm(w))
    )
    result = compare_critic(fit, otlab.emd(fit.real, fit.fake))
    norm_v = np.linalg.norm(V)
    assert result.exact == pytest.approx(norm_v, rel=1e-9)
    assert result.estimate == pytest.approx(scale * norm_v * c, rel=1e-5, abs=1e-6)
    assert result.normalized_estimate == pytest.approx(norm_v * c, rel=1e-5, abs=1e-6)
    assert result.relative_error == pytest.approx(abs(scale * c - 1), rel=1e-5, abs=1e-6)
    assert result.normalized_relative_error == pytest.approx(1 - c, rel=1e-5, abs=1e-6)


def test_coinciding_samples_have_no_direction(short_fit):
    real = short_fit.real
    fit = dataclasses.replace(short_fit, fake=real.copy())
    result = compare_critic(fit, otlab.emd(real, real))
    assert np.isnan(result.mean_cosine)


def test_bad_inputs(short_fit):
    real, fake = short_fit.real, short_fit.fake
    with pytest.raises(TypeError, match="compare_critic: a CriticFit"):
        compare_critic("fit", otlab.emd(real, fake))
    with pytest.raises(TypeError, match="compare_critic: an EMDResult"):
        compare_critic(short_fit, 1.0)
    with pytest.raises(ValueError, match="compare_critic: a W1 solution"):
        compare_critic(short_fit, otlab.emd(real, fake, p=2))
    with pytest.raises(ValueError, match="real and fake swapped"):
        compare_critic(short_fit, otlab.emd(fake, real))
    with pytest.raises(ValueError, match="other points"):
        compare_critic(short_fit, otlab.emd(real + 1, fake))
    weights = np.linspace(1, 2, len(real))
    with pytest.raises(ValueError, match="uniform weights"):
        compare_critic(short_fit, otlab.emd(real, fake, weights, weights))


def test_identical_samples_compare_without_dividing_by_zero():
    import otlab

    points = [[0.0, 0.0], [1.0, 0.5]]
    fit = otlab.fit_critic(points, points, steps=2, seed=0, progress=False)
    comparison = otlab.compare_critic(fit, otlab.emd(points, points))
    assert comparison.exact == 0.0
    assert comparison.relative_error == (0.0 if comparison.estimate == 0 else float("inf"))
    assert comparison.certified_relative_error in (0.0, float("inf"))
