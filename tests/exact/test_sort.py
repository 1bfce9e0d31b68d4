"""otlab.exact._sort: the packed-key argsort must agree with numpy on every kind of input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from otlab.exact._sort import sort_with_order


def check(values):
    ordered, order = sort_with_order(values)
    assert np.array_equal(np.sort(order), np.arange(values.size))  # a permutation
    assert np.array_equal(values[order], ordered)
    assert np.array_equal(ordered, np.sort(values))


@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(allow_nan=False)))
def test_any_finite_or_infinite_floats(values):
    check(values)


@given(st.integers(1, 2000), st.integers(0, 2**32))
def test_values_that_differ_only_in_their_last_bits(n, seed):
    # 1 + k * 2^-52: keys agree above the index bits, the exact re-sort must kick in.
    rng = np.random.default_rng(seed)
    check(1.0 + rng.integers(0, 2**12, n) * np.finfo(float).eps)


def test_signed_zeros_ties_and_mixed_signs():
    check(np.array([0.0, -0.0, 3.0, -3.0, 0.0, -1e-300, 1e-300, -np.inf, np.inf, 3.0]))


@pytest.mark.parametrize("n", [1, 2, 1000, 300_000])
def test_random_normals(n):
    check(np.random.default_rng(n).standard_normal(n))
