"""Registry entries for the numpy core: exact, divergences, witnesses, toy."""

from __future__ import annotations

import numpy as np
import scipy.stats

import otlab
import otlab.divergences as dv
from otlab import toy
from otlab.exact.interpolation import check_t
from otlab.exact.sliced import random_directions

from . import inputs as I  # noqa: N812
from .base import add, f, made, near

PTS = {"x": "points", "y": "points", "a": "weights", "b": "weights"}

# --------------------------------------------------------------------------- otlab.exact
add(
    "emd",
    f(otlab.emd),
    lambda: {"x": I.X, "y": I.Y, "a": I.W, "b": I.W[::-1], "p": 1, "solver": "network_simplex"},
    {**PTS, "p": "number", "solver": "choice"},
    check=lambda r: np.testing.assert_allclose(
        r.cost, __import__("ot").emd2(I.W, I.W[::-1], __import__("ot").dist(I.X, I.Y, "euclidean"))
    ),
)
add(
    "sinkhorn",
    f(otlab.sinkhorn),
    lambda: {"x": I.X, "y": I.Y, "a": I.W, "b": I.W, "eps": 0.5, "p": 1, "max_iter": 200},
    {**PTS, "eps": "positive", "p": "number", "max_iter": "iters", "tol": "positive"},
)
add(
    "sinkhorn_divergence",
    f(otlab.sinkhorn_divergence),
    lambda: {"x": I.X, "y": I.Y, "a": I.W, "b": I.W, "eps": 0.5, "max_iter": 200},
    {**PTS, "eps": "positive", "p": "number", "max_iter": "iters", "tol": "positive"},
)
add(
    "sinkhorn_loss",
    f(otlab.sinkhorn_loss),
    lambda: dict(zip(("fake", "real"), I.tensors(), strict=True)) | {"eps": 0.5},
    {"fake": "points", "real": "points", "eps": "positive", "p": "number", "max_iter": "iters"},
)
add(
    "sliced_wasserstein",
    f(otlab.sliced_wasserstein),
    lambda: {"x": I.X, "y": I.Y, "a": I.W, "b": I.W, "n_projections": 5, "seed": 0},
    {**PTS, "p": "number", "n_projections": "count", "seed": "seed"},
)
add(
    "exact.sliced.random_directions",
    f(random_directions),
    lambda: {"d": 2, "n_projections": 4, "seed": 0},
    {"d": "int", "n_projections": "count", "seed": "seed"},
    check=lambda r: np.testing.assert_allclose(np.linalg.norm(r, axis=0), 1.0),
)
add(
    "wasserstein_1d",
    f(otlab.wasserstein_1d),
    lambda: {"u": I.U, "v": I.V, "p": 1, "u_weights": I.HIST_P, "v_weights": I.HIST_Q},
    {"u": "points", "v": "points", "p": "number", "u_weights": "weights", "v_weights": "weights"},
    check=near(
        lambda r: r, scipy.stats.wasserstein_distance(I.U, I.V, I.HIST_P, I.HIST_Q), rtol=1e-9
    ),
)
add(
    "piles_emd",
    f(otlab.piles_emd),
    lambda: {"p": [3, 1, 0, 2], "q": [1, 2, 2, 1], "positions": [0.0, 1.0, 2.0, 4.0]},
    {"p": "hist", "q": "hist", "positions": "array"},
    check=near(
        lambda r: r.cost,
        scipy.stats.wasserstein_distance([0, 1, 2, 4], [0, 1, 2, 4], [3, 1, 0, 2], [1, 2, 2, 1])
        * 6,
    ),
)
GAUSS = {"mean1": "array", "cov1": "array", "mean2": "array", "cov2": "array"}
G_ARGS = lambda: {"mean1": I.MEAN, "cov1": I.COV, "mean2": I.MEAN2, "cov2": I.COV2}  # noqa: E731
add("gaussian_w2", f(otlab.gaussian_w2), G_ARGS, GAUSS)
add("gaussian_map", f(otlab.gaussian_map), G_ARGS, GAUSS)
add(
    "gaussian_geodesic",
    f(otlab.gaussian_geodesic),
    lambda: G_ARGS() | {"t": 0.25},
    GAUSS | {"t": "number"},
)
add(
    "kantorovich_potential",
    f(otlab.kantorovich_potential),
    lambda: {"result": I.emd_result()},
    {"result": "object"},
)
add(
    "entropic_potential",
    f(otlab.entropic_potential),
    lambda: {"result": I.sinkhorn_result()},
    {"result": "object"},
)
add(
    "displacement_interpolation",
    f(otlab.displacement_interpolation),
    lambda: {"result": I.emd_result(), "t": 0.3},
    {"result": "object", "t": "number"},
)
add(
    "exact.interpolation.check_t",
    f(check_t),
    lambda: {"func": "check_t", "t": 0.5},
    {"t": "number"},
)
for cls, by in [
    ("EMDResult", "emd"),
    ("SinkhornResult", "sinkhorn"),
    ("PilesResult", "piles_emd"),
    ("Potential", "kantorovich_potential"),
    ("EntropicPotential", "entropic_potential"),
    ("Interpolant", "displacement_interpolation"),
    ("exact.SinkhornWarning", "sinkhorn"),
]:
    made(cls, by)

# --------------------------------------------------------------------------- divergences
HIST2 = {"p": "hist", "q": "hist"}
H_ARGS = lambda: {"p": I.HIST_P, "q": I.HIST_Q}  # noqa: E731
add(
    "kl",
    f(otlab.kl),
    lambda: H_ARGS() | {"base": 2},
    HIST2 | {"base": "positive"},
    check=near(lambda r: r, scipy.stats.entropy(I.HIST_P, I.HIST_Q, base=2)),
)
add("js", f(otlab.js), H_ARGS, HIST2 | {"base": "positive"})
add("tv", f(otlab.tv), H_ARGS, HIST2, check=near(lambda r: r, 0.2))
add(
    "optimal_discriminator",
    f(otlab.optimal_discriminator),
    lambda: {"p_r": I.HIST_P, "p_g": I.HIST_Q},
    {"p_r": "hist", "p_g": "hist"},
    check=near(lambda r: r, I.HIST_P / (I.HIST_P + I.HIST_Q)),
)
add(
    "gan_value",
    f(otlab.gan_value),
    lambda: {"p_r": I.HIST_P, "p_g": I.HIST_Q},
    {"p_r": "hist", "p_g": "hist", "d": "array"},
)
add("gaussian_kl", f(otlab.gaussian_kl), G_ARGS, GAUSS)
add(
    "gaussian_js",
    f(otlab.gaussian_js),
    lambda: {"mean1": 0.0, "var1": 1.0, "mean2": 1.0, "var2": 2.0},
    {"mean1": "number", "var1": "positive", "mean2": "number", "var2": "positive"},
)
add(
    "divergences.gaussian_integrands",
    f(dv.gaussian_integrands),
    lambda: {"x": np.linspace(-3, 3, 7), "mean1": 0.0, "var1": 1.0, "mean2": 1.0, "var2": 2.0},
    {"x": "array", "mean1": "number", "var1": "positive", "mean2": "number", "var2": "positive"},
)
add(
    "theta_divergences",
    f(otlab.theta_divergences),
    lambda: {"theta": 0.5},
    {"theta": "number"},
    check=near(lambda r: r.w1, 0.5),
    infinite=("kl_pq", "kl_qp"),  # documented: KL = +inf for every theta != 0
)
add(
    "divergences.theta_slopes",
    f(dv.theta_slopes),
    lambda: {"theta": 0.5, "step": 1e-3},
    {"theta": "number", "step": "positive"},
)
add(
    "divergences.theta_estimates",
    f(dv.theta_estimates),
    lambda: {"theta": 0.5, "n": 50, "bin_width": 0.1, "seed": 0},
    {"theta": "number", "n": "count", "bin_width": "positive", "seed": "seed"},
    infinite=("kl_pq", "kl_qp"),  # disjoint histograms at theta = 0.5: exactly +inf
)
for cls, by in [
    ("divergences.GaussianIntegrands", "divergences.gaussian_integrands"),
    ("divergences.ThetaDivergences", "theta_divergences"),
    ("divergences.ThetaSlopes", "divergences.theta_slopes"),
]:
    made(cls, by)

# --------------------------------------------------------------------------- witnesses
add(
    "mmd",
    f(otlab.mmd),
    lambda: {"x": I.X, "y": I.Y, "a": I.W, "b": I.W, "bandwidth": 0.5},
    PTS | {"bandwidth": "positive"},
)
add(
    "mmd_witness",
    f(otlab.mmd_witness),
    lambda: {"x": I.X, "y": I.Y, "bandwidth": 0.5},
    PTS | {"bandwidth": "positive"},
)
add(
    "theta_mmd",
    f(otlab.theta_mmd),
    lambda: {"theta": 0.5, "bandwidth": 0.5},
    {"theta": "values", "bandwidth": "positive"},  # documented: float or array_like
)
add(
    "theta_witnesses",
    f(otlab.theta_witnesses),
    lambda: {"theta": 0.5, "bandwidth": 0.5, "n": 20, "seed": 0},
    {"theta": "number", "bandwidth": "positive", "n": "count", "seed": "seed", "s": "array"},
)
made("MMDWitness", "mmd_witness")
made("ThetaWitnesses", "theta_witnesses")

# --------------------------------------------------------------------------- toy
for name in ("eight_gaussians", "twenty_five_gaussians", "swissroll", "ring", "moons", "crescent"):
    add(
        f"toy.{name}",
        f(getattr(toy, name)),
        lambda: {"n": 5, "seed": 0},
        {"n": "count", "seed": "seed"},
        check=lambda r: r.shape == (5, 2) or (_ for _ in ()).throw(AssertionError(r.shape)),
    )
add(
    "toy.parallel_lines",
    f(toy.parallel_lines),
    lambda: {"theta": 0.5, "n": 5, "lines": 3, "seed": 0},
    {"theta": "number", "n": "count", "lines": "int", "seed": "seed"},
)
add(
    "toy.theta_pair",
    f(toy.theta_pair),
    lambda: {"theta": 0.5, "n": 5, "seed": 0},
    {"theta": "number", "n": "count", "seed": "seed"},
)
add(
    "toy.point_masses",
    f(toy.point_masses),
    lambda: {"n": 5, "locations": I.X, "weights": I.W, "seed": 0},
    {"n": "count", "locations": "points", "weights": "weights", "seed": "seed"},
)
add(
    "toy.gaussian",
    f(toy.gaussian),
    lambda: {"n": 5, "mean": I.MEAN, "cov": I.COV, "seed": 0},
    {"n": "count", "mean": "array", "cov": "array", "seed": "seed"},
)
add(
    "toy.ring_centres",
    f(toy.ring_centres),
    lambda: {"count": 4, "radius": 2.0},
    {"count": "count", "radius": "positive"},
)
add("toy.grid_centres", f(toy.grid_centres), lambda: {"spacing": 1.0}, {"spacing": "positive"})
add("toy.parameters", f(toy.parameters), lambda: {"name": "ring"}, {"name": "choice"})
add(
    "toy.sample",
    f(toy.sample),
    lambda: {"name": "8gaussians", "n": 5, "seed": 0},
    {"name": "choice", "n": "count", "seed": "seed"},
)
