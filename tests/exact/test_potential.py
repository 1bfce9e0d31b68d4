"""otlab.exact.potential: the extended Kantorovich potential, the field a critic should learn."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otlab import emd, kantorovich_potential, toy
from otlab.exact.potential import Potential

seeds = st.integers(0, 2**32)


def problem(seed, n=15, m=12, d=2, weighted=True):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) + 1.5
    y = rng.standard_normal((m, d))
    if not weighted:
        return emd(x, y)
    a, b = rng.random(n), rng.random(m)
    return emd(x, y, a, b * a.sum() / b.sum())  # counts with equal totals


@given(seeds, st.integers(1, 3))
def test_one_lipschitz_on_random_pairs(seed, d):
    f = kantorovich_potential(problem(seed, d=d))
    rng = np.random.default_rng(seed)
    z1, z2 = 3 * rng.standard_normal((200, d)), 3 * rng.standard_normal((200, d))
    gap = np.abs(f(z1) - f(z2))
    assert np.all(gap <= np.linalg.norm(z1 - z2, axis=1) + 1e-9)


@given(seeds, st.integers(1, 3), st.booleans())
def test_reproduces_w1(seed, d, weighted):
    r = problem(seed, d=d, weighted=weighted)
    f = kantorovich_potential(r)
    critic_value = r.a @ f(r.x) / r.a.sum() - r.b @ f(r.y) / r.b.sum()
    assert critic_value == pytest.approx(r.distance, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("solver", ["network_simplex", "highs"])
@pytest.mark.parametrize("seed", range(4))
def test_gradient_inside_each_transport_segment(seed, solver):
    x = toy.sample("8gaussians", 40, seed=seed)
    y = toy.sample("gaussian", 40, seed=seed + 1, cov=[[0.3, 0], [0, 0.3]])
    r = emd(x, y, solver=solver)
    f = kantorovich_potential(r)
    rows, cols = np.nonzero(r.plan > 1e-12)
    for t in (0.25, 0.5, 0.75):
        z = (1 - t) * y[cols] + t * x[rows]  # (k, 2), strictly inside each segment
        unit = (x[rows] - y[cols]) / np.linalg.norm(x[rows] - y[cols], axis=1, keepdims=True)
        assert np.allclose(f.grad(z), unit, atol=1e-6)
        # f rises at unit speed along the segment: it is exactly the cone of y_j there.
        assert np.allclose(f(z) - f(y[cols]), t * np.linalg.norm(x[rows] - y[cols], axis=1))


def test_gradient_is_a_unit_vector_except_at_an_apex():
    f = kantorovich_potential(problem(3))
    z = np.random.default_rng(0).uniform(-4, 4, size=(500, 2))
    assert np.allclose(np.linalg.norm(f.grad(z), axis=1), 1.0)
    assert np.all(f.grad(f.y[:1]) == 0.0)


def test_pruning_keeps_every_value():
    r = problem(5, n=60, m=60)
    pruned = kantorovich_potential(r)
    full = Potential(r.y, r.g)
    z = np.random.default_rng(1).uniform(-4, 4, size=(2000, 2))
    assert pruned.y.shape[0] <= r.y.shape[0]
    assert np.allclose(pruned(z), full(z), rtol=0, atol=1e-12)


def test_duplicate_cones_are_kept_once():
    r = emd([[1.0, 0.0], [2.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    f = kantorovich_potential(r)
    assert f.y.shape[0] == 1
    assert f([[2.0, 0.0]])[0] - f([[0.0, 0.0]])[0] == pytest.approx(2.0)


@pytest.mark.parametrize("n", [2, 7, 8, 33, 200])
@pytest.mark.parametrize("limits", [((-3, 3), (-3, 3)), ((0, 0.1), (-5, 5)), ((-20, 1), (2, 3))])
def test_on_grid_matches_pointwise_evaluation(n, limits):
    f = kantorovich_potential(problem(7, n=80, m=70))
    X, Y, F = f.on_grid(*limits, n=n)
    assert X.shape == Y.shape == F.shape == (n, n)
    assert X[0, 0] == limits[0][0] and X[0, -1] == limits[0][1]
    assert Y[0, 0] == limits[1][0] and Y[-1, 0] == limits[1][1]
    expected = f(np.column_stack([X.ravel(), Y.ravel()])).reshape(n, n)
    assert np.allclose(F, expected, rtol=0, atol=1e-12)


# Bad input ------------------------------------------------------------------------------


def test_needs_an_emd_result():
    with pytest.raises(TypeError, match="^kantorovich_potential: an EMDResult from otlab.emd"):
        kantorovich_potential({"plan": np.eye(2)})


def test_needs_p_equal_one():
    r = emd([[0.0, 0.0]], [[1.0, 1.0]], p=2)
    with pytest.raises(ValueError, match=r"^kantorovich_potential: a W1 solution \(p=1\), got p=2"):
        kantorovich_potential(r)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda f: f([[0.0, 0.0, 0.0]]), "Potential: `points` with 2 coordinates per point"),
        (lambda f: f([[np.nan, 0.0]]), "Potential: finite values in `points`"),
        (lambda f: f(np.zeros((0, 2))), "Potential: a non-empty `points`"),
        (lambda f: f.grad([1.0, 2.0]), "Potential.grad: `points` with 2 coordinates per point"),
        (lambda f: f.on_grid((-1, 1), (-1, 1), n=1), "Potential.on_grid: `n` an integer >= 2"),
        (lambda f: f.on_grid((1, -1), (-1, 1)), "Potential.on_grid: `xlim` as (low, high)"),
        (lambda f: f.on_grid((-1, 1), (0, np.inf)), "Potential.on_grid: `ylim` as (low, high)"),
        (lambda f: f.on_grid((-1, 1, 2), (0, 1)), "Potential.on_grid: `xlim` as (low, high)"),
    ],
)
def test_bad_points(call, message):
    f = kantorovich_potential(problem(0))
    with pytest.raises(ValueError) as info:
        call(f)
    assert str(info.value).startswith(message)


def test_on_grid_needs_the_plane():
    f = kantorovich_potential(emd([0.0, 1.0], [2.0, 3.0]))
    with pytest.raises(ValueError, match=r"^Potential.on_grid: a potential on the plane"):
        f.on_grid((-1, 1), (-1, 1))


def test_on_grid_refuses_text_limits():
    f = kantorovich_potential(problem(0))
    with pytest.raises(TypeError, match="^Potential.on_grid: `xlim` as an array of numbers"):
        f.on_grid("ab", (0, 1))
