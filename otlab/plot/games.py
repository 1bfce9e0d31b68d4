"""Plots for the toy games of GAN training: the bilinear game and the Dirac-GAN.

Each ``plot_`` draws on one Axes (a new figure when ``ax`` is None) and returns it; its
``update_`` twin moves what it drew to another result. Results come from :mod:`otlab.gan`.
"""

from __future__ import annotations

import numpy as np

from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import as_result, as_results, public

__all__ = [
    "plot_bilinear",
    "plot_dirac",
    "plot_dirac_theta",
    "plot_game_radii",
    "update_bilinear",
    "update_dirac",
    "update_dirac_theta",
    "update_game_radii",
]

BILINEAR = "otlab.gan.games.BilinearResult"


def _axes(ax):
    return axes_or_new(ax)


def _bilinear(func: str, result):
    return as_result(func, "result", result, BILINEAR, "otlab.bilinear_game")


def _dirac(func: str, result):
    return as_result(func, "result", result, "otlab.gan.games.DiracResult", "otlab.gan.dirac_gan")


@public
def plot_bilinear(result, *, ax=None, title: bool = True, **kwargs):
    """The path of :func:`otlab.bilinear_game` in the (x, y) plane, with the equilibrium.

    ``kwargs`` go to ``ax.plot`` for the path. gids: the path and its start marker carry
    ``result.mode`` and ``result.mode + "-start"``; :func:`update_bilinear` moves them.
    """
    result = _bilinear("plot_bilinear", result)
    ax = _axes(ax)
    kwargs = {"lw": 1.0, "marker": ".", "ms": 3, "label": result.mode, **kwargs}
    (line,) = ax.plot(result.x, result.y, gid=result.mode, **kwargs)
    ax.plot(result.x[0], result.y[0], "o", color=line.get_color(), ms=6, gid=f"{result.mode}-start")
    if not any(artist.get_gid() == "equilibrium" for artist in ax.lines):
        ax.plot(0, 0, "*", color="black", ms=12, label="equilibrium (0, 0)", gid="equilibrium")
    ax.set_xlabel("x (minimises xy)")
    ax.set_ylabel("y (maximises xy)")
    ax.set_aspect("equal", adjustable="datalim")
    if title:
        ax.set_title(f"{result.mode}, lr = {result.lr:g}: radius x{result.growth:.4f} per step")
    return ax


@public
def update_bilinear(ax, result) -> None:
    """Move the path that :func:`plot_bilinear` drew for ``result.mode`` to ``result``."""
    check_axes("update_bilinear", ax)
    result = _bilinear("update_bilinear", result)
    tagged(ax, result.mode).set_data(result.x, result.y)
    tagged(ax, f"{result.mode}-start").set_data([result.x[0]], [result.y[0]])


@public
def plot_game_radii(results, *, ax=None, colours=None):
    """Distance to the equilibrium per step for several games, on a log scale, with the
    simultaneous game's closed form ``r_0 sqrt(1 + lr^2)^t`` dotted (gids: each mode, and
    ``"theory"``). :func:`update_game_radii` moves them."""
    results = as_results("plot_game_radii", "results", results, BILINEAR, "otlab.bilinear_game")
    ax = _axes(ax)
    colours = colours or {}
    for result in results:
        ax.semilogy([], [], color=colours.get(result.mode), label=result.mode, gid=result.mode)
    ax.semilogy([], [], "k:", label="sqrt(1 + lr^2)^t", gid="theory")
    update_game_radii(ax, results)
    ax.set_xlabel("step")
    ax.set_ylabel("distance to (0, 0)")
    ax.legend(fontsize="small", loc="lower left")
    return ax


@public
def update_game_radii(ax, results) -> bool:
    """Show ``results`` on an Axes drawn by :func:`plot_game_radii`; returns True when the
    axis limits changed (a blitting app then re-renders its background)."""
    check_axes("update_game_radii", ax)
    results = as_results("update_game_radii", "results", results, BILINEAR, "otlab.bilinear_game")
    before = (ax.get_xlim(), ax.get_ylim())
    for result in results:
        t = np.arange(result.radius.size)
        tagged(ax, result.mode).set_data(t, result.radius)
    first = results[0]
    t = np.arange(first.radius.size)
    tagged(ax, "theory").set_data(t, first.radius[0] * np.sqrt(1 + first.lr**2) ** t)
    values = np.concatenate([result.radius for result in results])
    ax.set_xlim(0, t[-1])
    ax.set_ylim(max(values.min(), 1e-12) / 2, values.max() * 2)
    return (ax.get_xlim(), ax.get_ylim()) != before


@public
def plot_dirac(result, *, ax=None, **kwargs):
    """The Dirac-GAN's path in the (theta, psi) plane: generator position, critic slope.

    gids ``"dirac"`` (the path) and ``"dirac-start"``; :func:`update_dirac` moves them.
    """
    result = _dirac("plot_dirac", result)
    ax = _axes(ax)
    kwargs = {"lw": 1.0, "label": f"{result.loss}, n_critic = {result.n_critic}", **kwargs}
    (line,) = ax.plot(result.theta, result.psi, gid="dirac", **kwargs)
    ax.plot(result.theta[0], result.psi[0], "o", color=line.get_color(), ms=6, gid="dirac-start")
    ax.plot(0, 0, "*", color="black", ms=12)
    ax.set_xlabel(r"generator position $\theta$ (data at 0)")
    ax.set_ylabel(r"critic slope $\psi$")
    return ax


@public
def update_dirac(ax, result) -> None:
    """Move the path of :func:`plot_dirac` to ``result`` and rescale the axes to it."""
    check_axes("update_dirac", ax)
    result = _dirac("update_dirac", result)
    tagged(ax, "dirac").set_data(result.theta, result.psi)
    tagged(ax, "dirac-start").set_data([result.theta[0]], [result.psi[0]])
    ax.relim()
    ax.autoscale_view()


@public
def plot_dirac_theta(result, *, ax=None):
    """The Dirac-GAN's generator position against generator steps (gid ``"theta"``)."""
    result = _dirac("plot_dirac_theta", result)
    ax = _axes(ax)
    ax.plot(np.arange(result.theta.size), result.theta, gid="theta")
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xlabel("generator steps")
    ax.set_ylabel(r"$\theta$ (data at 0)")
    return ax


@public
def update_dirac_theta(ax, result) -> None:
    """Move the curve of :func:`plot_dirac_theta` to ``result`` and rescale."""
    check_axes("update_dirac_theta", ax)
    result = _dirac("update_dirac_theta", result)
    tagged(ax, "theta").set_data(np.arange(result.theta.size), result.theta)
    ax.relim()
    ax.autoscale_view()
