"""otlab.toy: shapes, seeding, the scales the papers use, and bad input."""

import numpy as np
import pytest

from otlab import toy

NAMES = sorted(toy.DATASETS)


@pytest.mark.parametrize("name", NAMES)
def test_shape_dtype_and_finite(name):
    points = toy.sample(name, 257, seed=0)
    assert points.shape == (257, 2) and points.dtype == np.float64
    assert np.all(np.isfinite(points))


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_points_and_no_global_state(name):
    state = np.random.get_state()[1].copy()  # noqa: NPY002 (checking it is left alone)
    first = toy.sample(name, 50, seed=3)
    assert np.array_equal(first, toy.sample(name, 50, seed=3))
    assert not np.array_equal(first, toy.sample(name, 50, seed=4))
    assert np.array_equal(first, toy.sample(name, 50, seed=np.random.default_rng(3)))
    assert np.array_equal(state, np.random.get_state()[1])  # noqa: NPY002


def test_eight_gaussians_sit_on_the_ring_of_radius_two():
    points = toy.sample("8gaussians", 4000, seed=0)
    centres = toy.ring_centres(8, 2.0)
    nearest = np.linalg.norm(points[:, None] - centres[None], axis=2).min(axis=1)
    assert nearest.max() < 0.02 * 6  # sd 0.02 by default
    counts = np.bincount(np.linalg.norm(points[:, None] - centres[None], axis=2).argmin(1))
    assert counts.size == 8 and counts.min() > 400  # every mode is used
    assert np.allclose(np.linalg.norm(centres, axis=1), 2.0)
    assert np.allclose(centres[0], [2.0, 0.0])


def test_twenty_five_gaussians_sit_on_the_grid():
    points = toy.sample("25gaussians", 5000, seed=0, spacing=2.0)
    centres = toy.grid_centres(2.0)
    assert centres.shape == (25, 2) and centres.min() == -4.0 and centres.max() == 4.0
    distances = np.linalg.norm(points[:, None] - centres[None], axis=2)
    assert distances.min(axis=1).max() < 0.05 * 6
    assert np.unique(distances.argmin(axis=1)).size == 25


def test_ring_radius_and_swissroll_scale():
    radii = np.linalg.norm(toy.sample("ring", 2000, seed=0, radius=3.0, sd=0.01), axis=1)
    assert abs(radii.mean() - 3.0) < 0.01 and radii.std() < 0.02
    roll = toy.sample("swissroll", 2000, seed=0, noise=0.0)
    r = np.linalg.norm(roll, axis=1) * 7.5  # t in [1.5 pi, 4.5 pi] before the 1/7.5 scaling
    assert r.min() >= 1.5 * np.pi - 1e-9 and r.max() <= 4.5 * np.pi + 1e-9


def test_theta_pair_is_the_wgan_example():
    real, fake = toy.theta_pair(0.7, 300, seed=0)
    assert np.all(real[:, 0] == 0.0) and np.all(fake[:, 0] == 0.7)
    for half in (real, fake):
        assert half[:, 1].min() >= 0.0 and half[:, 1].max() <= 1.0


def test_parallel_lines_and_point_masses():
    lines = toy.sample("parallel_lines", 600, seed=0, theta=0.5, lines=3)
    assert set(np.unique(lines[:, 0])) == {0.0, 0.5, 1.0}
    masses = toy.sample(
        "point_masses", 4000, seed=0, locations=[[0, 0], [1, 0], [0, 5]], weights=[1, 0, 3]
    )
    unique, counts = np.unique(masses, axis=0, return_counts=True)
    assert unique.tolist() == [[0.0, 0.0], [0.0, 5.0]]  # the zero-weight location never shows
    assert counts[1] / counts.sum() == pytest.approx(0.75, abs=0.03)


def test_gaussian_moments():
    cov = [[1.0, 0.6], [0.6, 2.0]]
    points = toy.sample("gaussian", 20_000, seed=0, mean=(1.0, -2.0), cov=cov)
    assert np.allclose(points.mean(axis=0), [1.0, -2.0], atol=0.05)
    assert np.allclose(np.cov(points.T), cov, atol=0.06)


def test_moons_are_two_half_circles():
    points = toy.sample("moons", 1000, seed=0, noise=0.0)
    upper = np.abs(np.hypot(points[:, 0] + 0.5, points[:, 1] + 0.25) - 1) < 1e-9
    lower = np.abs(np.hypot(points[:, 0] - 0.5, points[:, 1] - 0.25) - 1) < 1e-9
    assert np.all(upper | lower) and upper.any() and lower.any()


def test_crescent_is_an_arc_thickest_in_the_middle():
    points = toy.sample("crescent", 4000, seed=0, radius=2.0, thickness=0.4)
    r, t = np.hypot(*points.T), np.arctan2(points[:, 1], points[:, 0])
    assert np.all(np.abs(r - 2.0) <= 0.2) and np.all((t >= 0) & (t <= np.pi))
    middle, tips = np.abs(t - np.pi / 2) < 0.3, (t < 0.3) | (t > np.pi - 0.3)
    assert np.ptp(r[middle]) > 0.35 and np.ptp(r[tips]) < 0.15
    turned = toy.crescent(100, seed=1, arc=np.pi / 2, angle=np.pi, thickness=0.0)
    assert np.allclose(np.hypot(*turned.T), 1.0) and np.all(turned <= 1e-12)


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: toy.sample("nope", 3), ValueError, "sample: a dataset name, one of 25gaussians"),
        (lambda: toy.sample("ring", 0), ValueError, "sample: `n` an integer >= 1, got 0"),
        (lambda: toy.sample("ring", 2.5), ValueError, "sample: `n` an integer >= 1, got 2.5"),
        (lambda: toy.sample("ring", True), ValueError, "sample: `n` an integer >= 1"),
        (lambda: toy.sample("ring", 3, radiu=2), ValueError, "sample: parameters of 'ring'"),
        (lambda: toy.sample("ring", 3, seed="a"), TypeError, "sample: `seed` an int >= 0"),
        (lambda: toy.sample("ring", 3, seed=1.5), TypeError, "sample: `seed` an int >= 0"),
        (lambda: toy.sample("ring", 3, seed=-1), ValueError, "sample: `seed` >= 0, got -1"),
        (
            lambda: toy.sample("gaussian", 3, mean=(0, 0, 0)),
            ValueError,
            "sample: a mean with 2 coordinates",
        ),
        (
            lambda: toy.sample("gaussian", 3, cov=[[1, 2], [2, 1]]),
            ValueError,
            "sample: a positive semi-definite `cov`",
        ),
        (
            lambda: toy.sample("gaussian", 3, cov=[[1, 0.5], [0, 1]]),
            ValueError,
            "sample: a symmetric `cov`",
        ),
        (
            lambda: toy.sample("gaussian", 3, mean=(np.nan, 0)),
            ValueError,
            "sample: finite values in `mean`",
        ),
        (
            lambda: toy.sample("point_masses", 3, weights=[1, -1]),
            ValueError,
            "sample: non-negative masses in `weights`",
        ),
        (
            lambda: toy.sample("point_masses", 3, weights=[1, 1, 1]),
            ValueError,
            "sample: `weights` with one weight per point (2 values)",
        ),
        (
            lambda: toy.sample("point_masses", 3, locations=[[0, 0, 0]]),
            ValueError,
            "sample: `locations` with 2 coordinates per point",
        ),
        (
            lambda: toy.sample("parallel_lines", 3, lines=0),
            ValueError,
            "sample: `lines` an integer >= 1, got 0",
        ),
        (lambda: toy.theta_pair(1.0, 0), ValueError, "theta_pair: `n` an integer >= 1, got 0"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    "call",
    [
        lambda: toy.ring(-1),
        lambda: toy.eight_gaussians("3"),
        lambda: toy.theta_pair(np.nan, 3),
        lambda: toy.theta_pair("a", 3),
        lambda: toy.sample("ring", 3, radius=np.nan),
        lambda: toy.eight_gaussians(3, sd=-0.1),
        lambda: toy.ring_centres(0),
        lambda: toy.grid_centres(np.nan),
        lambda: toy.crescent(3, thickness=-1),
        lambda: toy.crescent(3, angle="a"),
    ],
)
def test_direct_sampler_calls_validate(call):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert ": " in str(info.value) and "; " in str(info.value)  # the project's format


def test_parameters_lists_what_sample_accepts():
    for name in toy.DATASETS:
        params = toy.parameters(name)
        assert toy.sample(name, 3, seed=0, **params).shape == (3, 2)  # defaults accepted
    assert toy.parameters("parallel_lines") == {"theta": 1.0, "lines": 2}
    with pytest.raises(ValueError, match="parameters: a dataset name, one of 25gaussians"):
        toy.parameters("nine")
