"""Dirt piles on a line: the earth mover's distance by the running surplus.

On a line the optimal plan never crosses itself, so the mass that must cross the gap
between pile k and pile k+1 is simply the running surplus ``sum_{i<=k} (p_i - q_i)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import (
    as_float_array,
    as_weights,
    check_positive_int,
    check_same_mass,
    describe,
    fail,
)

_FUNC = "piles_emd"


@dataclass(frozen=True, eq=False)
class PilesResult:
    """Earth mover's transport between two histograms on a line.

    Attributes
    ----------
    positions : (n,) array, where the piles stand.
    p, q : (n,) arrays, the starting piles and the piles to build.
    carried : (n,) array, the running surplus after each pile: the mass that crosses the gap
        to its right (positive = moves right, negative = moves left). The last entry is 0.
    moves : list of (src, dst, amount), an order of moves that turns ``p`` into ``q``.
    plan : (n, n) array, ``plan[i, j]`` is the mass moved from pile i to pile j.
    cost : float, total mass x distance, in the units given.

    ``after(step)`` and ``work(step)`` replay the first ``step`` moves (for animations).
    """

    positions: np.ndarray
    p: np.ndarray
    q: np.ndarray
    carried: np.ndarray
    moves: list[tuple[int, int, float]]
    plan: np.ndarray
    cost: float

    @property
    def distance(self) -> float:
        """W1 between the normalised histograms: cost per unit of mass."""
        return self.cost / float(self.p.sum())

    def after(self, step: int) -> np.ndarray:
        """(n,) pile heights once the first ``step`` moves are made: ``p`` at 0, ``q`` at the end.

        Examples
        --------
        >>> piles_emd([3, 2, 1, 4], [1, 2, 4, 3]).after(1).tolist()
        [1.0, 4.0, 1.0, 4.0]
        """
        piles = self.p.copy()
        for src, dst, amount in self.moves[: self._step("PilesResult.after", step)]:
            piles[src] -= amount
            piles[dst] += amount
        return piles

    def work(self, step: int) -> float:
        """Mass x distance spent by the first ``step`` moves; ``work(len(moves)) == cost``."""
        t, moves = self.positions, self.moves[: self._step("PilesResult.work", step)]
        return float(sum(amount * abs(t[dst] - t[src]) for src, dst, amount in moves))

    def _step(self, func: str, step) -> int:
        step = check_positive_int(func, "step", step, minimum=0)
        if step > len(self.moves):
            fail(
                func,
                f"`step` between 0 and {len(self.moves)} (the number of moves)",
                str(step),
                "pass a smaller step; after the last move the piles are q",
            )
        return step


def piles_emd(p, q, positions=None) -> PilesResult:
    r"""Earth mover's distance between two histograms on a line, with the moves that realise it.

    .. math::
        \mathrm{cost} = \sum_{k=1}^{n-1} |d_k|\,(t_{k+1} - t_k), \qquad
        d_k = \sum_{i \le k} (p_i - q_i)

    Parameters
    ----------
    p, q : (n,) array_like
        Masses of the piles (counts or probabilities); both totals must match.
    positions : (n,) array_like, optional
        Strictly increasing locations of the piles; default ``0, 1, ..., n-1``.

    Returns
    -------
    PilesResult

    Examples
    --------
    >>> r = piles_emd([3, 2, 1, 4], [1, 2, 4, 3])
    >>> r.cost, r.carried.tolist()
    (5.0, [2.0, 2.0, -1.0, 0.0])
    >>> r.moves
    [(0, 1, 2.0), (1, 2, 2.0), (3, 2, 1.0)]

    References
    ----------
    Villani, *Topics in Optimal Transportation* (2003), ch. 2 (transport on the real line).
    """
    p_arr = as_float_array(_FUNC, "p", p)
    if p_arr.ndim != 1 or p_arr.size == 0:
        fail(
            _FUNC,
            "`p` as a non-empty 1-D histogram",
            describe(p_arr),
            "pass the pile heights as a list such as [3, 2, 1, 4]",
        )
    n = p_arr.shape[0]
    p_arr = as_weights(_FUNC, "p", p, n)
    q_arr = as_weights(_FUNC, "q", q, n)
    check_same_mass(_FUNC, p_arr, q_arr, names=("p", "q"))
    t = _positions(positions, n)

    carried = np.cumsum(p_arr - q_arr)
    carried[-1] = 0.0  # equal totals: remove round-off so nothing crosses past the last pile
    cost = float(np.sum(np.abs(carried[:-1]) * np.diff(t)))
    plan = _monotone_plan(p_arr, q_arr)
    moves = [
        (int(i), int(j), float(plan[i, j]))
        for i, j in zip(*np.nonzero(plan), strict=True)
        if i != j
    ]
    return PilesResult(t, p_arr, q_arr, carried, moves, plan, cost)


def _positions(positions, n: int) -> np.ndarray:
    if positions is None:
        return np.arange(n, dtype=float)
    t = as_float_array(_FUNC, "positions", positions)
    if t.shape != (n,):
        fail(
            _FUNC,
            f"`positions` with one location per pile ({n} values)",
            f"shape {t.shape}",
            "give one position per pile",
        )
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        fail(
            _FUNC,
            "strictly increasing, finite `positions`",
            f"{t.tolist()}",
            "sort the piles by position and merge piles that share a location",
        )
    return t


def _monotone_plan(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The north-west corner plan: optimal on a line because it never crosses itself."""
    n = p.shape[0]
    plan = np.zeros((n, n))
    left_p, left_q = p.copy(), q.copy()
    i = j = 0
    tol = 1e-12 * float(p.sum())
    while i < n and j < n:
        amount = min(left_p[i], left_q[j])
        plan[i, j] += amount
        left_p[i] -= amount
        left_q[j] -= amount
        if left_p[i] <= tol:
            i += 1
        if left_q[j] <= tol:
            j += 1
    plan[np.abs(plan) <= tol] = 0.0
    return plan
