"""otlab.exact.gaussian: the Bures closed form and the Monge map between Gaussians."""

import numpy as np
import ot
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from otlab import gaussian_map, gaussian_w2, wasserstein_1d


def random_spd(rng, d):
    root = rng.standard_normal((d, d))
    return root @ root.T + 0.1 * np.eye(d)


gaussians = st.tuples(st.integers(1, 4), st.integers(0, 2**32)).map(
    lambda case: [
        (
            np.random.default_rng(case[1] + k).standard_normal(case[0]),
            random_spd(np.random.default_rng(case[1] + 10 + k), case[0]),
        )
        for k in range(3)
    ]
)


# Closed forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("m1, s1, m2, s2", [(0, 1, 1, 2), (-1, 0.5, 2, 3), (3, 2, 3, 2)])
def test_one_dimension(m1, s1, m2, s2):
    # Variances are passed; W2 = sqrt((m1 - m2)^2 + (s1 - s2)^2) with standard deviations.
    got = gaussian_w2(m1, s1**2, m2, s2**2)
    assert got == pytest.approx(np.hypot(m1 - m2, s1 - s2), rel=1e-12, abs=1e-12)
    quantiles = wasserstein_1d(stats.norm(m1, s1), stats.norm(m2, s2), p=2)
    assert got == pytest.approx(quantiles, rel=1e-6, abs=1e-9)


def test_diagonal_bures_formula():
    m1, m2 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 1.0, 0.0])
    d1, d2 = np.array([1.0, 4.0, 0.25]), np.array([9.0, 1.0, 0.25])
    expected = np.sqrt(np.sum((m1 - m2) ** 2) + np.sum((np.sqrt(d1) - np.sqrt(d2)) ** 2))
    assert gaussian_w2(m1, np.diag(d1), m2, np.diag(d2)) == pytest.approx(expected, rel=1e-12)


def test_map_from_standard_normal_to_n_1_4():
    A, b = gaussian_map(0.0, 1.0, 1.0, 4.0)
    assert A.shape == (1, 1) and b.shape == (1,)
    assert A[0, 0] == pytest.approx(2.0) and b[0] == pytest.approx(1.0)


def test_degenerate_target_is_allowed():
    # A point mass is a Gaussian with zero covariance: W2 is the root mean square distance.
    assert gaussian_w2([0.0, 0.0], np.eye(2), [0.0, 0.0], np.zeros((2, 2))) == pytest.approx(
        np.sqrt(2.0)
    )


# Peers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("d", [1, 2, 5])
def test_matches_pot(seed, d):
    rng = np.random.default_rng(seed)
    m1, m2 = rng.standard_normal(d), rng.standard_normal(d)
    c1, c2 = random_spd(rng, d), random_spd(rng, d)
    # POT's bures_wasserstein_distance returns W2 itself (not W2^2): compare directly.
    reference = float(ot.gaussian.bures_wasserstein_distance(m1, m2, c1, c2))
    assert gaussian_w2(m1, c1, m2, c2) == pytest.approx(reference, rel=1e-9)


def test_pot_returns_the_distance_not_its_square():
    # The convention check behind the comparison above: N(0, I) to N(1, 4I) in 2-D is 2.
    reference = ot.gaussian.bures_wasserstein_distance(
        np.zeros(2), np.ones(2), np.eye(2), 4 * np.eye(2)
    )
    assert float(reference) == pytest.approx(2.0)


# The map ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_map_pushes_the_first_gaussian_onto_the_second(seed):
    rng = np.random.default_rng(seed)
    d = 3
    m1, m2, c1, c2 = (
        rng.standard_normal(d),
        rng.standard_normal(d),
        *(random_spd(rng, d) for _ in range(2)),
    )
    A, b = gaussian_map(m1, c1, m2, c2)
    assert np.allclose(A, A.T) and np.linalg.eigvalsh(A).min() > 0
    assert np.allclose(A @ m1 + b, m2)
    assert np.allclose(A @ c1 @ A.T, c2)
    # Its cost E|T(X) - X|^2 is W2^2: the map is optimal.
    shift = A - np.eye(d)
    cost = np.trace(shift @ c1 @ shift.T) + np.sum((shift @ m1 + b) ** 2)
    assert cost == pytest.approx(gaussian_w2(m1, c1, m2, c2) ** 2, rel=1e-9)


def test_map_to_itself_is_the_identity():
    c = np.array([[2.0, 0.5], [0.5, 1.0]])
    A, b = gaussian_map([1.0, 2.0], c, [1.0, 2.0], c)
    assert np.allclose(A, np.eye(2)) and np.allclose(b, 0.0, atol=1e-12)


# Properties -----------------------------------------------------------------------------


@given(gaussians)
def test_symmetry_zero_and_triangle(three):
    (m1, c1), (m2, c2), (m3, c3) = three
    d12 = gaussian_w2(m1, c1, m2, c2)
    assert d12 == pytest.approx(gaussian_w2(m2, c2, m1, c1), rel=1e-9)
    assert gaussian_w2(m1, c1, m1, c1) < 1e-6
    assert gaussian_w2(m1, c1, m3, c3) <= d12 + gaussian_w2(m2, c2, m3, c3) + 1e-9


@given(gaussians, st.floats(-5, 5))
def test_translation_and_scaling(three, c):
    (m1, c1), (m2, c2), _ = three
    base = gaussian_w2(m1, c1, m2, c2)
    shift = np.full(m1.shape, 3.0)
    assert gaussian_w2(m1 + shift, c1, m2 + shift, c2) == pytest.approx(base, rel=1e-9)
    scaled = gaussian_w2(c * m1, c**2 * c1, c * m2, c**2 * c2)
    assert scaled == pytest.approx(abs(c) * base, rel=1e-7, abs=1e-7)


# Bad input ------------------------------------------------------------------------------

I2 = np.eye(2)
Z2 = np.zeros(2)


@pytest.mark.parametrize("func", [gaussian_w2, gaussian_map])
@pytest.mark.parametrize(
    "args, error, message",
    [
        (([np.nan, 0], I2, Z2, I2), ValueError, "finite values in `mean1`"),
        ((Z2, I2, Z2, [[1, 0], [0, np.inf]]), ValueError, "finite values in `cov2`"),
        (([], I2, Z2, I2), ValueError, "a non-empty `mean1`"),
        (([[0, 0]], I2, Z2, I2), ValueError, "`mean1` as a vector, got an array of shape (1, 2)"),
        ((Z2, I2, np.zeros(3), I2), ValueError, "means of the same dimension, got shapes"),
        ((Z2, np.eye(3), Z2, I2), ValueError, "`cov1` of shape (2, 2) to match the mean"),
        ((Z2, I2, Z2, [[1, 0.5], [0, 1]]), ValueError, "a symmetric `cov2`, got max |C - C^T|"),
        ((Z2, [[1, 2], [2, 1]], Z2, I2), ValueError, "positive semi-definite `cov1`"),
        ((0.0, -1.0, 0.0, 1.0), ValueError, "positive semi-definite `cov1`"),
        (("0", I2, Z2, I2), TypeError, "`mean1` as an array of numbers"),
        ((Z2, None, Z2, I2), TypeError, "`cov1` as an array of numbers"),
    ],
)
def test_bad_input(func, args, error, message):
    with pytest.raises(error, match=f"^{func.__name__}: ") as info:
        func(*args)
    assert message in str(info.value)


def test_map_needs_a_full_rank_source():
    with pytest.raises(ValueError, match="^gaussian_map: a non-singular `cov1`"):
        gaussian_map(Z2, np.diag([1.0, 0.0]), Z2, I2)


def test_huge_gaussians_stay_finite_and_scale():
    assert gaussian_w2(1e200, 1e300, 0.0, 1e300) == pytest.approx(1e200)  # equal widths
    expected = gaussian_w2(0.0, 1.0, 3.0, 4.0)
    assert gaussian_w2(0.0, 1e300, 3e150, 4e300) == pytest.approx(1e150 * expected)
    A, b = gaussian_map(0.0, 1e300, 1e150, 4e300)
    assert A[0, 0] == pytest.approx(2.0) and b[0] == pytest.approx(1e150)
