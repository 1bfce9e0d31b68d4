"""Solver timings against problem size, on log-log axes."""

from __future__ import annotations

import numpy as np

from otlab._validation import as_float_array, fail
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import as_mapping, as_values, public

__all__ = ["plot_timings"]


@public
def plot_timings(sizes, times: dict, *, ax=None):
    """Seconds against problem size on log-log axes, one line per solver, slopes in the legend.

    gids: each key of ``times``.

    Parameters
    ----------
    sizes : (k,) array_like
        Points per side.
    times : dict of str -> (k,) array_like
        Seconds per solver (NaN where a solver was not run).
    ax : matplotlib Axes, optional
    """
    func = "plot_timings"
    sizes = as_values(func, "sizes", sizes)
    times = as_mapping(func, "times", times, "{'emd': [0.01, 0.1]}")
    ax = axes_or_new(ax, (5.0, 3.6))
    for name, seconds in times.items():
        seconds = as_float_array(func, f"times[{name!r}]", seconds)
        if seconds.shape != sizes.shape:
            fail(
                func,
                f"one time per size for {name!r}",
                f"shape {seconds.shape}",
                "time every size (NaN to skip)",
            )
        ok = np.isfinite(seconds) & (seconds > 0)
        slope = (
            np.polyfit(np.log(sizes[ok]), np.log(seconds[ok]), 1)[0] if ok.sum() >= 2 else np.nan
        )
        ax.plot(sizes[ok], seconds[ok], "o-", label=f"{name} (slope {slope:.1f})", gid=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sizes, [f"{size:g}" for size in sizes], minor=False)
    ax.set_xticks([], minor=True)
    ax.set_xlabel("points per side n")
    ax.set_ylabel("seconds")
    ax.legend(fontsize="small", frameon=False)
    return ax
