"""otlab.witnesses: MMD and its witness against direct sums and the theta family's closed form."""

import doctest
import math

import numpy as np
import pytest
from scipy import integrate

import otlab
from otlab import toy
from otlab.witnesses import mmd, mmd_witness, theta_mmd, theta_witnesses


def gaussian_gram(u, v, sigma):
    return np.array([[math.exp(-np.sum((p - q) ** 2) / (2 * sigma**2)) for q in v] for p in u])


def test_mmd_equals_the_double_sum():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((7, 2)), rng.standard_normal((5, 2)) + 0.5
    a, b = rng.dirichlet(np.ones(7)), rng.dirichlet(np.ones(5))
    sigma = 0.7
    squared = (
        a @ gaussian_gram(x, x, sigma) @ a
        - 2 * a @ gaussian_gram(x, y, sigma) @ b
        + b @ gaussian_gram(y, y, sigma) @ b
    )
    assert mmd(x, y, a, b, bandwidth=sigma) == pytest.approx(math.sqrt(squared), rel=1e-12)


def test_witness_certifies_the_mmd_and_is_the_kernel_mean_gap():
    x, y = toy.sample("moons", 30, seed=0), toy.sample("gaussian", 20, seed=1)
    h = mmd_witness(x, y, bandwidth=0.5)
    assert np.mean(h(x)) - np.mean(h(y)) == pytest.approx(h.distance, rel=1e-10)
    z = np.array([[0.1, -0.2]])
    gap = gaussian_gram(z, x, 0.5).mean() - gaussian_gram(z, y, 0.5).mean()
    assert h(z)[0] == pytest.approx(gap / h.distance, rel=1e-10)
    assert mmd_witness(x, x, bandwidth=0.5).distance == 0.0


def test_theta_mmd_matches_numerical_integration_and_samples():
    sigma, theta = 0.5, 0.7
    kernel = lambda u, v: math.exp(-((u - v) ** 2) / (2 * sigma**2))  # noqa: E731
    c = integrate.dblquad(kernel, 0, 1, 0, 1, epsabs=1e-12)[0]
    expected = math.sqrt(2 * c * (1 - math.exp(-(theta**2) / (2 * sigma**2))))
    assert theta_mmd(theta, bandwidth=sigma) == pytest.approx(expected, rel=1e-9)
    real, fake = toy.theta_pair(theta, 2000, seed=0)
    assert mmd(real, fake, bandwidth=sigma) == pytest.approx(expected, rel=0.02)
    values = theta_mmd(np.array([0.0, 0.5, -0.5]), bandwidth=sigma)
    assert values[0] == 0.0 and values[1] == values[2]


def test_theta_witnesses_js_saturates_while_w1_and_mmd_keep_a_slope():
    near, far = theta_witnesses(0.5, n=80), theta_witnesses(1.0, n=80)
    assert near.js_value == far.js_value == pytest.approx(math.log(2))
    assert far.w1_value > near.w1_value and far.mmd_value > near.mmd_value
    assert near.w1_value == pytest.approx(0.5, abs=0.02)
    # D* is 1 on P's cell, 0 on Q's and 1/2 elsewhere.
    assert set(np.unique(near.js)) == {0.0, 0.5, 1.0}
    assert near.js[np.argmin(np.abs(near.s))] == 1.0
    assert near.js[np.argmin(np.abs(near.s - 0.5))] == 0.0
    # The W1 witness is 1-Lipschitz, with a slope near -1 between the two segments (the cones
    # sit at sample heights, not exactly on the line y = 0.5).
    slope = np.diff(near.w1) / np.diff(near.s)
    assert np.all(np.abs(slope) <= 1 + 1e-9)
    between = (near.s[:-1] > 0.05) & (near.s[1:] < 0.45)
    assert np.all(slope[between] < -0.95)


def test_docstring_examples():
    from otlab import witnesses

    result = doctest.testmod(witnesses)
    assert result.attempted > 0 and result.failed == 0


def test_lazy_exports():
    assert otlab.mmd is mmd and "theta_witnesses" in otlab.__all__


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mmd([[0.0]], [[1.0]], bandwidth=0.0), "^mmd: `bandwidth` > 0"),
        (lambda: mmd([[0.0]], [[1.0]], [1.0], [2.0], bandwidth=1.0), "^mmd: equal total"),
        (lambda: theta_mmd(np.nan, bandwidth=1.0), "^theta_mmd: finite values in `theta`"),
        (lambda: theta_witnesses(0.5, s=[0.0, 1.0, 3.0]), "^theta_witnesses: `s` as evenly"),
        (lambda: theta_witnesses(5.0), "^theta_witnesses: 0 and theta inside the range"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
