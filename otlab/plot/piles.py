"""Plots for dirt piles on a line: the two histograms, the running surplus, the moves.

Artists carry a ``gid`` (every bar of a bar chart carries its chart's), listed in each
function's docstring. ``update_carried`` and ``update_move`` move what ``plot_carried`` and
``plot_move`` drew to a new result, in place: an app draws once and then only updates.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyArrowPatch

from otlab._validation import as_float_array, check_finite, describe, fail
from otlab.exact import PilesResult
from otlab.plot._axes import axes_or_new, check_axes
from otlab.plot._checks import as_result, public

__all__ = [
    "PILE_COLORS",
    "plot_carried",
    "plot_move",
    "plot_piles",
    "update_carried",
    "update_move",
]

# The dirt to move and the piles to build, everywhere in the course.
PILE_COLORS = {"P": "#8c6d31", "Q": "tab:blue", "right": "tab:green", "left": "tab:red"}


def _axes(ax, figsize=(5.0, 3.2)):
    return axes_or_new(ax, figsize)


def _heights(func: str, name: str, value, n: int | None = None) -> np.ndarray:
    """Finite, non-negative pile heights (a total of 0 is fine to draw)."""
    arr = check_finite(func, name, as_float_array(func, name, value))
    if arr.ndim != 1 or arr.size == 0 or (n is not None and arr.size != n):
        expected = "a non-empty 1-D histogram" if n is None else f"{n} pile heights"
        fail(func, f"`{name}` as {expected}", describe(arr), "pass one height per pile")
    if np.any(arr < 0):
        fail(func, f"non-negative heights in `{name}`", f"minimum {arr.min():g}", "drop the sign")
    if not arr.sum() > 0:
        fail(
            func,
            f"some dirt in `{name}`",
            "total 0",
            f"give at least one pile of `{name}` a height",
        )
    return arr


def _positions(func: str, value, n: int) -> np.ndarray:
    t = check_finite(func, "positions", as_float_array(func, "positions", value))
    if t.shape != (n,) or np.any(np.diff(t) <= 0):
        fail(
            func,
            f"{n} strictly increasing `positions`",
            describe(t),
            "give one position per pile, sorted",
        )
    return t


def _width(positions: np.ndarray) -> float:
    return 0.8 * float(np.diff(positions).min()) if positions.size > 1 else 0.8


def _result(func: str, result) -> PilesResult:
    return as_result(func, "result", result, "otlab.exact.piles.PilesResult", "otlab.piles_emd")


@public
def plot_piles(p, q, positions=None, *, labels=("P", "Q"), ax=None, **kwargs):
    """Draw two histograms on a line as bars side by side: the dirt P and the piles Q to build.

    Totals need not match (an editor shows the piles while a student fixes them).

    gids: ``"P"`` and ``"Q"`` on their bars; the two ``BarContainer`` objects are
    ``ax.containers[0]`` and ``[1]`` (update their bars with ``set_height``).

    Parameters
    ----------
    p, q : (n,) array_like
        Non-negative pile heights.
    positions : (n,) array_like, optional
        Increasing pile locations; default ``0, 1, ..., n-1``.
    labels : (str, str)
        Legend entries.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to both ``ax.bar`` calls (e.g. ``alpha=0.8``).
    """
    func = "plot_piles"
    p = _heights(func, "p", p)
    q = _heights(func, "q", q, p.size)
    t = np.arange(p.size, dtype=float) if positions is None else _positions(func, positions, p.size)
    ax = _axes(ax)
    w = _width(t) / 2
    ax.bar(t - w / 2, p, w, color=PILE_COLORS["P"], label=labels[0], gid="P", **kwargs)
    ax.bar(t + w / 2, q, w, color=PILE_COLORS["Q"], label=labels[1], gid="Q", **kwargs)
    ax.set_xticks(t)
    ax.set_xlabel("position (distance units)")
    ax.set_ylabel("mass (dirt units)")
    ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_carried(result: PilesResult, *, labels: bool | None = None, ax=None, **kwargs):
    """Draw the running surplus: the mass that crosses each gap between neighbouring piles.

    A bar per gap, its height the signed surplus ``carried[k]`` (green: carried to the right,
    red: to the left), labelled with an arrow. The cost is the sum of |bar| x gap width.

    gids: ``"carried"`` (the bars), ``"carried-label"`` (their labels), ``"zero"`` (the zero
    line). :func:`update_carried` moves them to another result with the same piles.

    Parameters
    ----------
    result : PilesResult
        From :func:`otlab.piles_emd`.
    labels : bool, optional
        Write the amount on each bar; by default only when there are at most 12 gaps.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.bar``.
    """
    result = _result("plot_carried", result)
    if labels is None:
        labels = result.positions.size <= 13
    ax = _axes(ax)
    t = result.positions
    middle = (t[:-1] + t[1:]) / 2
    ax.bar(middle, np.zeros(middle.size), 0.5 * np.diff(t), gid="carried", **kwargs)
    for x in middle if labels else []:
        ax.annotate(
            "",
            (x, 0.0),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize="small",
            gid="carried-label",
        )
    ax.axhline(0.0, color="0.5", lw=0.8, gid="zero")
    ax.set_xticks(t)
    ax.set_xlabel("position (distance units)")
    ax.set_ylabel("mass across the gap (+ = rightwards)")
    update_carried(ax, result)
    return ax


@public
def update_carried(ax, result: PilesResult) -> None:
    """Move the artists :func:`plot_carried` drew on ``ax`` to ``result`` (same piles)."""
    check_axes("update_carried", ax)
    result = _result("update_carried", result)
    carried = result.carried[:-1]
    for bar, c in zip(_tagged(ax, "carried"), carried, strict=True):
        bar.set_height(c)
        bar.set_color(PILE_COLORS["right" if c >= 0 else "left"])
    labels = _tagged(ax, "carried-label")  # empty when plot_carried drew no labels
    for label, c in zip(labels, carried if labels else [], strict=True):
        label.set_text("" if c == 0 else f"{c:g} →" if c > 0 else f"← {-c:g}")
        label.xy = (label.xy[0], c)
        label.xyann = (0, 3 if c >= 0 else -3)
        label.set_va("bottom" if c >= 0 else "top")
    low, high = min(0.0, carried.min(initial=0.0)), max(0.0, carried.max(initial=0.0))
    pad = 0.25 * ((high - low) or 1.0)
    ax.set_ylim(low - pad, high + pad)
    # W1 first: with counts as masses the raw cost scales with the number of points.
    ax.set_title(
        f"W1 = {result.distance:.3g} = cost {result.cost:g} / mass {result.p.sum():g}",
        fontsize="medium",
    )


@public
def plot_move(result: PilesResult, step: int, *, ax=None):
    """Draw the piles after ``step`` of the moves, with the last move made as an arrow.

    ``step=0`` shows P; ``step=len(result.moves)`` shows Q. The piles to build are outlined.

    gids: ``"piles"`` (current heights), ``"target"`` (the outline of Q), ``"move"`` (the
    arrow of move ``step``, hidden at step 0) and ``"amount"`` (its label).
    :func:`update_move` moves them to another step or result with the same piles.

    Parameters
    ----------
    result : PilesResult
        From :func:`otlab.piles_emd`.
    step : int
        How many moves are made, ``0 <= step <= len(result.moves)``.
    ax : matplotlib Axes, optional
    """
    result = _result("plot_move", result)
    result.after(step)  # validates step before anything is drawn
    ax = _axes(ax)
    t = result.positions
    w, zeros = _width(t), np.zeros(t.size)
    ax.bar(t, zeros, w, color=PILE_COLORS["P"], alpha=0.85, gid="piles")
    ax.bar(t, zeros, w, fill=False, edgecolor=PILE_COLORS["Q"], lw=1.5, ls="--", gid="target")
    ax.add_patch(
        FancyArrowPatch(
            (0, 0),
            (0, 0),
            arrowstyle="-|>",
            mutation_scale=14,
            lw=1.5,
            color="black",
            connectionstyle="arc3,rad=-0.3",
            gid="move",
        )
    )
    ax.annotate(
        "",
        (0, 0),
        xytext=(0, 8),
        textcoords="offset points",
        ha="center",
        fontsize="small",
        gid="amount",
    )
    ax.set_xticks(t)
    ax.set_xlabel("position (distance units)")
    ax.set_ylabel("mass (dirt units)")
    update_move(ax, result, step)
    return ax


@public
def update_move(ax, result: PilesResult, step: int) -> None:
    """Move the artists :func:`plot_move` drew on ``ax`` to ``step`` of ``result``."""
    check_axes("update_move", ax)
    result = _result("update_move", result)
    heights = result.after(step)
    for bars, values in (("piles", heights), ("target", result.q)):
        for bar, value in zip(_tagged(ax, bars), values, strict=True):
            bar.set_height(value)
    (arrow,), (amount,) = _tagged(ax, "move"), _tagged(ax, "amount")
    arrow.set_visible(step > 0)
    amount.set_visible(step > 0)
    if step > 0:
        src, dst, mass = result.moves[step - 1]
        t = result.positions
        # From where the dirt was (above the source pile) to the top of the destination pile.
        start, end = (t[src], heights[src] + mass), (t[dst], heights[dst])
        arrow.set_positions(start, end)
        arrow.set_connectionstyle("arc3", rad=-0.3 if dst > src else 0.3)  # arc over the piles
        amount.set_text(f"{mass:g}")
        amount.xy = ((start[0] + end[0]) / 2, max(start[1], end[1]))
    # The same limits at every step (the tallest pile any step builds), so that stepping
    # through the moves only moves bars and arrow: an app can keep the axes as a still image.
    tallest = max(float(result.after(k).max()) for k in range(len(result.moves) + 1))
    ax.set_ylim(0, 1.35 * max(tallest, 1e-12))
    ax.set_title(
        f"after {step} of {len(result.moves)} moves: work {result.work(step):g} of {result.cost:g}",
        fontsize="medium",
    )


def _tagged(ax, gid: str) -> list:
    """The patches and texts on ``ax`` with this gid, in drawing order."""
    return [a for a in [*ax.patches, *ax.texts] if a.get_gid() == gid]
