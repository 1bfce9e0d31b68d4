"""otlab.exact.lp: the transport LP against closed forms, POT, HiGHS, duality and properties."""

import numpy as np
import ot
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from otlab import emd, toy, wasserstein_1d
from otlab.exact.lp import EMDResult


def clouds(seed, n=12, m=9, d=2):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal((m, d)) + 1.0


# Closed forms ---------------------------------------------------------------------------


def test_point_masses():
    r = emd([[0.0, 0.0]], [[3.0, 4.0]])
    assert r.distance == 5.0 and r.plan.tolist() == [[1.0]]
    assert emd([2.0], [-1.5], p=2).distance == pytest.approx(3.5)


@pytest.mark.parametrize("p", [1, 2, 3])
def test_shifted_cloud_is_the_shift(p):
    x = toy.sample("moons", 40, seed=0)
    v = np.array([0.6, -0.8])
    r = emd(x, x + v, p=p)
    assert r.distance == pytest.approx(1.0, rel=1e-9)
    assert np.allclose(r.plan, np.eye(40) / 40)  # every point moves by v


def test_result_fields():
    x, y = clouds(0)
    r = emd(x, y, p=2)
    assert isinstance(r, EMDResult)
    assert r.plan.shape == (12, 9) and r.f.shape == (12,) and r.g.shape == (9,)
    assert r.solver == "network_simplex" and r.p == 2.0
    assert np.allclose(r.cost_matrix, ot.dist(x, y))  # squared Euclidean for p = 2
    assert r.distance == pytest.approx(np.sqrt(r.cost))


def test_counts_keep_their_units():
    x, y = clouds(1, 3, 2)
    r = emd(x, y, [2, 2, 6], [5, 5])  # total mass 10
    assert np.allclose(r.plan.sum(axis=1), [2, 2, 6]) and np.allclose(r.plan.sum(axis=0), [5, 5])
    unit = emd(x, y, [0.2, 0.2, 0.6], [0.5, 0.5])
    assert r.cost == pytest.approx(10 * unit.cost) and r.distance == pytest.approx(unit.distance)


# Peers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("p", [1, 2])
def test_matches_pot_emd2(seed, p):
    x, y = clouds(seed, 30, 25, 3)
    rng = np.random.default_rng(seed)
    a, b = rng.random(30), rng.random(25)
    a, b = a / a.sum(), b / b.sum()
    cost_matrix = ot.dist(x, y, metric="euclidean") ** p
    assert emd(x, y, a, b, p=p).cost == pytest.approx(ot.emd2(a, b, cost_matrix), rel=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_on_a_line_matches_scipy_and_the_quantile_formula(seed):
    rng = np.random.default_rng(seed)
    u, v = rng.standard_normal(20), rng.exponential(size=15)
    a, b = rng.random(20), rng.random(15)
    a, b = a / a.sum(), b / b.sum()
    r = emd(u, v, a, b)
    assert r.distance == pytest.approx(stats.wasserstein_distance(u, v, a, b), rel=1e-9)
    r2 = emd(u, v, a, b, p=2)
    expected = wasserstein_1d(u, v, p=2, u_weights=a, v_weights=b)
    assert r2.distance == pytest.approx(expected, rel=1e-9)


# Duality --------------------------------------------------------------------------------


def check_certificate(r):
    """Primal feasible, dual feasible, and equal objectives: r is optimal."""
    assert np.all(r.plan >= -1e-12)
    assert np.allclose(r.plan.sum(axis=1), r.a) and np.allclose(r.plan.sum(axis=0), r.b)
    assert np.max(r.f[:, None] + r.g[None, :] - r.cost_matrix) <= 1e-9
    assert r.a @ r.f + r.b @ r.g == pytest.approx(r.cost, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [1, 2])
def test_network_simplex_and_highs_agree_with_a_certificate(seed, p):
    x, y = clouds(seed)
    rng = np.random.default_rng(100 + seed)
    a = rng.integers(0, 4, 12).astype(float)  # counts, some zero
    a[0] += 1
    b = rng.random(9)
    b *= a.sum() / b.sum()
    simplex = emd(x, y, a, b, p=p)
    highs = emd(x, y, a, b, p=p, solver="highs")
    assert highs.solver == "highs"
    assert abs(simplex.cost - highs.cost) <= 1e-8 * max(1.0, simplex.cost)
    check_certificate(simplex)
    check_certificate(highs)


# Properties -----------------------------------------------------------------------------

small_clouds = st.tuples(st.integers(1, 8), st.integers(1, 8), st.integers(0, 2**32)).map(
    lambda c: clouds(c[2], c[0], c[1])
)


@given(small_clouds, st.sampled_from([1.0, 2.0]))
def test_symmetry_and_zero(xy, p):
    x, y = xy
    assert emd(x, y, p=p).distance == pytest.approx(emd(y, x, p=p).distance, rel=1e-9)
    assert emd(x, x, p=p).distance == 0.0


@given(small_clouds, st.integers(1, 8), st.sampled_from([1.0, 2.0]))
def test_triangle_inequality(xy, k, p):
    x, y = xy
    z = clouds(k, k)[0] * 2
    through = emd(x, z, p=p).distance + emd(z, y, p=p).distance
    assert emd(x, y, p=p).distance <= through + 1e-9


@given(small_clouds, st.floats(-4, 4), st.floats(-10, 10))
def test_scaling_and_translation(xy, c, t):
    x, y = xy
    base = emd(x, y).distance
    assert emd(c * x, c * y).distance == pytest.approx(abs(c) * base, rel=1e-9, abs=1e-9)
    assert emd(x + t, y + t).distance == pytest.approx(base, rel=1e-9, abs=1e-9)


# Bad input ------------------------------------------------------------------------------

X = [[0.0, 0.0], [1.0, 0.0]]
Y = [[0.0, 1.0], [1.0, 1.0], [2.0, 2.0]]


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((X, Y), dict(solver="simplex"), ValueError, "`solver` one of 'network_simplex'"),
        ((X, Y), dict(p=0.5), ValueError, "a finite exponent p >= 1, got 0.5"),
        (([[0.0, np.nan], [1, 0]], Y), {}, ValueError, "finite values in `x`, got 1 NaN"),
        ((X, [[0, 0], [np.inf, 0], [1, 1]]), {}, ValueError, "finite values in `y`"),
        ((np.zeros((0, 2)), Y), {}, ValueError, "a non-empty `x`"),
        ((X, [[0.0, 0.0, 0.0]]), {}, ValueError, "`y` with 2 coordinates per point"),
        ((np.zeros((2, 2, 2)), Y), {}, ValueError, "`x` as an (n, d) array of points"),
        ((X, Y, [1, -1], None), {}, ValueError, "non-negative masses in `a`, got minimum -1"),
        ((X, Y, [1, 1, 1], None), {}, ValueError, "`a` with one weight per point (2 values)"),
        ((X, Y, [0, 0], None), {}, ValueError, "a positive total mass in `a`"),
        ((X, Y, [1, 1], [1, 1, 1]), {}, ValueError, "got sum(a) = 2 and sum(b) = 3"),
        ((X, Y, None, [1, 1, 1]), {}, ValueError, "got sum(a) = 1 and sum(b) = 3"),
        (("points", Y), {}, TypeError, "`x` as an array of numbers"),
        (([[1e200, 0.0]], [[-1e200, 0.0]]), dict(p=2), ValueError, "finite ground costs"),
    ],
)
def test_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match="^emd: ") as info:
        emd(*args, **kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("n, m, solver", [(5001, 5000, "network_simplex"), (501, 500, "highs")])
def test_too_large_names_the_alternatives(n, m, solver):
    with pytest.raises(ValueError, match="^emd: at most") as info:
        emd(np.zeros(n), np.zeros(m), solver=solver)
    message = str(info.value)
    assert f"{n} x {m}" in message
    assert "otlab.sinkhorn(" in message and "otlab.sliced_wasserstein(" in message


@pytest.mark.parametrize(
    "x, y",
    [
        (np.full((3, 2), np.nan), np.zeros((3, 2))),  # an all-NaN cost matrix
        ([[1e300, 1e300]], [[-1e300, -1e300]]),  # finite points, infinite cost
    ],
)
def test_bad_costs_never_reach_pot(monkeypatch, x, y):
    def must_not_run(*args, **kwargs):
        raise AssertionError("ot.emd was called with an invalid cost matrix")

    monkeypatch.setattr(ot, "emd", must_not_run)
    with pytest.raises(ValueError, match="^emd: "):
        emd(x, y)
