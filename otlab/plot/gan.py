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
]

REAL_COLOUR = "0.6"
FAKE_COLOUR = "tab:orange"
LOSS_COLOURS = {
    "gan": "tab:red",
    "gan-ns": "tab:pink",
    "wgan-clip": "tab:olive",
    "wgan-gp": "tab:blue",
    "wgan-sn": "tab:purple",
    "wgan-exact": "black",
}


def _axes(ax):
    return axes_or_new(ax)


def _numpy(points) -> np.ndarray:
    if hasattr(points, "detach"):  # a torch tensor, moved to the CPU without importing torch
        points = points.detach().cpu().numpy()
    return np.asarray(points, dtype=float)


def plot_bilinear(result, *, ax=None, **kwargs):
    """The path of :func:`otlab.bilinear_game` in the (x, y) plane, with the equilibrium.

    ``kwargs`` go to ``ax.plot`` for the path.
    """
    ax = _axes(ax)
    kwargs = {"lw": 1.0, "marker": ".", "ms": 3, "label": result.mode, **kwargs}
    (line,) = ax.plot(result.x, result.y, **kwargs)
    ax.plot(result.x[0], result.y[0], "o", color=line.get_color(), ms=6)
    ax.plot(0, 0, "*", color="black", ms=12, label="equilibrium (0, 0)")
    ax.set_xlabel("x (minimises xy)")
    ax.set_ylabel("y (maximises xy)")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(f"{result.mode}, lr = {result.lr:g}: radius x{result.growth:.4f} per step")
    return ax


def plot_dirac(result, *, ax=None, **kwargs):
    """The Dirac-GAN's path in the (theta, psi) plane: generator position, critic slope."""
    ax = _axes(ax)
    kwargs = {"lw": 1.0, "label": f"{result.loss}, n_critic = {result.n_critic}", **kwargs}
    (line,) = ax.plot(result.theta, result.psi, **kwargs)
    ax.plot(result.theta[0], result.psi[0], "o", color=line.get_color(), ms=6)
    ax.plot(0, 0, "*", color="black", ms=12)
    ax.set_xlabel(r"generator position $\theta$ (data at 0)")
    ax.set_ylabel(r"critic slope $\psi$")
    return ax


def plot_gradient_norms(result, *, ax=None):
    """Generator gradient norms from :func:`otlab.vanishing_gradients` on a log scale."""
    ax = _axes(ax)
    curves = (
        ("minimax GAN, log(1 - D)", result.minimax, LOSS_COLOURS["gan"]),
        ("non-saturating GAN, -log D", result.non_saturating, LOSS_COLOURS["gan-ns"]),
        ("WGAN-GP critic", result.wgan_gp, LOSS_COLOURS["wgan-gp"]),
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


def plot_snapshot(run, index: int = -1, *, ax=None, levels: int = 20):
    """One snapshot of a :class:`otlab.GANRun`: the critic as filled contours, real points in
    grey, generator samples in orange."""
    ax = _axes(ax)
    snap = run.snapshots[index]
    gx, gy = run.grid
    ax.contourf(gx, gy, snap.critic, levels=levels, cmap="viridis")
    ax.contour(gx, gy, snap.critic, levels=levels, colors="white", linewidths=0.3, alpha=0.5)
    plot_samples(snap.samples, real=run.real, ax=ax)
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    kind = "exact potential" if run.critic is None else "critic"
    ax.set_title(f"{run.loss} step {snap.step}: W1 = {snap.w1:.3f} ({kind} in colour)")
    return ax


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
    if run.loss.startswith("wgan"):
        label = "critic gap E_r f - E_g f (-critic loss w/o penalty)"
        meter = run.critic_gap_per_eval
    else:
        meter, label = run.critic_loss_per_eval, "discriminator loss"
    twin.plot(run.eval_steps, meter, "s--", color=LOSS_COLOURS.get(run.loss), label=label)
    twin.set_ylabel(f"{label} ({run.loss})")
    lines = ax.get_lines() + twin.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize="small", loc="upper right")
    return ax


def plot_w1_curves(runs, *, ax=None):
    """Exact W1 against generator steps for several runs (one line per run, coloured by loss)."""
    ax = _axes(ax)
    for run in runs:
        ax.plot(run.eval_steps, run.w1, label=run.loss, color=LOSS_COLOURS.get(run.loss))
    ax.set_xlabel("generator steps")
    ax.set_ylabel("exact W1 to the data (data units)")
    ax.legend(fontsize="small")
    return ax
