"""otlab.exact.quantile: W_p on the line against closed forms, scipy, POT and properties."""

import numpy as np
import ot
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from otlab import wasserstein_1d

samples = arrays(
    np.float64,
    st.integers(1, 30),
    elements=st.floats(-100, 100, allow_nan=False, allow_subnormal=False),
)
exponents = st.sampled_from([1.0, 1.5, 2.0, 3.0])


# Closed forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("p", [1, 2, 3.5])
def test_point_masses(p):
    assert wasserstein_1d([2.5], [-1.0], p=p) == pytest.approx(3.5, rel=1e-15)


@pytest.mark.parametrize("p", [1, 2, 3])
@pytest.mark.parametrize("shift", [-2.0, 0.3, 7.0])
def test_shifted_samples(p, shift):
    u = np.random.default_rng(0).standard_normal(500)
    assert wasserstein_1d(u, u + shift, p=p) == pytest.approx(abs(shift), rel=1e-12)


@pytest.mark.parametrize("m", [-3.0, 0.5, 2.0])
def test_w1_between_unit_normals_is_the_shift(m):
    assert wasserstein_1d(stats.norm(0, 1), stats.norm(m, 1)) == pytest.approx(abs(m), rel=1e-6)


@pytest.mark.parametrize("m1, s1, m2, s2", [(0, 1, 1, 2), (-1, 0.5, 2, 3), (4, 2, 4, 2.5)])
def test_w2_between_normals(m1, s1, m2, s2):
    exact = np.hypot(m1 - m2, s1 - s2)
    got = wasserstein_1d(stats.norm(m1, s1), stats.norm(m2, s2), p=2)
    assert got == pytest.approx(exact, rel=1e-6)


def test_w1_between_normals_of_different_spread():
    # F^-1 - G^-1 = (s1 - s2) z with z standard normal, and E|z| = sqrt(2 / pi).
    got = wasserstein_1d(stats.norm(0, 1), stats.norm(0, 3))
    assert got == pytest.approx(2 * np.sqrt(2 / np.pi), rel=1e-6)


def test_w1_between_exponentials():
    # Quantiles -s ln(1 - t): the difference integrates to |s1 - s2|.
    assert wasserstein_1d(stats.expon(), stats.expon(scale=2)) == pytest.approx(1.0, rel=1e-6)


def test_same_distribution_is_zero():
    assert wasserstein_1d(stats.norm(1, 2), stats.norm(1, 2), p=2) == 0.0


def test_weights_are_masses_at_the_samples():
    # Mass 3/4 at 0 and 1/4 at 4 against all at 1: W1 = 3/4 * 1 + 1/4 * 3.
    assert wasserstein_1d([0, 4], [1], u_weights=[3, 1]) == pytest.approx(1.5)
    # Zero-weight samples are ignored.
    assert wasserstein_1d([0, 100], [1], u_weights=[1, 0]) == pytest.approx(1.0)


# Peers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_matches_scipy_with_and_without_weights(seed):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 200, size=2)
    u, v = rng.standard_normal(n), 2 * rng.standard_normal(m) + 1
    a, b = rng.random(n), rng.random(m)
    a, b = a / a.sum(), b / b.sum()  # equal totals: ours refuses to normalise them silently
    assert wasserstein_1d(u, v) == pytest.approx(stats.wasserstein_distance(u, v), rel=1e-12)
    got = wasserstein_1d(u, v, u_weights=a, v_weights=b)
    assert got == pytest.approx(stats.wasserstein_distance(u, v, a, b), rel=1e-10)
    got = wasserstein_1d(u, v, v_weights=b)
    assert got == pytest.approx(stats.wasserstein_distance(u, v, None, b), rel=1e-10)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [1, 2, 3])
def test_matches_pot_after_taking_the_root(seed, p):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 200, size=2)
    u, v = rng.standard_normal(n), rng.exponential(size=m)
    a, b = rng.random(n), rng.random(m)
    a, b = a / a.sum(), b / b.sum()
    # ot.wasserstein_1d returns W_p^p.
    reference = ot.wasserstein_1d(u, v, a, b, p=p) ** (1 / p)
    got = wasserstein_1d(u, v, p=p, u_weights=a, v_weights=b)
    assert got == pytest.approx(reference, rel=1e-9)
    equal_size = ot.wasserstein_1d(u[: min(n, m)], v[: min(n, m)], p=p) ** (1 / p)
    assert wasserstein_1d(u[: min(n, m)], v[: min(n, m)], p=p) == pytest.approx(equal_size)


def test_large_weighted_samples_with_ties_match_scipy():
    rng = np.random.default_rng(7)
    u = np.round(rng.standard_normal(20_000), 2)  # many exact ties
    v = rng.standard_normal(15_000) * (1 + 1e-12)
    a, b = rng.random(u.size), rng.random(v.size)
    b *= a.sum() / b.sum()
    expected = stats.wasserstein_distance(u, v, a, b)
    assert wasserstein_1d(u, v, u_weights=a, v_weights=b) == pytest.approx(expected, rel=1e-9)


@given(samples, samples, exponents)
def test_fast_path_agrees_with_the_general_one(u, v, p):
    # Equal sizes without weights take the matched-order-statistics shortcut.
    k = min(u.size, v.size)
    u, v = u[:k], v[:k]
    ones = np.ones(k)
    general = wasserstein_1d(u, v, p=p, u_weights=ones, v_weights=ones)
    assert wasserstein_1d(u, v, p=p) == pytest.approx(general, rel=1e-9, abs=1e-9)


# Properties -----------------------------------------------------------------------------


@given(samples, samples, exponents)
def test_symmetry(u, v, p):
    assert wasserstein_1d(u, v, p=p) == pytest.approx(wasserstein_1d(v, u, p=p), abs=1e-9)


@given(samples, samples, samples, exponents)
def test_triangle_inequality(u, v, w, p):
    direct = wasserstein_1d(u, w, p=p)
    assert direct <= wasserstein_1d(u, v, p=p) + wasserstein_1d(v, w, p=p) + 1e-9


@given(samples, exponents)
def test_zero_on_itself(u, p):
    assert wasserstein_1d(u, u, p=p) == 0.0
    assert wasserstein_1d(u, u[::-1].copy(), p=p) == 0.0


@given(samples, samples, st.floats(-10, 10), exponents)
def test_scaling(u, v, c, p):
    scaled = wasserstein_1d(c * u, c * v, p=p)
    assert scaled == pytest.approx(abs(c) * wasserstein_1d(u, v, p=p), rel=1e-9, abs=1e-9)


@given(samples, samples, st.floats(-100, 100), exponents)
def test_translation(u, v, t, p):
    moved = wasserstein_1d(u + t, v + t, p=p)
    assert moved == pytest.approx(wasserstein_1d(u, v, p=p), rel=1e-9, abs=1e-9)


# Bad input ------------------------------------------------------------------------------

U = [0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((U, [0.0, np.nan]), {}, ValueError, "finite values in `v`, got 1 NaN or inf"),
        (([np.inf, 0.0], U), {}, ValueError, "finite values in `u`"),
        (([], U), {}, ValueError, "a non-empty `u`"),
        ((np.zeros((3, 2)), U), {}, ValueError, "1-D samples for `u`, got an array of shape"),
        ((U, np.zeros((3, 1))), {}, ValueError, "use otlab.emd"),
        ((U, U), dict(p=0.5), ValueError, "a finite exponent p >= 1, got 0.5"),
        ((U, U), dict(p=-2), ValueError, "a finite exponent p >= 1"),
        ((U, U), dict(p=np.inf), ValueError, "a finite exponent p >= 1"),
        ((U, U), dict(p=True), ValueError, "a finite exponent p >= 1"),
        ((U, U), dict(p="2"), ValueError, "a finite exponent p >= 1"),
        ((U, U), dict(u_weights=[1, -1, 1]), ValueError, "non-negative masses in `u_weights`"),
        (
            (U, U),
            dict(u_weights=[1, 1, 1], v_weights=[1, 1, 2]),
            ValueError,
            "equal total mass in `u_weights` and `v_weights`, got sum(u_weights) = 3 and "
            "sum(v_weights) = 4",
        ),
        ((U, U), dict(v_weights=[0, 0, 0]), ValueError, "a positive total mass in `v_weights`"),
        ((U, U), dict(u_weights=[1, 1]), ValueError, "one weight per point (3 values)"),
        ((U, U), dict(v_weights=[1, np.nan, 1]), ValueError, "finite values in `v_weights`"),
        (("abc", U), {}, TypeError, "`u` as an array of numbers"),
        ((None, U), {}, TypeError, "`u` as an array of numbers"),
        ((stats.norm(), U), {}, TypeError, "two samples or two frozen scipy.stats"),
        ((U, stats.norm()), {}, TypeError, "one of each"),
        ((stats.norm(), stats.norm()), dict(u_weights=[1]), TypeError, "no weights"),
        ((stats.cauchy(), stats.norm()), {}, ValueError, "distributions with a finite p-th"),
        ((stats.t(2), stats.norm()), dict(p=2), ValueError, "does not converge"),
    ],
)
def test_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match="^wasserstein_1d: ") as info:
        wasserstein_1d(*args, **kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("p", [1, 2, 7])
def test_huge_but_finite_samples_give_the_scaled_answer(p):
    u, v = np.array([0.0, 3.0, 1.0]), np.array([2.0, 5.0, 4.0])
    expected = wasserstein_1d(u, v, p=p)
    scale = 1e300 if p == 1 else 1e100
    assert wasserstein_1d(u * scale, v * scale, p=p) == pytest.approx(expected * scale, rel=1e-12)
