"""Plots for GAN training: gradient norms, samples, snapshots and progress curves.

Each function draws on one Axes (a new figure when ``ax`` is None) and returns it. Results come
from :mod:`otlab.gan`; point arrays may be numpy arrays or torch tensors.
"""

from __future__ import annotations

import numpy as np

from otlab._validation import as_points
from otlab.plot._axes import axes_or_new, check_axes, tagged
from otlab.plot._checks import (
    as_index,
    as_mapping,
    as_nonneg,
    as_real,
    as_result,
    as_results,
    public,
)

# The games live in otlab.plot.games; importing them from here keeps working.
from otlab.plot.games import (  # noqa: F401
    plot_bilinear,
    plot_dirac,
    plot_dirac_theta,
    plot_game_radii,
    update_bilinear,
    update_dirac,
    update_dirac_theta,
    update_game_radii,
)

__all__ = [
    "draw_floor",
    "plot_gradient_norms",
    "plot_samples",
    "plot_snapshot",
    "plot_progress",
    "plot_w1_curves",
    "update_snapshot",
    "update_step_marker",
]

GAN_RUN = "otlab.gan.run.GANRun"

REAL_COLOUR = "0.6"
FAKE_COLOUR = "tab:orange"


def loss_colour(name: str) -> str:
    """The colour of a loss (``run.loss``, e.g. "wgan-gp" or "gan-ns+sn") in every plot."""
    from otlab.gan.losses import LOSSES  # the table of losses, no torch needed

    return LOSSES[name.split("+")[0]].colour if name.split("+")[0] in LOSSES else "0.3"


def _axes(ax):
    return axes_or_new(ax)


def _runs(func: str, runs) -> list:
    """One GANRun or a list of them (seeds), as a list."""
    return as_results(func, "runs", runs, GAN_RUN, "otlab.train_gan")


@public
def plot_gradient_norms(result, *, ax=None):
    """Generator gradient norms from :func:`otlab.vanishing_gradients` on a log scale."""
    as_result(
        "plot_gradient_norms",
        "result",
        result,
        "otlab.gan.vanishing.VanishingResult",
        "otlab.vanishing_gradients",
    )
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


@public
def plot_samples(samples, *, real=None, ax=None, title: str | None = None, **kwargs):
    """Generated points over the real ones (grey); ``kwargs`` go to ``ax.scatter``."""
    samples = as_points("plot_samples", "samples", samples, dim=2)
    if real is not None:
        real = as_points("plot_samples", "real", real, dim=2)
    ax = _axes(ax)
    if real is not None:
        ax.scatter(real[:, 0], real[:, 1], s=4, color=REAL_COLOUR, label="real")
    kwargs = {"s": 4, "color": FAKE_COLOUR, "alpha": 0.7, "label": "generated", **kwargs}
    ax.scatter(samples[:, 0], samples[:, 1], **kwargs)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal", adjustable="box")
    if title is not None:
        ax.set_title(title)
    return ax


@public
def plot_snapshot(
    run, index: int = -1, *, ax=None, cmap: str = "viridis", hull: bool = False, colorbar=True
):
    """One snapshot of a :class:`otlab.GANRun`: the critic in colour (with a colour bar
    unless ``colorbar`` is False), real points in grey, generator samples in orange.

    With ``hull``, the critic is drawn only inside the convex hull of the real points and
    the samples: a critic (or an exact potential) is only pinned down where there is mass,
    and far from it its values grow with the distance, so an unmasked picture is brightest
    in empty corners.

    gids: ``"critic"`` (the image), ``"fake"`` (the samples), ``"real"``; move them to another
    snapshot with :func:`update_snapshot`.
    """
    as_result("plot_snapshot", "run", run, GAN_RUN, "otlab.train_gan")
    snap = run.snapshots[as_index("plot_snapshot", "index", index, len(run.snapshots))]
    ax = _axes(ax)
    gx, gy = run.grid
    image = ax.imshow(
        _masked(run, snap) if hull else snap.critic,
        extent=(gx[0], gx[-1], gy[0], gy[-1]),
        origin="lower",
        cmap=cmap,
        aspect="auto",
        interpolation="bilinear",
        gid="critic",
    )
    image.otlab_hull = hull  # update_snapshot masks the next snapshots the same way
    plot_samples(snap.samples, real=run.real, ax=ax)
    ax.collections[-2].set_gid("real")
    ax.collections[-1].set_gid("fake")
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    kind = "critic score" if run.critic is not None else "exact potential"
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=f"{kind} (higher = looks real)", shrink=0.8)
    _title_snapshot(ax, run, snap)
    return ax


def _masked(run, snap) -> np.ndarray:
    """The snapshot's critic grid, NaN outside the convex hull of the data and the samples."""
    from matplotlib.path import Path
    from scipy.spatial import ConvexHull

    points = np.vstack([run.real, snap.samples])  # (n, 2)
    hull = ConvexHull(points)
    gx, gy = run.grid
    X, Y = np.meshgrid(gx, gy)  # rows follow y, as the critic grid
    inside = Path(points[hull.vertices]).contains_points(np.column_stack([X.ravel(), Y.ravel()]))
    return np.where(inside.reshape(X.shape), snap.critic, np.nan)


@public
def update_snapshot(ax, run, index: int) -> None:
    """Show snapshot ``index`` of ``run`` on an Axes drawn by :func:`plot_snapshot`."""
    check_axes("update_snapshot", ax)
    as_result("update_snapshot", "run", run, GAN_RUN, "otlab.train_gan")
    snap = run.snapshots[as_index("update_snapshot", "index", index, len(run.snapshots))]
    image = tagged(ax, "critic")
    values = _masked(run, snap) if getattr(image, "otlab_hull", False) else snap.critic
    image.set_data(values)
    image.set_clim(np.nanmin(values), np.nanmax(values))
    tagged(ax, "fake").set_offsets(snap.samples)
    _title_snapshot(ax, run, snap)


def _title_snapshot(ax, run, snap) -> None:
    kind = "critic" if run.critic is not None else "exact potential"
    ax.set_title(f"{run.loss}, step {snap.step}: W1 = {snap.w1:.3f} ({kind} in colour)")


@public
def plot_progress(runs, *, ax=None, floor: float | None = None, penalty: bool = False):
    """Does the training loss say how far the generator is? On one shared axis, for one run
    or several (seeds of one loss): the exact W1 at each evaluation (black) and the critic's
    own measure averaged over each evaluation window (the loss's colour, dashed). For WGAN
    losses that is the critic's estimate ``E_r f - E_g f`` (minus the critic loss without its
    penalty); with ``penalty``, minus the full critic loss too (dotted: what a training log
    shows). For gan / gan-ns it is the discriminator's loss, in nats, with its value at
    equilibrium (D = 1/2 everywhere), 2 log 2, as a thin line.

    ``floor``: the W1 between two fresh samples of the data of the evaluation size (grey
    band): a generator cannot be measured closer than that.
    """
    runs = _runs("plot_progress", runs)
    floor = None if floor is None else as_nonneg("plot_progress", "floor", floor)
    ax = _axes(ax)
    first = runs[0]
    colour = loss_colour(first.loss)
    wgan = first.config.row.gap_estimates_w1
    meter_label = "critic gap E_r f - E_g f" if wgan else "discriminator loss (nats)"
    for k, run in enumerate(runs):
        labels = k == 0
        ax.plot(
            run.eval_steps,
            run.w1,
            "o-",
            ms=3,
            color="black",
            lw=1.2,
            label=f"exact W1 ({run.config.n_eval} samples)" if labels else None,
        )
        meter = run.critic_gap_per_eval if wgan else run.critic_loss_per_eval
        ax.plot(
            run.eval_steps,
            meter,
            "s--",
            ms=3,
            color=colour,
            lw=1.2,
            label=meter_label if labels else None,
        )
        if penalty and wgan and run.critic is not None:
            ax.plot(
                run.eval_steps,
                -run.critic_loss_per_eval,
                ":",
                color=colour,
                lw=1.2,
                label="-critic loss, penalty included" if labels else None,
            )
    if not wgan:
        ax.axhline(2 * np.log(2), color=colour, lw=0.6, label="2 log 2 (D = 1/2)")
    if floor is not None:
        draw_floor(ax, floor)
    ax.set_xlabel("generator steps")
    ax.set_ylabel("data units" if wgan else "W1: data units; discriminator loss: nats")
    seeds = f", {len(runs)} seeds" if len(runs) > 1 else ""
    ax.set_title(f"{first.loss}{seeds}")
    ax.legend(fontsize="small", loc="best")
    return ax


@public
def draw_floor(ax, floor: float, *, label: str = "floor: W1 between two data samples"):
    """A grey band from 0 up to ``floor`` (gid ``"floor"``): the W1 that two fresh samples of
    the data already have, so no generator's measured W1 gets below it."""
    check_axes("draw_floor", ax)
    floor = as_nonneg("draw_floor", "floor", floor)
    ax.axhspan(0, floor, color="0.85", zorder=0, gid="floor", label=f"{label} ({floor:.2f})")
    return ax


@public
def plot_w1_curves(
    runs,
    *,
    ax=None,
    marker: bool = False,
    floor: float | None = None,
    levels: dict | None = None,
    logy: bool = False,
):
    """Exact W1 against generator steps for several runs (one line per run, coloured by loss;
    several seeds of a loss share one legend entry).

    ``floor``: the W1 between two fresh data samples, drawn as a grey band
    (:func:`draw_floor`). ``levels``: more reference lines, ``{label: W1}`` (e.g. the W1 of a
    generator collapsed onto one mode), dash-dotted. With ``marker``, a vertical line (gid
    ``"marker"``) that :func:`update_step_marker` moves.
    """
    func = "plot_w1_curves"
    runs = _runs(func, runs)
    floor = None if floor is None else as_nonneg(func, "floor", floor)
    levels = {} if levels is None else as_mapping(func, "levels", levels, "{'one mode': 1.0}")
    levels = {text: as_real(func, f"levels[{text!r}]", value) for text, value in levels.items()}
    ax = _axes(ax)
    seen = set()
    many = len({run.loss for run in runs}) < len(runs)  # seeds: thinner lines
    for run in runs:
        label = None if run.loss in seen else run.loss
        seen.add(run.loss)
        ax.plot(
            run.eval_steps,
            run.w1,
            "o-",
            ms=2 if many else 3,
            lw=0.9 if many else 1.5,
            alpha=0.8 if many else 1.0,
            label=label,
            color=loss_colour(run.loss),
        )
    styles = ("-.", (0, (1, 1)), "--")
    for k, (text, value) in enumerate(levels.items()):
        style = styles[k % len(styles)]
        ax.axhline(value, color="0.3", ls=style, lw=1, gid="level", label=f"{text} ({value:.2f})")
    if floor is not None:
        draw_floor(ax, floor)
    if marker:
        ax.axvline(runs[0].eval_steps[-1], color=FAKE_COLOUR, gid="marker")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("generator steps")
    ax.set_ylabel("exact W1 to the data (data units)")
    ax.legend(fontsize="small")
    return ax


@public
def update_step_marker(ax, step: int) -> None:
    """Move the marker of :func:`plot_w1_curves` to ``step``."""
    check_axes("update_step_marker", ax)
    step = as_real("update_step_marker", "step", step)
    tagged(ax, "marker").set_xdata([step, step])
