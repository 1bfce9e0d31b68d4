"""One rule for seeds: ints of any size, numpy and torch Generators, None; one message."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from otlab import toy
from otlab._seeding import numpy_rng, resolve_seed, spawn, torch_generator


@given(st.integers(min_value=0, max_value=2**200))
def test_any_non_negative_int_is_its_own_seed_and_repeats(seed):
    assert resolve_seed("f", seed) == seed
    a = torch.rand(3, generator=torch_generator("f", seed))
    b = torch.rand(3, generator=torch_generator("f", seed))
    torch.testing.assert_close(a, b)
    assert numpy_rng("f", seed).random() == numpy_rng("f", seed).random()


def test_small_ints_seed_torch_as_manual_seed_does():
    expected = torch.rand(4, generator=torch.Generator().manual_seed(123))
    torch.testing.assert_close(torch.rand(4, generator=torch_generator("f", 123)), expected)


def test_huge_ints_give_different_torch_streams():
    draws = {float(torch.rand(1, generator=torch_generator("f", 2**70 + k))) for k in range(5)}
    assert len(draws) == 5


def test_generators_give_the_int_they_draw_and_advance():
    rng = np.random.default_rng(7)
    first, second = resolve_seed("f", rng), resolve_seed("f", rng)
    assert first == int(np.random.default_rng(7).integers(2**63)) and first != second
    gen = torch.Generator().manual_seed(7)
    assert resolve_seed("f", gen) == int(
        torch.randint(0, 2**62, (), generator=torch.Generator().manual_seed(7))
    )
    same = np.random.default_rng(3)
    assert numpy_rng("f", same) is same  # a numpy Generator is used as it is


def test_none_is_fresh_entropy_and_leaves_global_state_alone():
    state = np.random.get_state()[1].copy()  # noqa: NPY002 (checking the legacy state)
    torch_state = torch.get_rng_state().clone()
    assert resolve_seed("f", None) != resolve_seed("f", None)
    torch.rand(2, generator=torch_generator("f", None))
    assert np.array_equal(np.random.get_state()[1], state)  # noqa: NPY002
    assert torch.equal(torch.get_rng_state(), torch_state)


@pytest.mark.parametrize(
    ("seed", "kind", "text"),
    [
        (-1, ValueError, "f: `seed` >= 0, got -1; pass a non-negative int"),
        (1.5, TypeError, "f: `seed` an int >= 0, a numpy.random.Generator, a torch.Generator"),
        (True, TypeError, "f: `seed` an int >= 0"),
        ("0", TypeError, "f: `seed` an int >= 0"),
    ],
)
def test_bad_seeds_get_one_message(seed, kind, text):
    with pytest.raises(kind, match="^" + text.replace("(", r"\(")):
        resolve_seed("f", seed)


def test_spawn_gives_distinct_repeatable_children():
    children = spawn("f", 5, 3)
    assert children == spawn("f", 5, 3) and len(set(children)) == 3
    assert all(0 <= c < 2**63 for c in children)


def test_the_toy_samplers_follow_the_rule():
    a = toy.sample("ring", 5, seed=2**100)
    np.testing.assert_array_equal(a, toy.sample("ring", 5, seed=2**100))
    gen = torch.Generator().manual_seed(1)
    b = toy.sample("ring", 5, seed=gen)
    np.testing.assert_array_equal(
        b, toy.sample("ring", 5, seed=resolve_seed("f", torch.Generator().manual_seed(1)))
    )
