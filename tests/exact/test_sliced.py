"""otlab.exact.sliced: sliced W against POT with the same projections, and closed forms."""

import numpy as np
import ot
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otlab import emd, sliced_wasserstein, toy, wasserstein_1d
from otlab.exact.sliced import random_directions


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("p", [1, 2])
def test_equals_pot_with_the_same_projections(seed, p):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((40, 3)), rng.standard_normal((25, 3)) + 1.0
    a, b = rng.dirichlet(np.ones(40)), rng.dirichlet(np.ones(25))
    directions = random_directions(3, 30, seed=seed)
    expected = ot.sliced_wasserstein_distance(x, y, a, b, p=p, projections=directions)
    assert sliced_wasserstein(x, y, a, b, p=p, n_projections=30, seed=seed) == pytest.approx(
        expected, rel=1e-12
    )


def test_directions_are_unit_vectors_and_seeded():
    d = random_directions(2, 100, seed=1)
    assert d.shape == (2, 100) and np.allclose(np.linalg.norm(d, axis=0), 1.0)
    assert np.array_equal(d, random_directions(2, 100, seed=1))
    assert not np.array_equal(d, random_directions(2, 100, seed=2))


def test_same_seed_same_number_and_generators_accepted():
    x, y = toy.sample("moons", 50, seed=0), toy.sample("gaussian", 50, seed=1)
    first = sliced_wasserstein(x, y, seed=3)
    assert first == sliced_wasserstein(x, y, seed=3)
    assert first == sliced_wasserstein(x, y, seed=np.random.default_rng(3))


@pytest.mark.parametrize("p, factor", [(1, 2 / np.pi), (2, 1 / np.sqrt(2))])
def test_translation_in_the_plane_has_a_closed_form(p, factor):
    # Projected on theta, a shift v moves every point by <v, theta>: SW_p^p = E |<v, theta>|^p,
    # which is |v| 2 / pi for p = 1 and |v|^2 / 2 for p = 2 with theta uniform on the circle.
    x = toy.sample("gaussian", 100, seed=0)
    v = np.array([3.0, -4.0])
    estimate = sliced_wasserstein(x, x + v, p=p, n_projections=20_000, seed=0)
    assert estimate == pytest.approx(5.0 * factor, rel=0.01)


def test_on_a_line_it_is_w_p():
    u, v = np.random.default_rng(0).standard_normal((2, 30))
    for p in (1, 2):
        value = sliced_wasserstein(u, v + 0.3, p=p, n_projections=3, seed=0)  # directions are +-1
        assert value == pytest.approx(wasserstein_1d(u, v + 0.3, p=p), rel=1e-12)


@given(seed=st.integers(0, 10_000), p=st.sampled_from([1, 2]))
def test_never_above_w_p_and_zero_on_equal_inputs(seed, p):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((12, 2)), rng.standard_normal((9, 2))
    assert sliced_wasserstein(x, y, p=p, seed=seed) <= emd(x, y, p=p).distance + 1e-12
    assert sliced_wasserstein(x, x, p=p, seed=seed) == 0.0


def test_counts_give_the_distance_of_the_probabilities():
    x, y = toy.sample("moons", 6, seed=0), toy.sample("gaussian", 4, seed=1)
    a, b = np.arange(1.0, 7.0), np.full(4, 21 / 4)
    assert sliced_wasserstein(x, y, a, b, seed=0) == pytest.approx(
        sliced_wasserstein(x, y, a / 21, b / 21, seed=0)
    )


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_projections": 0}, ValueError, "`n_projections` an integer >= 1, got 0"),
        ({"n_projections": 2.5}, ValueError, "`n_projections` an integer >= 1"),
        ({"p": 0.5}, ValueError, "exponent p >= 1"),
        ({"seed": "zero"}, TypeError, "`seed` an int >= 0"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match="^sliced_wasserstein: ") as info:
        sliced_wasserstein([[0.0, 0.0]], [[1.0, 1.0]], **kwargs)
    assert message in str(info.value)


def test_bad_points():
    with pytest.raises(ValueError, match="^sliced_wasserstein: finite values in `x`"):
        sliced_wasserstein([[np.nan, 0.0]], [[1.0, 1.0]])
    with pytest.raises(ValueError, match="^sliced_wasserstein: equal total mass"):
        sliced_wasserstein([[0.0, 0.0]], [[1.0, 1.0]], [1.0], [2.0])
