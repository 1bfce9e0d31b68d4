"""Plots that diagnose a WGAN critic: gradient norms during training and per layer, |grad f|
along the optimal plan's segments, and the weights that clipping bounds.

torch is never imported here: fits carry numpy arrays (see :mod:`otlab.plot.critics`).
"""

from __future__ import annotations

import numpy as np

from otlab._validation import as_float_array, check_finite, describe, fail
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import MAX_GRID, as_positive, as_result, count, public
from otlab.plot.critics import CRITIC_COLORS, _check_fit

__all__ = [
    "plot_gradient_norm_history",
    "plot_layer_gradient_norms",
    "plot_segment_gradients",
    "plot_weight_histogram",
]


def _axes(ax, figsize=(5.0, 3.5)):
    return axes_or_new(ax, figsize)


@public
def plot_gradient_norm_history(fit, *, ax=None, label: str | None = None, **kwargs):
    """Mean |grad f| at the penalty points per step, with a band from min to max (log scale).

    gids: ``"mean"``, ``"band"``.
    """
    _check_fit("plot_gradient_norm_history", fit)
    history = fit.history
    ax = _axes(ax, figsize=(5.0, 3.5))
    (line,) = ax.plot(history.steps, history.grad_norm_mean, label=label, gid="mean", **kwargs)
    ax.fill_between(
        history.steps,
        history.grad_norm_min,
        history.grad_norm_max,
        color=line.get_color(),
        alpha=0.15,
        lw=0,
        gid="band",
    )
    ax.axhline(1.0, color=CRITIC_COLORS["exact"], ls=":", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("|grad f| at interpolates")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_weight_histogram(weights, *, clip: float | None = None, bins: int = 60, ax=None, **kwargs):
    """Histogram of a critic's weights, with the clipping bounds +-c marked.

    gids: ``"weights"``, ``"bounds"``.

    Parameters
    ----------
    weights : array_like
        E.g. ``otlab.critics.critic_weights(fit)``.
    clip : float, optional
        Draw dashed lines at +-clip.
    bins : int
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.hist`` (e.g. ``label=...``).
    """
    func = "plot_weight_histogram"
    weights = check_finite(func, "weights", as_float_array(func, "weights", weights))
    if weights.ndim != 1 or weights.size == 0:
        fail(func, "some weights as a 1-D array", describe(weights), "pass critic_weights(fit)")
    clip = None if clip is None else as_positive(func, "clip", clip)
    bins = count(func, "bins", bins, maximum=MAX_GRID)
    ax = _axes(ax, figsize=(5.0, 3.5))
    kwargs.setdefault("color", CRITIC_COLORS["critic"])
    kwargs.setdefault("alpha", 0.7)
    ax.hist(weights, bins=bins, gid="weights", **kwargs)
    if clip is not None:
        for bound in (-clip, clip):
            ax.axvline(bound, color=CRITIC_COLORS["exact"], ls="--", lw=0.8, gid="bounds")
    ax.set_xlabel("weight value")
    ax.set_ylabel("number of weights")
    return ax


@public
def plot_layer_gradient_norms(norms, *, label: str | None = None, ax=None, **kwargs):
    """Gradient norm reaching each layer (log scale), input layer first; zeros leave a gap.

    gids: ``"norms"``.

    Parameters
    ----------
    norms : (depth + 1,) array_like
        E.g. ``otlab.critics.layer_gradient_norms(fit)``.
    label : str, optional
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot``.
    """
    func = "plot_layer_gradient_norms"
    norms = check_finite(func, "norms", as_float_array(func, "norms", norms))
    if norms.ndim != 1 or norms.size == 0 or np.any(norms < 0):
        fail(
            func,
            "a 1-D array of non-negative norms",
            describe(norms),
            "pass layer_gradient_norms(fit)",
        )
    ax = _axes(ax, figsize=(5.0, 3.5))
    shown = np.where(norms > 0, norms, np.nan)  # an exact zero (dead units) has no log: a gap
    ax.plot(np.arange(norms.size), shown, "o-", label=label, gid="norms", **kwargs)
    ax.set_yscale("log")
    ax.set_xlabel("layer (0 = input)")
    ax.set_ylabel("mean |df / d(layer input)|")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax


@public
def plot_segment_gradients(
    along, *, band: tuple[float, float] = (0.1, 0.9), label: str | None = None, ax=None, **kwargs
):
    """|grad f| along the optimal plan's segments: the mass-weighted mean against the position
    t (0 at the generated point, 1 at the real one), with a band between two quantiles, on a
    log scale. The exact potential has slope 1 all along (dotted line).

    gids: ``"mean"``, ``"band"``, ``"unit"``.

    Parameters
    ----------
    along : SegmentGradients
        From :func:`otlab.critics.segment_gradients`.
    band : (float, float)
        Quantiles (mass-weighted, over the segments) that bound the shaded band.
    label : str, optional
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the mean (e.g. ``color``).
    """
    func = "plot_segment_gradients"
    as_result(
        func,
        "along",
        along,
        "otlab.critics.diagnostics.SegmentGradients",
        "otlab.critics.segment_gradients",
    )
    low, high = band if np.shape(band) == (2,) else (np.nan, np.nan)
    if not 0 <= low <= high <= 1:
        fail(func, "`band` two quantiles 0 <= low <= high <= 1", describe(band), "pass (0.1, 0.9)")
    ax = _axes(ax, figsize=(5.0, 3.5))
    (line,) = ax.plot(along.t, along.mean, "o-", ms=3, label=label, gid="mean", **kwargs)
    ax.fill_between(
        along.t,
        along.quantile(low),
        along.quantile(high),
        color=line.get_color(),
        alpha=0.15,
        lw=0,
        gid="band",
    )
    ax.axhline(1.0, color=CRITIC_COLORS["exact"], ls=":", lw=0.8, gid="unit")
    ax.set_yscale("log")
    ax.set_xlim(0, 1)
    ax.set_xlabel("position t along the segment (0 = generated point, 1 = real point)")
    ax.set_ylabel("|grad f| (the exact potential: 1)")
    if label:
        ax.legend(fontsize="small", frameon=False)
    return ax
