"""Plots for the witnesses of the theta family: W1's potential, the MMD witness, JS's D*."""

from __future__ import annotations

import numpy as np

from otlab._validation import check_choice
from otlab.plot._axes import axes_or_new
from otlab.plot._checks import as_positive, as_result, as_values, public

__all__ = ["WITNESS_COLORS", "plot_theta_values", "plot_witness"]

WITNESS_COLORS = {"w1": "tab:green", "mmd": "tab:purple", "js": "tab:blue"}
_WITNESS_LABELS = {
    "w1": "W1: Kantorovich potential f",
    "mmd": "MMD: kernel witness h",
    "js": "JS: optimal discriminator D*",
}


@public
def plot_witness(witnesses, which: str, *, ax=None):
    """One witness of the theta family along the line y = 0.5, with P's and Q's positions.

    Parameters
    ----------
    witnesses : ThetaWitnesses
        From :func:`otlab.witnesses.theta_witnesses`.
    which : {"w1", "mmd", "js"}
    ax : matplotlib Axes, optional

    gids: ``which`` (the curve), ``"P"`` and ``"Q"`` (the vertical markers).
    """
    func = "plot_witness"
    as_result(
        func, "witnesses", witnesses, "otlab.witnesses.ThetaWitnesses", "otlab.theta_witnesses"
    )
    check_choice(func, "which", which, tuple(_WITNESS_LABELS))
    ax = axes_or_new(ax, (4.0, 3.0))
    values = getattr(witnesses, which)
    style = {"drawstyle": "steps-mid"} if which == "js" else {}
    ax.plot(witnesses.s, values, color=WITNESS_COLORS[which], lw=2, gid=which, **style)
    ax.axvline(0.0, color="0.25", lw=1, ls=":", gid="P")
    ax.axvline(witnesses.theta, color="tab:cyan", lw=1, ls=":", gid="Q")
    value = {"w1": witnesses.w1_value, "mmd": witnesses.mmd_value, "js": witnesses.js_value}[which]
    name = {"w1": "W1", "mmd": "MMD", "js": "JS"}[which]
    ax.set_title(f"{_WITNESS_LABELS[which]}\n{name} = {value:.3f}", fontsize="medium")
    ax.set_xlabel("horizontal position s (P at 0, Q at theta)")
    return ax


@public
def plot_theta_values(thetas, *, bandwidth: float, ax=None):
    """W1 = |theta|, the MMD (closed form) and JS against theta for the theta family.

    gids: ``"w1"``, ``"mmd"``, ``"js"``.
    """
    from otlab.divergences.discrete import LOG2
    from otlab.witnesses import theta_mmd

    thetas = as_values("plot_theta_values", "thetas", thetas)
    bandwidth = as_positive("plot_theta_values", "bandwidth", bandwidth)
    ax = axes_or_new(ax, (4.0, 3.0))
    ax.plot(
        thetas, np.abs(thetas), color=WITNESS_COLORS["w1"], lw=2, label="W1 = |theta|", gid="w1"
    )
    ax.plot(
        thetas,
        theta_mmd(thetas, bandwidth=bandwidth),
        color=WITNESS_COLORS["mmd"],
        lw=2,
        label=f"MMD (sigma = {bandwidth:g})",
        gid="mmd",
    )
    ax.plot(
        thetas,
        np.where(thetas == 0, 0.0, LOG2),
        color=WITNESS_COLORS["js"],
        lw=2,
        label="JS = log 2",
        gid="js",
    )
    ax.set_xlabel("theta")
    ax.set_ylabel("value certified by the witness")
    ax.legend(fontsize="small", frameon=False)
    return ax
