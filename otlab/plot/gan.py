"""Plots for GAN training: games, gradient norms, samples, snapshots and progress curves.

Each function draws on one Axes (a new figure when ``ax`` is None) and returns it. Results come
from :mod:`otlab.gan`; point arrays may be numpy arrays or torch tensors.
"""

from __future__ import annotations

import numpy as np

from otlab.plot._axes import axes_or_new

__all__ = [
    "plot_bilinear",
    "plot_dirac",
    "plot_gradient_norms",
    "plot_samples",
    "plot_snapshot",
    "plot_progress",
    "plot_w1_curves",
    "plot_game_radii",
    "plot_dirac_theta",
    "update_bilinear",
    "update_dirac",
    "update_dirac_theta",
    "update_game_radii",
    "update_snapshot",
    "update_step_marker",
]

REAL_COLOUR = "0.6"
FAKE_COLOUR = "tab:orange"


def loss_colour(name: str) -> str:
    """The colour of a loss (``run.loss``, e.g. "wgan-gp" or "gan-ns+sn") in every plot."""
    from otlab.gan.losses import LOSSES  # the table of losses, no torch needed

    return LOSSES[name.split("+")[0]].colour if name.split("+")[0] in LOSSES else "0.3"


def _axes(ax):
    return axes_or_new(ax)


def _numpy(points) -> np.ndarray:
    if hasattr(points, "detach"):  # a torch tensor, moved to the CPU without importing torch
        points = points.detach().cpu().numpy()
    return np.asarray(points, dtype=float)


def plot_bilinear(result, *, ax=None, title: bool = True, **kwargs):
    """The path of :func:`otlab.bilinear_game` in the (x, y) plane, with the equilibrium.

    ``kwargs`` go to ``ax.plot`` for the path. gids: the path and its start marker carry
    ``result.mode`` and ``result.mode + "-start"``; :func:`update_bilinear` moves them.
    """
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


def update_bilinear(ax, result) -> None:
    """Move the path that :func:`plot_bilinear` drew for ``result.mode`` to ``result``."""
    _tagged(ax, result.mode).set_data(result.x, result.y)
    _tagged(ax, f"{result.mode}-start").set_data([result.x[0]], [result.y[0]])


def plot_game_radii(results, *, ax=None, colours=None):
    """Distance to the equilibrium per step for several games, on a log scale, with the
    simultaneous game's closed form ``r_0 sqrt(1 + lr^2)^t`` dotted (gids: each mode, and
    ``"theory"``). :func:`update_game_radii` moves them."""
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


def update_game_radii(ax, results) -> bool:
    """Show ``results`` on an Axes drawn by :func:`plot_game_radii`; returns True when the
    axis limits changed (a blitting app then re-renders its background)."""
    before = (ax.get_xlim(), ax.get_ylim())
    for result in results:
        t = np.arange(result.radius.size)
        _tagged(ax, result.mode).set_data(t, result.radius)
    first = results[0]
    t = np.arange(first.radius.size)
    _tagged(ax, "theory").set_data(t, first.radius[0] * np.sqrt(1 + first.lr**2) ** t)
    values = np.concatenate([result.radius for result in results])
    ax.set_xlim(0, t[-1])
    ax.set_ylim(max(values.min(), 1e-12) / 2, values.max() * 2)
    return (ax.get_xlim(), ax.get_ylim()) != before


def plot_dirac(result, *, ax=None, **kwargs):
    """The Dirac-GAN's path in the (theta, psi) plane: generator position, critic slope.

    gids ``"dirac"`` (the path) and ``"dirac-start"``; :func:`update_dirac` moves them.
    """
    ax = _axes(ax)
    kwargs = {"lw": 1.0, "label": f"{result.loss}, n_critic = {result.n_critic}", **kwargs}
    (line,) = ax.plot(result.theta, result.psi, gid="dirac", **kwargs)
    ax.plot(result.theta[0], result.psi[0], "o", color=line.get_color(), ms=6, gid="dirac-start")
    ax.plot(0, 0, "*", color="black", ms=12)
    ax.set_xlabel(r"generator position $\theta$ (data at 0)")
    ax.set_ylabel(r"critic slope $\psi$")
    return ax


def update_dirac(ax, result) -> None:
    """Move the path of :func:`plot_dirac` to ``result`` and rescale the axes to it."""
    _tagged(ax, "dirac").set_data(result.theta, result.psi)
    _tagged(ax, "dirac-start").set_data([result.theta[0]], [result.psi[0]])
    ax.relim()
    ax.autoscale_view()


def plot_dirac_theta(result, *, ax=None):
    """The Dirac-GAN's generator position against generator steps (gid ``"theta"``)."""
    ax = _axes(ax)
    ax.plot(np.arange(result.theta.size), result.theta, gid="theta")
    ax.axhline(0, color="black", lw=0.5)
    ax.set_xlabel("generator steps")
    ax.set_ylabel(r"$\theta$ (data at 0)")
    return ax


def update_dirac_theta(ax, result) -> None:
    """Move the curve of :func:`plot_dirac_theta` to ``result`` and rescale."""
    _tagged(ax, "theta").set_data(np.arange(result.theta.size), result.theta)
    ax.relim()
    ax.autoscale_view()


def _tagged(ax, gid: str):
    """The line drawn with ``gid`` on ``ax``."""
    return next(line for line in ax.lines if line.get_gid() == gid)


def plot_gradient_norms(result, *, ax=None):
    """Generator gradient norms from :func:`otlab.vanishing_gradients` on a log scale."""
    ax = _axes(ax)
    curves = (
        ("minimax GAN, log(1 - D)", result.minimax, loss_colour("gan")),
        ("non-saturating GAN, -log D", result.non_saturating, loss_colour("gan-ns")),
        ("WGAN-GP critic", result.wgan_gp, loss_colour("wgan-gp")),
    )
    for label, norms, colour in curves:
        ax.semilogy(result.steps, norms, label=label, color=colour)
    ax.set_xlabel("discriminator / critic steps (generator held fixed)")
    ax.set_ylabel("generator gradient norm |dL/d(theta)|")
    ax.legend(fontsize="small")
    return ax


def plot_samples(samples, *, real=None, ax=None, title: str | None = None, **kwargs):
    """Generated points over the real ones (grey); ``kwargs`` go to ``ax.scatter``."""
    ax = _axes(ax)
    if real is not None:
        real = _numpy(real)
        ax.scatter(real[:, 0], real[:, 1], s=4, color=REAL_COLOUR, label="real")
    samples = _numpy(samples)
    kwargs = {"s": 4, "color": FAKE_COLOUR, "alpha": 0.7, "label": "generated", **kwargs}
    ax.scatter(samples[:, 0], samples[:, 1], **kwargs)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal", adjustable="box")
    if title is not None:
        ax.set_title(title)
    return ax


def plot_snapshot(run, index: int = -1, *, ax=None, cmap: str = "viridis"):
    """One snapshot of a :class:`otlab.GANRun`: the critic in colour (with a colour bar
    unless the Axes is animated), real points in grey, generator samples in orange.

    gids: ``"critic"`` (the image), ``"fake"`` (the samples), ``"real"``; move them to another
    snapshot with :func:`update_snapshot`.
    """
    ax = _axes(ax)
    snap = run.snapshots[index]
    gx, gy = run.grid
    image = ax.imshow(
        snap.critic,
        extent=(gx[0], gx[-1], gy[0], gy[-1]),
        origin="lower",
        cmap=cmap,
        aspect="auto",
        interpolation="bilinear",
        gid="critic",
    )
    plot_samples(snap.samples, real=run.real, ax=ax)
    ax.collections[-2].set_gid("real")
    ax.collections[-1].set_gid("fake")
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    kind = "critic score" if run.critic is not None else "exact potential"
    ax.figure.colorbar(image, ax=ax, label=f"{kind} (higher = looks real)", shrink=0.8)
    _title_snapshot(ax, run, snap)
    return ax


def update_snapshot(ax, run, index: int) -> None:
    """Show snapshot ``index`` of ``run`` on an Axes drawn by :func:`plot_snapshot`."""
    snap = run.snapshots[index]
    image = next(a for a in ax.images if a.get_gid() == "critic")
    image.set_data(snap.critic)
    image.set_clim(snap.critic.min(), snap.critic.max())
    next(c for c in ax.collections if c.get_gid() == "fake").set_offsets(snap.samples)
    _title_snapshot(ax, run, snap)


def _title_snapshot(ax, run, snap) -> None:
    kind = "critic" if run.critic is not None else "exact potential"
    ax.set_title(f"{run.loss}, step {snap.step}: W1 = {snap.w1:.3f} ({kind} in colour)")


def plot_progress(run, *, ax=None):
    """Does the training loss say how far the generator is? Exact W1 at the evaluation steps
    (left axis) against the critic's own measure, averaged over each evaluation window (right
    axis): for WGAN variants the critic's estimate ``E_r f - E_g f`` (minus the critic loss
    without its penalty), for gan / gan-ns the discriminator's loss."""
    ax = _axes(ax)
    w1_label = f"exact W1 ({run.config.n_eval} samples)"
    ax.plot(run.eval_steps, run.w1, "o-", color="black", label=w1_label)
    ax.set_xlabel("generator steps")
    ax.set_ylabel("exact W1 (data units)")
    twin = ax.twinx()
    if run.config.row.gap_estimates_w1:
        label = "critic gap E_r f - E_g f (-critic loss w/o penalty)"
        meter = run.critic_gap_per_eval
    else:
        meter, label = run.critic_loss_per_eval, "discriminator loss"
    twin.plot(run.eval_steps, meter, "s--", color=loss_colour(run.loss), label=label)
    twin.set_ylabel(f"{label} ({run.loss})")
    lines = ax.get_lines() + twin.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize="small", loc="upper right")
    return ax


def plot_w1_curves(runs, *, ax=None, marker: bool = False):
    """Exact W1 against generator steps for several runs (one line per run, coloured by loss).

    With ``marker``, a vertical line (gid ``"marker"``) that :func:`update_step_marker` moves.
    """
    ax = _axes(ax)
    for run in runs:
        ax.plot(run.eval_steps, run.w1, "o-", ms=3, label=run.loss, color=loss_colour(run.loss))
    if marker:
        ax.axvline(runs[0].eval_steps[-1], color=FAKE_COLOUR, gid="marker")
    ax.set_xlabel("generator steps")
    ax.set_ylabel("exact W1 to the data (data units)")
    ax.legend(fontsize="small")
    return ax


def update_step_marker(ax, step: int) -> None:
    """Move the marker of :func:`plot_w1_curves` to ``step``."""
    next(line for line in ax.lines if line.get_gid() == "marker").set_xdata([step, step])
