"""Registry entries for otlab.plot: the functions that draw (widgets: registry_widgets.py)."""

from __future__ import annotations

import os
import tempfile

import numpy as np

import otlab
from otlab import plot

from . import inputs as I  # noqa: N812
from .base import add, f, made

AX = {"ax": "axes"}
GRID = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 4))

# --------------------------------------------------------------------------- otlab.plot
add(
    "plot.plot_piles",
    f(plot.plot_piles),
    lambda: {"p": [3, 1, 2], "q": [1, 2, 3], "positions": [0, 1, 3]},
    {"p": "hist", "q": "hist", "positions": "array"} | AX,
)
add(
    "plot.plot_carried",
    f(plot.plot_carried),
    lambda: {"result": I.piles_result()},
    {"result": "object"} | AX,
)
add(
    "plot.update_carried",
    f(plot.update_carried),
    lambda: {"ax": I.drawn(plot.plot_carried, I.piles_result()), "result": I.piles_result()},
    {"ax": "axes", "result": "object"},
)
add(
    "plot.plot_move",
    f(plot.plot_move),
    lambda: {"result": I.piles_result(), "step": 1},
    {"result": "object", "step": "int0"} | AX,
)
add(
    "plot.update_move",
    f(plot.update_move),
    lambda: {
        "ax": I.drawn(plot.plot_move, I.piles_result(), 0),
        "result": I.piles_result(),
        "step": 1,
    },
    {"ax": "axes", "result": "object", "step": "int0"},
)
add(
    "plot.plot_plan",
    f(plot.plot_plan),
    lambda: {"x": I.X, "y": I.Y, "plan": I.emd_result().plan, "max_lines": 10},
    {"x": "points", "y": "points", "plan": "array", "max_lines": "int"} | AX,
)
add(
    "plot.plot_potential",
    f(plot.plot_potential),
    lambda: {
        "potential": otlab.kantorovich_potential(I.emd_result()),
        "xlim": (-1, 3),
        "ylim": (-1, 2),
        "n": 10,
    },
    {"potential": "object", "xlim": "limits", "ylim": "limits", "n": "int", "levels": "int"} | AX,
)
add(
    "plot.plot_potential_field",
    f(plot.plot_potential_field),
    lambda: {
        "potential": otlab.kantorovich_potential(I.emd_result()),
        "xlim": (-1, 3),
        "ylim": (-1, 2),
        "n": 5,
    },
    {"potential": "object", "xlim": "limits", "ylim": "limits", "n": "int"} | AX,
)
add(
    "plot.plot_quantiles",
    f(plot.plot_quantiles),
    lambda: {"u": I.U, "v": I.V, "n": 11},
    {"u": "points", "v": "points", "n": "int"} | AX,
)
add(
    "plot.plot_sample_estimates",
    f(plot.plot_sample_estimates),
    lambda: {"sizes": [10, 20], "estimates": [[1.1, 1.2], [1.05, 1.0]], "exact": 1.0},
    {"sizes": "array", "estimates": "array", "exact": "number"} | AX,
)
add(
    "plot.plot_sample_rates",
    f(plot.plot_sample_rates),
    lambda: {"sizes": [10, 20, 40], "estimates": {"W1": [0.5, 0.3, 0.2]}},
    {"sizes": "array", "estimates": "object"} | AX,
)
add(
    "plot.plot_eps_convergence",
    f(plot.plot_eps_convergence),
    lambda: {"eps": [1.0, 0.1], "cost_gap": [0.5, 0.05], "potential_gap": [1.0, 0.1]},
    {"eps": "array", "cost_gap": "array", "potential_gap": "array"} | AX,
)
add(
    "plot.plot_sinkhorn",
    f(plot.plot_sinkhorn),
    lambda: {"result": I.sinkhorn_result(), "xlim": (-1, 3), "ylim": (-1, 2), "n": 10},
    {"result": "object", "xlim": "limits", "ylim": "limits", "n": "int"} | AX,
)
add(
    "plot.update_sinkhorn",
    f(plot.update_sinkhorn),
    lambda: {
        "ax": I.drawn(plot.plot_sinkhorn, I.sinkhorn_result(), (-1, 3), (-1, 2), n=10),
        "result": I.sinkhorn_result(),
        "n": 10,
    },
    {"ax": "axes", "result": "object", "n": "int"},
)
DIRS = np.array([[1.0, 0.0], [0.6, 0.8]])
add(
    "plot.plot_projections",
    f(plot.plot_projections),
    lambda: {"x": I.X, "y": I.Y, "directions": DIRS},
    {"x": "points", "y": "points", "directions": "points"} | AX,
)
add(
    "plot.update_projections",
    f(plot.update_projections),
    lambda: {"ax": I.drawn(plot.plot_projections, I.X, I.Y, DIRS), "directions": DIRS[::-1]},
    {"ax": "axes", "directions": "points"},
)
add(
    "plot.plot_sliced_spread",
    f(plot.plot_sliced_spread),
    lambda: {"counts": [1, 10], "estimates": [[1.0, 1.2], [1.1, 1.1]], "exact": 1.1},
    {"counts": "array", "estimates": "array", "exact": "number"} | AX,
)
add(
    "plot.plot_gaussian_ellipse",
    f(plot.plot_gaussian_ellipse),
    lambda: {"mean": I.MEAN, "cov": I.COV, "scale": 2.0},
    {"mean": "array", "cov": "array", "scale": "positive"} | AX,
)
add(
    "plot.update_gaussian_ellipse",
    f(plot.update_gaussian_ellipse),
    lambda: {
        "ax": I.drawn(plot.plot_gaussian_ellipse, I.MEAN, I.COV),
        "mean": I.MEAN2,
        "cov": I.COV2,
    },
    {"ax": "axes", "mean": "array", "cov": "array", "scale": "positive"},
)
add(
    "plot.plot_interpolant",
    f(plot.plot_interpolant),
    lambda: {"interpolant": I.interpolant()},
    {"interpolant": "object"} | AX,
)
add(
    "plot.update_interpolant",
    f(plot.update_interpolant),
    lambda: {"ax": I.drawn(plot.plot_interpolant, I.interpolant()), "interpolant": I.interpolant()},
    {"ax": "axes", "interpolant": "object"},
)
add(
    "plot.plot_line_plan",
    f(plot.plot_line_plan),
    lambda: {"x": I.U, "y": I.V, "plan": np.eye(3) / 3},
    {"x": "points", "y": "points", "plan": "array"} | AX,
)
add(
    "plot.plot_theta_values",
    f(plot.plot_theta_values),
    lambda: {"thetas": np.linspace(-1, 1, 5), "bandwidth": 0.5},
    {"thetas": "array", "bandwidth": "positive"} | AX,
)
add(
    "plot.plot_witness",
    f(plot.plot_witness),
    lambda: {"witnesses": otlab.theta_witnesses(0.5, n=10, seed=0), "which": "mmd"},
    {"witnesses": "object", "which": "choice"} | AX,
)
add(
    "plot.plot_timings",
    f(plot.plot_timings),
    lambda: {"sizes": [10, 100], "times": {"emd": [0.01, 0.1]}},
    {"sizes": "array", "times": "object"} | AX,
)
add(
    "plot.plot_discriminator",
    f(plot.plot_discriminator),
    lambda: {"x": I.U, "p_r": I.HIST_P, "p_g": I.HIST_Q},
    {"x": "array", "p_r": "hist", "p_g": "hist"} | AX,
)
add(
    "plot.plot_gaussian_divergences",
    f(plot.plot_gaussian_divergences),
    lambda: {"gaps": np.linspace(0, 3, 5), "width": 1.0, "gap": 1.0},
    {"gaps": "array", "width": "positive", "gap": "number", "kl_max": "positive"} | AX,
)
add(
    "plot.plot_integrands",
    f(plot.plot_integrands),
    lambda: {
        "integrands": otlab.divergences.gaussian_integrands(np.linspace(-2, 2, 5), 0, 1, 1, 1)
    },
    {"integrands": "object", "which": "object"} | AX,
)
add(
    "plot.plot_theta_divergences",
    f(plot.plot_theta_divergences),
    lambda: {"thetas": np.linspace(-1, 1, 5), "theta": 0.5},
    {"thetas": "array", "theta": "number", "kl_level": "positive"} | AX,
)
add(
    "plot.plot_theta_segments",
    f(plot.plot_theta_segments),
    lambda: {"theta": 0.5},
    # real and fake are optional (None: no samples drawn), so their kind has no None.
    {"theta": "number", "real": "array", "fake": "array"} | AX,
)
add(
    "plot.plot_theta_slopes",
    f(plot.plot_theta_slopes),
    lambda: {"thetas": np.linspace(-1, 1, 5), "step": 1e-3},
    {"thetas": "array", "step": "positive"} | AX,
)
add(
    "plot.plot_critic",
    f(plot.plot_critic),
    lambda: {
        "X": GRID[0],
        "Y": GRID[1],
        "F": GRID[0] + GRID[1],
        "real": I.X,
        "fake": I.Y,
        "levels": 4,
    },
    # real is optional (None: no samples drawn), so its kind has no None.
    {"X": "array", "Y": "array", "F": "array", "real": "array", "levels": "int0"} | AX,
)
add(
    "plot.plot_critic_gradients",
    f(plot.plot_critic_gradients),
    lambda: {"fit": I.critic_fit(), "exact": I.emd_real_fake(), "max_arrows": 5},
    {"fit": "object", "exact": "object", "max_arrows": "int"} | AX,
)
add(
    "plot.plot_critic_training",
    f(plot.plot_critic_training),
    lambda: {"fit": I.critic_fit(), "exact": 1.0},
    {"fit": "object", "exact": "number"} | AX,
)
add(
    "plot.plot_gradient_norm_history",
    f(plot.plot_gradient_norm_history),
    lambda: {"fit": I.critic_fit()},
    {"fit": "object"} | AX,
)
add(
    "plot.plot_layer_gradient_norms",
    f(plot.plot_layer_gradient_norms),
    lambda: {"norms": otlab.critics.layer_gradient_norms(I.critic_fit())},
    {"norms": "array"} | AX,
)
add(
    "plot.plot_weight_histogram",
    f(plot.plot_weight_histogram),
    lambda: {"weights": otlab.critics.critic_weights(I.critic_fit()), "clip": 0.1, "bins": 5},
    {"weights": "array", "clip": "positive", "bins": "int"} | AX,
)
add(
    "plot.plot_segment_gradients",
    f(plot.plot_segment_gradients),
    lambda: {
        "along": otlab.critics.segment_gradients(I.critic_fit(), I.emd_real_fake()),
        "band": (0.1, 0.9),
    },
    {"along": "object", "band": "pair"} | AX,
)
add(
    "plot.draw_floor",
    f(plot.draw_floor),
    lambda: {"ax": I.axes(), "floor": 0.1},
    {"ax": "axes", "floor": "nonneg"},
)
add(
    "plot.plot_bilinear",
    f(plot.plot_bilinear),
    lambda: {"result": I.bilinear()},
    {"result": "object"} | AX,
)
add(
    "plot.update_bilinear",
    f(plot.update_bilinear),
    lambda: {"ax": I.drawn(plot.plot_bilinear, I.bilinear()), "result": I.bilinear()},
    {"ax": "axes", "result": "object"},
)
add("plot.plot_dirac", f(plot.plot_dirac), lambda: {"result": I.dirac()}, {"result": "object"} | AX)
add(
    "plot.update_dirac",
    f(plot.update_dirac),
    lambda: {"ax": I.drawn(plot.plot_dirac, I.dirac()), "result": I.dirac()},
    {"ax": "axes", "result": "object"},
)
add(
    "plot.plot_dirac_theta",
    f(plot.plot_dirac_theta),
    lambda: {"result": I.dirac()},
    {"result": "object"} | AX,
)
add(
    "plot.update_dirac_theta",
    f(plot.update_dirac_theta),
    lambda: {"ax": I.drawn(plot.plot_dirac_theta, I.dirac()), "result": I.dirac()},
    {"ax": "axes", "result": "object"},
)
add(
    "plot.plot_game_radii",
    f(plot.plot_game_radii),
    lambda: {"results": [I.bilinear()]},
    {"results": "object"} | AX,
)
add(
    "plot.update_game_radii",
    f(plot.update_game_radii),
    lambda: {"ax": I.drawn(plot.plot_game_radii, [I.bilinear()]), "results": [I.bilinear()]},
    {"ax": "axes", "results": "object"},
)
add(
    "plot.plot_gradient_norms",
    f(plot.plot_gradient_norms),
    lambda: {"result": I.vanishing()},
    {"result": "object"} | AX,
)
add(
    "plot.plot_samples",
    f(plot.plot_samples),
    lambda: {"samples": I.tensors()[0], "real": I.X},
    # real is optional (None: no data drawn), so its kind has no None.
    {"samples": "points", "real": "array"} | AX,
)
add(
    "plot.plot_snapshot",
    f(plot.plot_snapshot),
    lambda: {"run": I.gan_run(), "index": 1, "hull": True},
    {"run": "object", "index": "number"} | AX,
)
add(
    "plot.update_snapshot",
    f(plot.update_snapshot),
    lambda: {"ax": I.drawn(plot.plot_snapshot, I.gan_run()), "run": I.gan_run(), "index": 0},
    {"ax": "axes", "run": "object", "index": "number"},
)
add(
    "plot.plot_progress",
    f(plot.plot_progress),
    lambda: {"runs": [I.gan_run()], "floor": 0.1},
    {"runs": "object", "floor": "nonneg"} | AX,
)
add(
    "plot.plot_w1_curves",
    f(plot.plot_w1_curves),
    lambda: {"runs": [I.gan_run()], "marker": True, "levels": {"one mode": 1.0}},
    # levels is optional (None: no reference lines), so its kind has no None.
    {"runs": "object", "floor": "nonneg", "levels": "instance"} | AX,
)
add(
    "plot.update_step_marker",
    f(plot.update_step_marker),
    lambda: {"ax": I.drawn(plot.plot_w1_curves, [I.gan_run()], marker=True), "step": 2},
    {"ax": "axes", "step": "number"},
)
add(
    "plot.plot_console_field",
    f(plot.plot_console_field),
    lambda: {"frame": I.frame()},
    {"frame": "object"} | AX,
)
add(
    "plot.update_console_field",
    f(plot.update_console_field),
    lambda: {"ax": I.drawn(plot.plot_console_field, I.frame()), "frame": I.frame()},
    {"ax": "axes", "frame": "object"},
)
add(
    "plot.plot_console_manifold",
    f(plot.plot_console_manifold),
    lambda: {"frame": I.frame()},
    {"frame": "object"} | AX,
)
add(
    "plot.update_console_manifold",
    f(plot.update_console_manifold),
    lambda: {"ax": I.drawn(plot.plot_console_manifold, I.frame()), "frame": I.frame()},
    {"ax": "axes", "frame": "object"},
)
add(
    "plot.plot_console_curves",
    f(plot.plot_console_curves),
    lambda: {"history": I.live().history, "which": "losses"},
    {"history": "object", "which": "choice", "loss": "choice"} | AX,
)
add(
    "plot.update_console_curves",
    f(plot.update_console_curves),
    lambda: {
        "ax": I.drawn(plot.plot_console_curves, I.live().history),
        "history": I.live().history,
    },
    {"ax": "axes", "history": "object"},
)
add(
    "plot.console_artists",
    f(plot.console_artists),
    lambda: {"ax": I.drawn(plot.plot_console_field, I.frame())},
    {"ax": "axes"},
)
add(
    "plot.pixel_to_data",
    f(plot.pixel_to_data),
    lambda: {"ax": I.axes(), "x_px": 10.0, "y_px": 20.0},
    {"ax": "axes", "x_px": "number", "y_px": "number"},
)
add(
    "plot.save_console_gif",
    f(plot.save_console_gif),
    # A valid path (in an existing folder), so that each bad case has one thing wrong.
    lambda: {"frames": [I.frame()], "path": os.path.join(tempfile.gettempdir(), "otlab-fuzz.gif")},
    {"frames": "object", "path": "object", "fps": "int", "dpi": "int"},
    valid=False,  # writes a file; tests/plot/test_console.py covers the valid call
)
for name, by in [
    ("plot.PILE_COLORS", "plot.plot_piles"),
    ("plot.EXACT_COLORS", "plot.plot_plan"),
    ("plot.WITNESS_COLORS", "plot.plot_witness"),
    ("plot.CRITIC_COLORS", "plot.plot_critic"),
]:
    made(name, by)
