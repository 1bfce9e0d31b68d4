"""otlab.divergences: closed forms, peers (scipy), hypothesis properties, bad inputs."""

from __future__ import annotations

import dataclasses
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import integrate, stats
from scipy.spatial.distance import jensenshannon

import otlab
from otlab import divergences as dv

LOG2 = math.log(2.0)
MESSAGE = re.compile(r"^\w[\w.]*: .+, got .+; .+")


def pair(size_max: int = 8):
    """Two non-negative histograms of one length with positive totals.

    Masses are 0 or between 1e-6 and 1e3: counts or probabilities as students meet them. (With
    ratios beyond 1e16, D* = p_r / (p_r + p_g) rounds to exactly 1 where p_g still has mass, and
    the GAN value of that rounded D* is rightly -inf.)
    """
    mass = st.one_of(st.just(0.0), st.floats(1e-6, 1e3))
    return (
        st.integers(1, size_max)
        .flatmap(
            lambda k: st.tuples(arrays(float, k, elements=mass), arrays(float, k, elements=mass))
        )
        .filter(lambda pq: pq[0].sum() > 0 and pq[1].sum() > 0)
    )


def normalised(a):
    a = np.asarray(a, dtype=float)
    return a / a.sum()


# --- histograms: exact values ------------------------------------------------------------------


def test_kl_js_tv_match_hand_computed_values():
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    expected_kl = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    assert dv.kl(p, q) == pytest.approx(expected_kl, rel=1e-14)
    assert dv.kl(p, q, base=2) == pytest.approx(expected_kl / LOG2, rel=1e-14)
    m = (p + q) / 2
    expected_js = 0.5 * sum(p * np.log(p / m)) + 0.5 * sum(q * np.log(q / m))
    assert dv.js(p, q) == pytest.approx(expected_js, rel=1e-14)
    assert dv.tv(p, q) == pytest.approx(0.25, rel=1e-14)


def test_counts_are_normalised_like_probabilities():
    assert dv.kl([2, 6], [4, 4]) == pytest.approx(dv.kl([0.25, 0.75], [0.5, 0.5]), rel=1e-14)
    assert dv.js([1, 3], [10, 10]) == pytest.approx(dv.js([0.25, 0.75], [0.5, 0.5]), rel=1e-14)


def test_kl_is_a_float_inf_without_warnings_when_q_misses_mass():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = dv.kl([1.0, 1.0, 0.0], [1.0, 0.0, 1.0])
        reverse = dv.kl([0.0, 1.0], [1.0, 1.0])  # p has no mass where q has: finite
    assert isinstance(value, float) and value == math.inf
    assert reverse == pytest.approx(LOG2)


def test_disjoint_supports_give_the_extreme_values():
    p, q = [1, 2, 0, 0], [0, 0, 3, 1]
    assert dv.kl(p, q) == math.inf and dv.kl(q, p) == math.inf
    assert dv.js(p, q) == LOG2
    assert dv.js(p, q, base=2) == 1.0
    assert dv.tv(p, q) == 1.0


def test_scipy_peers_agree():
    rng = np.random.default_rng(0)
    p, q = rng.random(20), rng.random(20)
    assert dv.kl(p, q) == pytest.approx(stats.entropy(p, q), rel=1e-12)
    assert dv.kl(p, q, base=2) == pytest.approx(stats.entropy(p, q, base=2), rel=1e-12)
    # scipy's jensenshannon returns the square root of JS.
    assert dv.js(p, q) == pytest.approx(jensenshannon(p, q) ** 2, rel=1e-10)
    assert dv.js(p, q, base=2) == pytest.approx(jensenshannon(p, q, base=2) ** 2, rel=1e-10)


def test_histograms_on_a_2d_grid_are_accepted():
    p = np.array([[1.0, 0.0], [1.0, 2.0]])
    assert dv.tv(p, p.T) == pytest.approx(0.25)


# --- histograms: properties --------------------------------------------------------------------


@given(pair())
def test_js_bounded_symmetric_and_below_tv_log2(pq):
    p, q = pq
    value = dv.js(p, q)
    assert 0.0 <= value <= LOG2
    assert value == dv.js(q, p)
    assert 0.0 <= dv.js(p, q, base=2) <= 1.0
    assert value <= dv.tv(p, q) * LOG2 + 1e-12  # Lin (1991): JS <= TV log 2


@given(pair())
def test_kl_nonnegative_and_pinsker(pq):
    p, q = pq
    value = dv.kl(p, q)
    assert value >= 0.0
    assert 0.0 <= dv.tv(p, q) <= 1.0
    assert dv.tv(p, q) <= math.sqrt(value / 2) + 1e-12  # Pinsker


@given(pair())
def test_kl_is_zero_exactly_when_equal(pq):
    p, q = pq
    assert dv.kl(p, p) == 0.0
    assert dv.kl(p, 3 * p) == pytest.approx(0.0, abs=1e-15)
    assume(np.max(np.abs(normalised(p) - normalised(q))) > 1e-6)
    assert dv.kl(p, q) > 0.0
    assert dv.js(p, q) > 0.0


# --- the optimal discriminator and the GAN value -----------------------------------------------


def test_optimal_discriminator_values():
    d = dv.optimal_discriminator([2, 1, 0, 0], [0, 1, 2, 0])
    np.testing.assert_allclose(d, [1.0, 0.5, 0.0, 0.5])


@given(pair())
def test_gan_value_at_d_star_is_2js_minus_2log2(pq):
    p_r, p_g = pq
    d_star = dv.optimal_discriminator(p_r, p_g)
    value = dv.gan_value(p_r, p_g, d_star)
    assert value == pytest.approx(2 * dv.js(p_r, p_g) - 2 * LOG2, abs=1e-12)


@given(pair(), st.integers(0, 2**32 - 1))
def test_d_star_beats_any_other_discriminator(pq, seed):
    p_r, p_g = pq
    d = np.random.default_rng(seed).random(p_r.shape)
    best = dv.gan_value(p_r, p_g, dv.optimal_discriminator(p_r, p_g))
    assert dv.gan_value(p_r, p_g, d) <= best + 1e-12


def test_gan_value_is_minus_2log2_when_distributions_match():
    p = [0.1, 0.5, 0.4]
    d = dv.optimal_discriminator(p, p)
    np.testing.assert_allclose(d, 0.5)
    assert dv.gan_value(p, p, d) == pytest.approx(-2 * LOG2, rel=1e-14)


def test_gan_value_identity_on_densities_on_a_grid():
    x = np.linspace(-4, 6, 20001)
    p_r, p_g = stats.norm.pdf(x, 0, 1), stats.norm.pdf(x, 1, 1)
    value = dv.gan_value(p_r, p_g, dv.optimal_discriminator(p_r, p_g))
    assert value == pytest.approx(2 * dv.js(p_r, p_g) - 2 * LOG2, abs=1e-12)
    # The grid is a histogram of the densities: close to the continuous JS (tails cut at 4 sd).
    assert value == pytest.approx(2 * dv.gaussian_js(0, 1, 1, 1) - 2 * LOG2, abs=1e-4)


def test_gan_value_without_d_is_exact_where_d_star_rounds_to_one():
    x = np.linspace(-8, 10, 4001)  # far tails: p_g / p_r < 1e-16 at the left end
    p_r, p_g = stats.norm.pdf(x, 0, 1), stats.norm.pdf(x, 2, 0.7)
    assert dv.optimal_discriminator(p_r, p_g)[0] == 1.0
    assert dv.gan_value(p_r, p_g, dv.optimal_discriminator(p_r, p_g)) == -math.inf
    assert dv.gan_value(p_r, p_g) == pytest.approx(2 * dv.js(p_r, p_g) - 2 * LOG2, abs=1e-12)


@given(
    st.integers(1, 6).flatmap(
        lambda k: st.tuples(
            arrays(float, k, elements=st.floats(0, 1e300)),
            arrays(float, k, elements=st.floats(0, 1e300)),
        )
    )
)
def test_gan_value_at_d_star_in_log_space_for_any_masses(pq):
    p_r, p_g = pq
    assume(0 < p_r.sum() < np.inf and 0 < p_g.sum() < np.inf)
    assert dv.gan_value(p_r, p_g) == pytest.approx(2 * dv.js(p_r, p_g) - 2 * LOG2, abs=1e-12)


def test_js_does_not_underflow_on_the_smallest_masses():
    # (p + q) / 2 of the smallest subnormal is 0; forming it would make JS read log 2 here.
    assert dv.js([1.0, 0.0], [1.0, 5e-324]) == pytest.approx(0.0, abs=1e-300)


def test_gan_value_is_minus_inf_for_a_confidently_wrong_discriminator():
    assert dv.gan_value([1, 0], [0, 1], [0.0, 0.5]) == -math.inf


# --- Gaussians ---------------------------------------------------------------------------------


def test_gaussian_kl_textbook_value():
    assert dv.gaussian_kl(0.0, 1.0, 1.0, 1.0) == pytest.approx(0.5, rel=1e-15)


@pytest.mark.parametrize(
    "m1, v1, m2, v2", [(0, 1, 1, 1), (0, 1, 2, 0.25), (-1, 4, 3, 0.5), (2, 0.01, 2, 9)]
)
def test_gaussian_kl_1d_closed_form_and_quadrature(m1, v1, m2, v2):
    s1, s2 = math.sqrt(v1), math.sqrt(v2)
    closed = math.log(s2 / s1) + (v1 + (m1 - m2) ** 2) / (2 * v2) - 0.5
    assert dv.gaussian_kl(m1, v1, m2, v2) == pytest.approx(closed, rel=1e-12)
    p, q = stats.norm(m1, s1), stats.norm(m2, s2)
    quad, _ = integrate.quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -np.inf, np.inf)
    assert dv.gaussian_kl(m1, v1, m2, v2) == pytest.approx(quad, rel=1e-7)


def test_gaussian_kl_diagonal_is_a_sum_of_1d_terms_and_rotation_invariant():
    m1, v1 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.5, 2.0])
    m2, v2 = np.array([1.0, 1.0, 0.0]), np.array([2.0, 0.5, 1.0])
    expected = sum(dv.gaussian_kl(a, b, c, d) for a, b, c, d in zip(m1, v1, m2, v2, strict=True))
    assert dv.gaussian_kl(m1, np.diag(v1), m2, np.diag(v2)) == pytest.approx(expected, rel=1e-12)
    rotation, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((3, 3)))
    rotated = dv.gaussian_kl(
        rotation @ m1,
        rotation @ np.diag(v1) @ rotation.T,
        rotation @ m2,
        rotation @ np.diag(v2) @ rotation.T,
    )
    assert rotated == pytest.approx(expected, rel=1e-10)


def test_gaussian_kl_of_a_gaussian_with_itself_is_zero():
    cov = [[2.0, 0.3], [0.3, 1.0]]
    assert dv.gaussian_kl([1.0, 2.0], cov, [1.0, 2.0], cov) == 0.0


def test_gaussian_js_textbook_pair_matches_quadrature_peers():
    value = dv.gaussian_js(0.0, 1.0, 1.0, 1.0)
    x = np.linspace(-15, 16, 400_001)
    p, q = stats.norm.pdf(x, 0, 1), stats.norm.pdf(x, 1, 1)
    assert value == pytest.approx(jensenshannon(p, q) ** 2, rel=1e-8)
    m = stats.norm(0, 1), stats.norm(1, 1)

    def integrand(t):
        a, b = m[0].pdf(t), m[1].pdf(t)
        return 0.5 * (a * math.log(2 * a / (a + b)) + b * math.log(2 * b / (a + b)))

    reference, _ = integrate.quad(integrand, -30, 31, epsabs=1e-14, limit=200)
    assert value == pytest.approx(reference, rel=1e-9)


@pytest.mark.parametrize(
    "m1, v1, m2, v2",
    [(0, 1, 2, 0.25), (0, 1, 3, 1e-8), (0, 1e-6, 0.01, 1e-6), (1, 4, -2, 0.09), (0, 1, 0, 100)],
)
def test_gaussian_js_matches_dense_integrand_and_is_symmetric(m1, v1, m2, v2):
    value = dv.gaussian_js(m1, v1, m2, v2)
    assert value == pytest.approx(dv.gaussian_js(m2, v2, m1, v1), rel=1e-10, abs=1e-14)
    lo = min(m1 - 40 * math.sqrt(v1), m2 - 40 * math.sqrt(v2))
    hi = max(m1 + 40 * math.sqrt(v1), m2 + 40 * math.sqrt(v2))
    x = np.union1d(
        np.linspace(lo, hi, 400_001),
        np.concatenate(
            [m + math.sqrt(v) * np.linspace(-40, 40, 200_001) for m, v in ((m1, v1), (m2, v2))]
        ),
    )
    dense = np.trapezoid(dv.gaussian_integrands(x, m1, v1, m2, v2).js, x)
    assert value == pytest.approx(dense, rel=1e-6)
    assert 0.0 <= value <= LOG2


def test_gaussian_js_limits_and_scale_invariance():
    assert dv.gaussian_js(0.3, 2.0, 0.3, 2.0) == pytest.approx(0.0, abs=1e-15)
    assert dv.gaussian_js(0.0, 1e-6, 1.0, 1e-6) == pytest.approx(LOG2, rel=1e-12)
    assert dv.gaussian_js(0.0, 4.0, 2.0, 4.0) == pytest.approx(
        dv.gaussian_js(0.0, 1.0, 1.0, 1.0), rel=1e-10
    )


def test_gaussian_integrands_integrate_to_the_divergences():
    x = np.linspace(-20, 20, 100_001)
    r = dv.gaussian_integrands(x, 0.0, 1.0, 2.0, 0.25)
    assert np.trapezoid(r.p, x) == pytest.approx(1.0, rel=1e-9)
    assert np.trapezoid(r.kl_pq, x) == pytest.approx(dv.gaussian_kl(0, 1, 2, 0.25), rel=1e-7)
    assert np.trapezoid(r.kl_qp, x) == pytest.approx(dv.gaussian_kl(2, 0.25, 0, 1), rel=1e-7)
    assert np.trapezoid(r.js, x) == pytest.approx(dv.gaussian_js(0, 1, 2, 0.25), rel=1e-7)
    assert np.all(r.js >= 0)


# --- the theta family --------------------------------------------------------------------------


@pytest.mark.parametrize("theta", [0.5, -0.5, 1.0, 1e-9, -3.0])
def test_theta_family_exact_values_off_zero(theta):
    r = dv.theta_divergences(theta)
    assert (r.theta, r.kl_pq, r.kl_qp, r.js, r.tv, r.w1) == (
        theta,
        math.inf,
        math.inf,
        LOG2,
        1.0,
        abs(theta),
    )
    assert r.n is None


def test_theta_family_at_zero_is_all_zero():
    r = dv.theta_divergences(0.0)
    assert (r.kl_pq, r.kl_qp, r.js, r.tv, r.w1) == (0.0, 0.0, 0.0, 0.0, 0.0)
    assert dv.theta_divergences(np.float32(0)).js == 0.0


def test_theta_family_results_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dv.theta_divergences(0.5).w1 = 0.0


def test_theta_slopes_js_flat_w1_points_home():
    for theta in (0.5, -0.3, 0.9):
        s = dv.theta_slopes(theta)
        assert (s.js, s.tv) == (0.0, 0.0)
        assert s.w1 == pytest.approx(math.copysign(1.0, theta), rel=1e-9)


def test_theta_estimates_binned_divergences_behave_like_the_exact_family():
    far = dv.theta_estimates(0.5, 200, seed=0)
    assert (far.kl_pq, far.kl_qp, far.js, far.tv) == (math.inf, math.inf, LOG2, 1.0)
    assert far.n == 200
    near = dv.theta_estimates(0.02, 200, seed=0)  # inside P's histogram column
    assert near.js < 0.05 and near.kl_pq < 0.2 and near.tv < 0.3


def test_theta_estimates_same_seed_same_numbers():
    a, b = dv.theta_estimates(0.3, 50, seed=3), dv.theta_estimates(0.3, 50, seed=3)
    assert (a.js, a.w1) == (b.js, b.w1)


@pytest.mark.parametrize("theta", [0.0, 0.5])
def test_theta_estimates_w1_approaches_abs_theta(theta):
    errors = []
    for n in (25, 100, 400):
        values = [dv.theta_estimates(theta, n, seed=seed).w1 for seed in range(3)]
        assert min(values) >= abs(theta) - 1e-12  # every pair moves at least |theta|
        errors.append(np.mean(values) - abs(theta))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.05


def test_emd_on_theta_pair_agrees_with_the_estimate():
    real, fake = otlab.toy.theta_pair(0.4, 60, seed=1)
    assert dv.theta_estimates(0.4, 60, seed=1).w1 == pytest.approx(otlab.emd(real, fake).distance)


def test_public_names_resolve_lazily():
    for name in (
        "kl",
        "js",
        "tv",
        "gaussian_kl",
        "gaussian_js",
        "theta_divergences",
        "optimal_discriminator",
        "gan_value",
    ):
        assert getattr(otlab, name) is getattr(dv, name)


# --- bad inputs --------------------------------------------------------------------------------


HISTOGRAM_FUNCS = [dv.kl, dv.js, dv.tv, dv.optimal_discriminator]


@pytest.mark.parametrize("func", HISTOGRAM_FUNCS)
@pytest.mark.parametrize(
    "p, q, kind, words",
    [
        ([1, 2], [1, 2, 3], ValueError, "same shape"),
        ([1, -1], [1, 1], ValueError, "non-negative"),
        ([0, 0], [1, 1], ValueError, "positive total"),
        ([1, 1], [0, 0], ValueError, "positive total"),
        ([1, np.nan], [1, 1], ValueError, "finite"),
        ([1, np.inf], [1, 1], ValueError, "finite"),
        ([], [], ValueError, "non-empty"),
        ("ab", [1, 1], TypeError, "array of numbers"),
        (None, [1, 1], TypeError, "array of numbers"),
    ],
)
def test_histogram_bad_inputs(func, p, q, kind, words):
    with pytest.raises(kind, match=words) as info:
        func(p, q)
    assert MESSAGE.match(str(info.value)), str(info.value)
    assert str(info.value).startswith(func.__name__)


@pytest.mark.parametrize("base", [0, -2, 1, np.nan, math.inf, "two", [2, 3]])
def test_bad_log_base(base):
    with pytest.raises((ValueError, TypeError), match="base") as info:
        dv.kl([1, 1], [1, 2], base=base)
    assert MESSAGE.match(str(info.value))
    with pytest.raises((ValueError, TypeError), match="base"):
        dv.js([1, 1], [1, 2], base=base)


@pytest.mark.parametrize(
    "d, words",
    [
        ([0.5], "shape"),
        ([0.5, 1.5], r"\[0, 1\]"),
        ([-0.1, 0.5], r"\[0, 1\]"),
        ([np.nan, 0.5], "finite"),
    ],
)
def test_gan_value_bad_discriminator(d, words):
    with pytest.raises(ValueError, match=words) as info:
        dv.gan_value([1, 1], [1, 1], d)
    assert MESSAGE.match(str(info.value))


@pytest.mark.parametrize(
    "args, kind, words",
    [
        ((0.0, 0.0, 1.0, 1.0), ValueError, "non-singular"),
        ((0.0, 1.0, 1.0, 0.0), ValueError, "non-singular"),
        (([0, 0], np.eye(2), [0, 0, 0], np.eye(3)), ValueError, "same dimension"),
        (([0, 0], np.eye(3), [0, 0], np.eye(2)), ValueError, "shape"),
        ((0.0, -1.0, 0.0, 1.0), ValueError, "positive semi-definite"),
        (([0, 0], [[1, 2], [0, 1]], [0, 0], np.eye(2)), ValueError, "symmetric"),
        ((np.nan, 1.0, 0.0, 1.0), ValueError, "finite"),
        (("a", 1.0, 0.0, 1.0), TypeError, "array of numbers"),
    ],
)
def test_gaussian_kl_bad_inputs(args, kind, words):
    with pytest.raises(kind, match=words) as info:
        dv.gaussian_kl(*args)
    assert MESSAGE.match(str(info.value))


@pytest.mark.parametrize(
    "args, kind, words",
    [
        ((0.0, 0.0, 1.0, 1.0), ValueError, "var1` > 0"),
        ((0.0, 1.0, 1.0, -1.0), ValueError, "var2` > 0"),
        (([0.0, 1.0], 1.0, 1.0, 1.0), ValueError, "single number"),
        ((np.nan, 1.0, 1.0, 1.0), ValueError, "finite"),
        ((None, 1.0, 1.0, 1.0), TypeError, "real number"),
        ((True, 1.0, 1.0, 1.0), TypeError, "real number"),
    ],
)
def test_gaussian_js_bad_inputs(args, kind, words):
    with pytest.raises(kind, match=words) as info:
        dv.gaussian_js(*args)
    assert MESSAGE.match(str(info.value))


def test_gaussian_integrands_bad_grid():
    with pytest.raises(ValueError, match="1-D grid"):
        dv.gaussian_integrands(np.zeros((2, 2)), 0, 1, 1, 1)
    with pytest.raises(ValueError, match="finite"):
        dv.gaussian_integrands([0.0, np.nan], 0, 1, 1, 1)


@pytest.mark.parametrize(
    "call, kind, words",
    [
        (lambda: dv.theta_divergences(np.nan), ValueError, "finite"),
        (lambda: dv.theta_divergences("half"), TypeError, "real number"),
        (lambda: dv.theta_divergences([0.1, 0.2]), ValueError, "single number"),
        (lambda: dv.theta_slopes(0.5, step=0.0), ValueError, "step"),
        (lambda: dv.theta_estimates(0.5, 0), ValueError, "`n` an integer"),
        (lambda: dv.theta_estimates(0.5, 2.5), ValueError, "`n` an integer"),
        (lambda: dv.theta_estimates(0.5, 10_000), ValueError, "at most 5000"),
        (lambda: dv.theta_estimates(0.5, 10, bin_width=0), ValueError, "bin_width"),
        (lambda: dv.theta_estimates(0.5, 10, seed="x"), TypeError, "seed"),
    ],
)
def test_theta_bad_inputs(call, kind, words):
    with pytest.raises(kind, match=words) as info:
        call()
    assert MESSAGE.match(str(info.value))


def test_counts_near_the_float64_limit_normalise_without_overflow():
    big = [1e308, 1e308]
    assert dv.kl(big, big) == 0.0
    assert dv.tv([1e308, 1e308], [1e308, 1.0]) == pytest.approx(0.5)
    assert dv.js(big, [1.0, 1.0]) == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(dv.optimal_discriminator(big, [1e308, 1.0]), [1 / 3, 1.0])
