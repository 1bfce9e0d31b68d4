"""otlab.exact.interpolation and gaussian_geodesic: McCann's interpolation against closed forms."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otlab import (
    displacement_interpolation,
    emd,
    gaussian_geodesic,
    gaussian_map,
    gaussian_w2,
    sinkhorn,
    toy,
)
from otlab.exact.interpolation import Interpolant


@pytest.mark.parametrize("t", [0.0, 0.3, 0.5, 1.0])
def test_translated_clouds_move_by_t_times_the_shift(t):
    x = toy.sample("moons", 40, seed=0)
    v = np.array([1.5, -0.5])
    r = emd(x, x + v, p=2)
    mid = displacement_interpolation(r, t)
    assert isinstance(mid, Interpolant) and mid.t == t
    order = np.argsort(mid.rows)
    assert np.allclose(mid.points[order], x + t * v)
    assert np.allclose(mid.weights, 1 / 40) and np.array_equal(mid.cols[order], np.arange(40))


@given(seed=st.integers(0, 1000), t=st.floats(0.0, 1.0))
def test_the_interpolant_is_a_w2_geodesic(seed, t):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((8, 2)), rng.standard_normal((6, 2)) * 2 + 1
    a, b = rng.dirichlet(np.ones(8)), rng.dirichlet(np.ones(6))
    whole = emd(x, y, a, b, p=2)
    mid = displacement_interpolation(whole, t)
    assert mid.weights.sum() == pytest.approx(1.0)
    to_start = emd(x, mid.points, a, mid.weights, p=2).distance
    to_end = emd(mid.points, y, mid.weights, b, p=2).distance
    assert to_start == pytest.approx(t * whole.distance, abs=1e-7)
    assert to_end == pytest.approx((1 - t) * whole.distance, abs=1e-7)


def test_ends_are_the_two_clouds_and_sinkhorn_plans_work_too():
    x, y = toy.sample("gaussian", 10, seed=0), toy.sample("moons", 10, seed=1)
    r = emd(x, y, p=2)
    assert np.allclose(np.sort(displacement_interpolation(r, 0.0).points, axis=0), np.sort(x, 0))
    assert np.allclose(np.sort(displacement_interpolation(r, 1.0).points, axis=0), np.sort(y, 0))
    blurred = displacement_interpolation(sinkhorn(x, y, eps=0.5, p=2), 0.5)
    assert blurred.points.shape == (100, 2) and blurred.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("t", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_gaussian_geodesic_splits_w2_as_t_and_1_minus_t(t):
    m1, c1 = np.array([0.0, 1.0]), np.array([[1.0, 0.3], [0.3, 0.5]])
    m2, c2 = np.array([2.0, -1.0]), np.array([[0.4, -0.2], [-0.2, 2.0]])
    whole = gaussian_w2(m1, c1, m2, c2)
    mt, ct = gaussian_geodesic(m1, c1, m2, c2, t)
    assert gaussian_w2(m1, c1, mt, ct) == pytest.approx(t * whole, abs=1e-7)
    assert gaussian_w2(mt, ct, m2, c2) == pytest.approx((1 - t) * whole, abs=1e-7)
    assert np.allclose(ct, ct.T) and np.all(np.linalg.eigvalsh(ct) > 0)


def test_gaussian_geodesic_ends_and_the_monge_map():
    m1, c1, m2, c2 = 0.0, 1.0, 3.0, 4.0
    assert [v.tolist() for v in gaussian_geodesic(m1, c1, m2, c2, 0.0)] == [[0.0], [[1.0]]]
    m, c = gaussian_geodesic(m1, c1, m2, c2, 1.0)
    assert m.tolist() == [3.0] and c[0, 0] == pytest.approx(4.0)
    # In 1-D the standard deviation moves linearly: sd_t = (1 - t) 1 + t 2.
    assert gaussian_geodesic(m1, c1, m2, c2, 0.25)[1][0, 0] == pytest.approx(1.25**2)
    A, _ = gaussian_map(m1, c1, m2, c2)
    assert A[0, 0] == pytest.approx(2.0)


def test_samples_interpolate_towards_the_gaussian_geodesic():
    m1, c1 = np.zeros(2), np.eye(2)
    m2, c2 = np.array([3.0, 0.0]), np.array([[0.3, 0.0], [0.0, 2.0]])
    x = toy.sample("gaussian", 400, mean=m1, cov=c1, seed=0)
    y = toy.sample("gaussian", 400, mean=m2, cov=c2, seed=1)
    mid = displacement_interpolation(emd(x, y, p=2), 0.5)
    mt, ct = gaussian_geodesic(m1, c1, m2, c2, 0.5)
    cov = np.cov(mid.points.T, aweights=mid.weights)
    assert np.allclose(np.average(mid.points, axis=0, weights=mid.weights), mt, atol=0.15)
    assert np.allclose(cov, ct, atol=0.15)


@pytest.mark.parametrize("t", [-0.1, 1.5, float("nan"), float("inf")])
def test_t_outside_the_unit_interval_is_refused(t):
    r = emd([[0.0, 0.0]], [[1.0, 0.0]], p=2)
    with pytest.raises(ValueError, match="^displacement_interpolation: ") as info:
        displacement_interpolation(r, t)
    assert "[0, 1]" in str(info.value) or "finite" in str(info.value)
    with pytest.raises(ValueError, match="^gaussian_geodesic: "):
        gaussian_geodesic(0.0, 1.0, 1.0, 1.0, t)


def test_bad_result_and_singular_start():
    with pytest.raises(TypeError, match="^displacement_interpolation: an EMDResult"):
        displacement_interpolation(np.eye(2), 0.5)
    with pytest.raises(ValueError, match="non-singular `cov1`"):
        gaussian_geodesic([0.0, 0.0], np.zeros((2, 2)), [1.0, 0.0], np.eye(2), 0.5)
