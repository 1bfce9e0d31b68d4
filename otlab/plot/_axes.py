"""The helpers plot modules share: an Axes to draw on, and an artist found by its gid."""

from __future__ import annotations

import matplotlib.pyplot as plt

from otlab._validation import fail


def axes_or_new(ax, figsize=None):
    """``ax`` itself, or the Axes of a new figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def tagged(ax, gid: str):
    """The line, collection or image drawn on ``ax`` with ``gid`` (what an ``update_`` moves)."""
    for artist in [*ax.lines, *ax.collections, *ax.images]:
        if artist.get_gid() == gid:
            return artist
    return fail(
        "update",
        f"an artist with gid {gid!r} on the Axes",
        "none",
        "draw with the matching plot_ function first",
    )
