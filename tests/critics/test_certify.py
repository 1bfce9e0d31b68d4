"""otlab.critics.certify: the c-transform bound is below W1 for any values, equal at the dual."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import otlab
from otlab import toy
from otlab.critics import certified_estimate
from otlab.critics import certify as certify_module

coordinates = st.floats(-5, 5, allow_nan=False, width=64)


@st.composite
def problems(draw):
    """Two small weighted clouds in the plane and arbitrary critic values on the fake one."""
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    x = draw(arrays(float, (n, 2), elements=coordinates))
    y = draw(arrays(float, (m, 2), elements=coordinates))
    a = draw(arrays(float, n, elements=st.floats(0.1, 3)))
    b = draw(arrays(float, m, elements=st.floats(0.1, 3)))
    b *= a.sum() / b.sum()
    values = draw(arrays(float, m, elements=st.floats(-20, 20, allow_nan=False)))
    return x, y, a, b, values


@given(problems())
def test_any_values_give_a_lower_bound(problem):
    x, y, a, b, values = problem
    exact = otlab.emd(x, y, a, b)
    assert certified_estimate(x, y, values, a=a, b=b) <= exact.distance + 1e-9


@given(problems())
def test_the_exact_dual_attains_the_bound(problem):
    x, y, a, b, _ = problem
    exact = otlab.emd(x, y, a, b)
    bound = certified_estimate(x, y, -exact.g, a=a, b=b)
    assert bound == pytest.approx(exact.distance, rel=1e-9, abs=1e-9)


@given(problems(), st.floats(-100, 100))
def test_a_constant_shift_changes_nothing(problem, shift):
    x, y, a, b, values = problem
    before = certified_estimate(x, y, values, a=a, b=b)
    assert certified_estimate(x, y, values + shift, a=a, b=b) == pytest.approx(
        before, rel=1e-9, abs=1e-9
    )


def test_the_kantorovich_potential_attains_w1():
    # The exact potential f(z) = min_j |z - y_j| - g_j, evaluated at the fake points.
    real = toy.sample("8gaussians", 60, seed=0)
    fake = toy.sample("gaussian", 50, seed=1, cov=((0.25, 0.0), (0.0, 0.25)))
    exact = otlab.emd(real, fake)
    potential = otlab.kantorovich_potential(exact)
    assert certified_estimate(real, fake, potential(fake)) == pytest.approx(exact.distance)


def test_two_c_transforms_improve_on_the_raw_gap_of_a_lipschitz_critic():
    # For a 1-Lipschitz f, phi >= f on x and psi >= -f on y: the bound is at least the gap.
    real = toy.sample("moons", 40, seed=2)
    fake = toy.sample("gaussian", 40, seed=3)
    f = lambda z: 0.8 * np.sin(z[:, 0]) + 0.5 * z[:, 1]  # noqa: E731  |grad f| <= 0.95
    gap = f(real).mean() - f(fake).mean()
    assert gap <= certified_estimate(real, fake, f(fake)) <= otlab.emd(real, fake).distance


def test_point_masses_are_certified_by_any_values():
    # All of P_g at one point t: W1 is the mean distance to t, and phi already says so.
    real = toy.sample("gaussian", 30, seed=4)
    t = np.array([[3.0, -1.0]])
    exact = otlab.emd(real, np.repeat(t, 5, axis=0))
    bound = certified_estimate(real, np.repeat(t, 5, axis=0), np.full(5, 7.0))
    assert bound == pytest.approx(exact.distance)


def test_blocks_give_the_same_number(monkeypatch):
    real = toy.sample("swissroll", 70, seed=5)
    fake = toy.sample("gaussian", 45, seed=6)
    values = np.random.default_rng(0).normal(size=45)
    whole = certified_estimate(real, fake, values)
    monkeypatch.setattr(certify_module, "_BLOCK", 100)  # two rows of 45 per block
    assert certified_estimate(real, fake, values) == pytest.approx(whole, rel=1e-12)


@pytest.mark.parametrize(
    "values, kwargs, error, match",
    [
        (np.zeros(4), {}, ValueError, r"`values` as 3 finite numbers.*got shape \(4,\)"),
        ([0.0, np.nan, 1.0], {}, ValueError, "`values` as 3 finite numbers.*got non-finite values"),
        ("abc", {}, TypeError, "`values` as an array of numbers"),
        (np.zeros(3), {"a": [1.0, 1.0], "b": [1.0, 1.0, 1.0]}, ValueError, "equal total mass"),
        (np.zeros(3), {"a": [1.0, -1.0]}, ValueError, "non-negative masses in `a`"),
    ],
)
def test_bad_input(values, kwargs, error, match):
    real, fake = np.zeros((2, 2)), np.ones((3, 2))
    with pytest.raises(error, match=f"certified_estimate: {match}"):
        certified_estimate(real, fake, values, **kwargs)


def test_bad_points():
    with pytest.raises(ValueError, match="certified_estimate: `fake` with 2 coordinates"):
        certified_estimate(np.zeros((2, 2)), np.zeros((3, 3)), np.zeros(3))
