"""The helpers plot modules share: an Axes to draw on, and an artist found by its gid."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from otlab._validation import describe, fail


def check_axes(func: str, ax) -> Axes:
    """``ax`` itself when it is a matplotlib Axes; anything else is refused (TypeError)."""
    if not isinstance(ax, Axes):
        fail(
            func,
            "`ax` a matplotlib Axes",
            describe(ax),
            "pass an Axes from plt.subplots(), or leave ax=None for a new figure",
            kind=TypeError,
        )
    return ax


def axes_or_new(ax, figsize=None, *, func: str = "plot"):
    """``ax`` itself (checked), or the Axes of a new figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
        return ax
    return check_axes(func, ax)


def tagged(ax, gid: str, *, func: str = "update"):
    """The line, collection or image drawn on ``ax`` with ``gid`` (what an ``update_`` moves)."""
    check_axes(func, ax)
    for artist in [*ax.lines, *ax.collections, *ax.images]:
        if artist.get_gid() == gid:
            return artist
    return fail(
        func,
        f"an Axes with an artist tagged {gid!r}",
        "an Axes without one",
        "draw on it with the matching plot_ function first",
    )
