"""otlab.exact.piles: the dirt-pile example, its moves, peers and every bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from otlab import emd, piles_emd

P, Q = [3, 2, 1, 4], [1, 2, 4, 3]


def apply_moves(p, moves):
    """The piles after each move, in order (the animation a notebook shows)."""
    piles = np.asarray(p, dtype=float).copy()
    states = [piles.copy()]
    for src, dst, amount in moves:
        piles[src] -= amount
        piles[dst] += amount
        states.append(piles.copy())
    return states


def test_the_four_piles():
    r = piles_emd(P, Q)
    assert r.cost == 5.0
    assert r.distance == 0.5  # 5 units of work for 10 units of dirt
    assert r.carried.tolist() == [2.0, 2.0, -1.0, 0.0]
    assert r.positions.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_the_moves_turn_p_into_q_in_order():
    r = piles_emd(P, Q)
    states = apply_moves(P, r.moves)
    assert states[-1].tolist() == [float(v) for v in Q]
    assert all(np.all(s >= 0) for s in states)  # no pile ever goes negative
    assert sum(amount * abs(dst - src) for src, dst, amount in r.moves) == r.cost
    assert all(src != dst and amount > 0 for src, dst, amount in r.moves)


def test_plan_has_the_right_marginals_and_cost():
    r = piles_emd(P, Q, positions=[0.0, 0.5, 2.0, 5.0])
    assert np.allclose(r.plan.sum(axis=1), P) and np.allclose(r.plan.sum(axis=0), Q)
    assert np.all(r.plan >= 0)
    cost_matrix = np.abs(r.positions[:, None] - r.positions[None, :])
    assert np.sum(r.plan * cost_matrix) == pytest.approx(r.cost, rel=1e-12)
    # |d_k| times each gap: 2 * 0.5 + 2 * 1.5 + 1 * 3
    assert r.cost == pytest.approx(7.0, rel=1e-12)


def test_point_masses_cost_the_distance():
    r = piles_emd([2, 0, 0], [0, 0, 2], positions=[-1.0, 0.5, 6.0])
    assert r.cost == pytest.approx(14.0) and r.distance == pytest.approx(7.0)
    assert r.moves == [(0, 2, 2.0)]


def test_equal_piles_cost_nothing():
    r = piles_emd(P, P)
    assert r.cost == 0.0 and r.moves == [] and np.all(r.carried == 0)


histograms = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 6), min_size=n, max_size=n).filter(lambda h: sum(h) > 0),
        st.permutations(list(range(n))),
    )
)


@given(histograms)
def test_matches_scipy_and_emd_on_random_piles(case):
    p, perm = case
    q = [p[i] for i in perm]  # same total, different arrangement
    positions = np.cumsum(np.arange(1, len(p) + 1) ** 0.5)  # uneven gaps
    r = piles_emd(p, q, positions=positions)
    reference = stats.wasserstein_distance(positions, positions, p, q)
    assert r.distance == pytest.approx(reference, rel=1e-9, abs=1e-12)
    assert r.cost == pytest.approx(emd(positions, positions, p, q).cost, rel=1e-9, abs=1e-12)
    assert np.allclose(apply_moves(p, r.moves)[-1], q)


def test_fractional_masses():
    r = piles_emd([0.1, 0.2, 0.7], [0.3, 0.3, 0.4])
    assert r.cost == pytest.approx(0.2 + 0.3)
    assert np.allclose(apply_moves(r.p, r.moves)[-1], r.q)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(p=[[3, 2], [1, 4]], q=Q), ValueError, "`p` as a non-empty 1-D histogram"),
        (dict(p=[], q=[]), ValueError, "`p` as a non-empty 1-D histogram"),
        (dict(p=[3, np.nan, 1, 4], q=Q), ValueError, "finite values in `p`, got 1 NaN or inf"),
        (dict(p=P, q=[1, 2, np.inf, 3]), ValueError, "finite values in `q`"),
        (dict(p=[3, 2, -1, 6], q=Q), ValueError, "non-negative masses in `p`, got minimum -1"),
        (dict(p=[0, 0, 0, 0], q=[0, 0, 0, 0]), ValueError, "a positive total mass in `p`"),
        (dict(p=P, q=[1, 2, 4]), ValueError, "`q` with one weight per point (4 values)"),
        (dict(p=P, q=[1, 2, 4, 4]), ValueError, "sum(p) = 10 and sum(q) = 11"),
        (dict(p="3214", q=Q), TypeError, "`p` as an array of numbers"),
        (dict(p=P, q=None), ValueError, "sum(p) = 10 and sum(q) = 1"),
        (dict(p=P, q=Q, positions=[0, 1, 2]), ValueError, "one location per pile (4 values)"),
        (dict(p=P, q=Q, positions=[0, 2, 1, 3]), ValueError, "strictly increasing"),
        (dict(p=P, q=Q, positions=[0, 1, 1, 3]), ValueError, "strictly increasing"),
        (dict(p=P, q=Q, positions=[0, 1, np.nan, 3]), ValueError, "finite `positions`"),
        (dict(p=P, q=Q, positions="abcd"), TypeError, "`positions` as an array of numbers"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match="^piles_emd: ") as info:
        piles_emd(**kwargs)
    assert message in str(info.value)


def test_after_and_work_replay_the_moves():
    r = piles_emd(P, Q, positions=[0.0, 1.0, 3.0, 4.0])
    states = apply_moves(P, r.moves)
    for step, state in enumerate(states):
        assert np.array_equal(r.after(step), state)
    assert r.after(0).tolist() == [3.0, 2.0, 1.0, 4.0] and np.allclose(r.after(len(r.moves)), Q)
    assert [r.work(k) for k in range(len(r.moves) + 1)] == [0.0, 2.0, 6.0, 7.0]
    assert r.work(len(r.moves)) == pytest.approx(r.cost)


@pytest.mark.parametrize("method", ["after", "work"])
@pytest.mark.parametrize("step, message", [(-1, "an integer >= 0"), (4, "between 0 and 3")])
def test_bad_step(method, step, message):
    with pytest.raises(ValueError, match=f"^PilesResult.{method}: `step`") as info:
        getattr(piles_emd(P, Q), method)(step)
    assert message in str(info.value)
