"""The one helper every plot module shares."""

from __future__ import annotations

import matplotlib.pyplot as plt


def axes_or_new(ax, figsize=None):
    """``ax`` itself, or the Axes of a new figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax
