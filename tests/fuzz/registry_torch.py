"""Registry entries for the torch layers: otlab.critics, otlab.gan, and otlab.lecture."""

from __future__ import annotations

import numpy as np

import otlab
import otlab.critics as cr
import otlab.gan as gan
import otlab.lecture as lecture
from otlab.gan.frame import History

from . import inputs as I  # noqa: N812
from .base import add, f, made

FIT_KINDS = {
    "real": "points",
    "fake": "points",
    "constraint": "choice",
    "steps": "int",
    "seed": "seed",
    "device": "device",
    "preset": "choice",
    "width": "int",
    "lr": "positive",
    "batch_size": "int",
}


def _fit_args():
    real, fake = I.real_fake()
    return {"real": real, "fake": fake, "steps": 2, "seed": 0, "progress": False, **I.TINY_NET}


# --------------------------------------------------------------------------- otlab.critics
add("fit_critic", f(otlab.fit_critic), _fit_args, FIT_KINDS)
add(
    "compare_critic",
    f(otlab.compare_critic),
    lambda: {"fit": I.critic_fit(), "exact": I.emd_real_fake()},
    {"fit": "object", "exact": "object"},
)
add(
    "critics.critic_and_potential_on_grid",
    f(cr.critic_and_potential_on_grid),
    lambda: {"fit": I.critic_fit(), "exact": I.emd_real_fake()},
    {"fit": "object", "exact": "object"},
)
add(
    "critics.critic_weights",
    f(cr.critic_weights),
    lambda: {"fit": I.critic_fit()},
    {"fit": "object"},
)
add(
    "critics.layer_gradient_norms",
    f(cr.layer_gradient_norms),
    lambda: {"fit": I.critic_fit()},
    {"fit": "object"},
)
add(
    "critics.dead_units",
    f(cr.dead_units),
    lambda: {"fit": I.critic_fit()},
    {"fit": "object"},
    check=lambda r: np.testing.assert_array_equal(r.shape, (I.TINY_NET["depth"],)),
)
add(
    "critics.segment_gradients",
    f(cr.segment_gradients),
    lambda: {"fit": I.critic_fit(), "exact": I.emd_real_fake(), "points": 5},
    {"fit": "object", "exact": "object", "points": "int"},
    check=lambda r: np.testing.assert_allclose(r.weights.sum(), 1.0),
)
add(
    "critics.SegmentGradients.quantile",
    lambda: I.segments().quantile,
    lambda: {"q": 0.9},
    {"q": "number"},
)
made("critics.SegmentGradients", "critics.segment_gradients")
add(
    "critics.certified_estimate",
    f(cr.certified_estimate),
    lambda: {"real": I.X, "fake": I.Y, "values": np.array([0.0, 0.5, 1.0])},
    {"real": "points", "fake": "points", "values": "array", "a": "weights", "b": "weights"},
)
add(
    "critics.preset_config",
    f(cr.preset_config),
    lambda: {"constraint": "gp", "preset": "fast"},
    {"constraint": "choice", "preset": "choice"},
)
add(
    "critics.CriticConfig",
    lambda: lambda **kw: cr.CriticConfig(**kw).validate("CriticConfig"),  # checked at the door
    lambda: {"width": 8, "lr": 0.01},
    {"width": "int", "depth": "int0", "lr": "positive", "activation": "choice", "betas": "pair"},
)
add(
    "critics.make_critic",
    f(cr.make_critic),
    lambda: {"width": 8, "depth": 1, "dim": 2},
    {
        "width": "int",
        "depth": "int0",
        "dim": "int",
        "activation": "choice",
        "generator": "instance",
    },
)
add(
    "critics.clip_weights_",
    f(cr.clip_weights_),
    lambda: {"critic": I.critic_net(), "c": 0.5},
    {"critic": "object", "c": "positive"},
)
TORCH_PAIR = {"critic": "object", "real": "points", "fake": "points", "sampling": "choice"}
for name in ("gradient_penalty", "lipschitz_penalty"):
    add(
        f"critics.{name}",
        f(getattr(cr, name)),
        lambda: {"critic": I.critic_net(), **dict(zip(("real", "fake"), I.tensors(), strict=True))},
        TORCH_PAIR | {"reduction": "choice"},
    )
add(
    "critics.penalty_points",
    f(cr.penalty_points),
    lambda: dict(zip(("real", "fake"), I.tensors(), strict=True)),
    {"real": "points", "fake": "points", "sampling": "choice"},
)
add(
    "critics.gradient_norm",
    f(cr.gradient_norm),
    lambda: {"critic": I.critic_net(), "points": I.tensors()[0]},
    {"critic": "object", "points": "points"},
)
for name in ("ACTIVATIONS", "CONSTRAINTS", "SAMPLINGS"):
    made(f"critics.{name}", "critics.make_critic")
for name in ("Critic", "CriticFunction"):
    made(f"critics.{name}", "critics.make_critic")
for name in ("CriticFit", "critics.CriticHistory", "critics.CriticSnapshots"):
    made(name, "fit_critic")
made("CriticComparison", "compare_critic")

# --------------------------------------------------------------------------- otlab.gan
GAN_KINDS = {
    "data": "choice",
    "seed": "seed",
    "loss": "choice",
    "steps": "int",
    "n_critic": "int",
    "batch_size": "int",
    "lr": "positive",
    "width": "int",
    "device": "device",
    "n_eval": "count",
    "eval_every": "int",
}


def _gan_args():
    return {"data": "8gaussians", "steps": 2, "eval_every": 1, "seed": 0, "progress": False}


add("train_gan", f(otlab.train_gan), lambda: _gan_args() | I.TINY_GAN, GAN_KINDS)
add(
    "train_gan_seeds",
    f(otlab.train_gan_seeds),
    lambda: {k: v for k, v in _gan_args().items() if k != "seed"} | I.TINY_GAN | {"seeds": [0, 1]},
    {k: v for k, v in GAN_KINDS.items() if k != "seed"} | {"seeds": "object"},
)
add(
    "GANConfig",
    lambda: lambda **kw: otlab.GANConfig(**kw).validate("GANConfig"),  # checked at the door
    lambda: {"steps": 10, "width": 8},
    {"loss": "choice", "steps": "int", "n_critic": "int", "lr": "positive", "device": "device"},
)
add(
    "gan.preset_config",
    f(gan.preset_config),
    lambda: {"preset": "fast", "steps": 5},
    {"preset": "choice"},
)
add(
    "gan.LiveTraining",
    f(gan.LiveTraining),
    lambda: {"data": "8gaussians", "seed": 0} | I.TINY_GAN,
    {"data": "choice", "seed": "seed", "loss": "choice", "width": "int", "device": "device"},
)
add(
    "gan.LiveTraining.step_critic",
    lambda: I.live().step_critic,
    lambda: {"n": 1},
    {"n": "int"},
)
add(
    "gan.LiveTraining.set_points",
    lambda: I.live().set_points,
    lambda: {"points": I.X * 0.5},
    {"points": "points"},
)
add(
    "gan.Trainer",
    f(gan.Trainer),
    lambda: {
        "data": "8gaussians",
        "config": otlab.GANConfig(**I.TINY_GAN, steps=2),
        "seeds": [0],
        "device": __import__("torch").device("cpu"),
    },
    {"data": "choice", "config": "object", "seeds": "object", "device": "device"},
)
add(
    "gan.make_generator",
    f(gan.make_generator),
    lambda: {"width": 8, "depth": 1, "generator": __import__("torch").Generator().manual_seed(0)},
    {
        "noise_dim": "int",
        "width": "int",
        "depth": "int0",
        "activation": "choice",
        "generator": "instance",
    },
)
add(
    "mode_coverage",
    f(otlab.mode_coverage),
    lambda: {"samples": I.real_fake()[0], "dataset": "8gaussians"},
    {"samples": "points", "dataset": "choice", "tolerance": "positive", "min_share": "number"},
)
add(
    "vanishing_gradients",
    f(otlab.vanishing_gradients),
    lambda: {"steps": 3, "batch_size": 16, "width": 8, "depth": 1, "seed": 0, "progress": False},
    {"data": "choice", "steps": "int", "offset": "pair", "lr": "positive", "seed": "seed"},
)
add(
    "bilinear_game",
    f(otlab.bilinear_game),
    lambda: {"x0": 1.0, "y0": 0.0, "lr": 0.1, "steps": 20, "mode": "alternating"},
    {"x0": "number", "y0": "number", "lr": "positive", "steps": "int", "mode": "choice"},
)
add(
    "gan.dirac_gan",
    f(gan.dirac_gan),
    lambda: {"theta0": 1.0, "psi0": 0.0, "lr": 0.1, "steps": 20, "n_critic": 2},
    {
        "theta0": "number",
        "psi0": "number",
        "loss": "choice",
        "lr": "positive",
        "steps": "int",
        "n_critic": "int",
        "clip": "positive",
    },
)
add(
    "gan.transport_directions",
    f(gan.transport_directions),
    lambda: {"real": I.X, "fake": I.Y},
    {"real": "points", "fake": "points"},
)
add(
    "gan.mean_cosine",
    f(gan.mean_cosine),
    lambda: {"u": I.X + 1, "v": I.Y},
    {"u": "points", "v": "points"},
)
for name, by in [
    ("GANRun", "train_gan"),
    ("gan.Snapshot", "train_gan"),
    ("gan.train.GRID_SIZE", "train_gan"),
    ("gan.CONSTRAINTS", "GANConfig"),
    ("gan.LOSSES", "GANConfig"),
    ("gan.PRESETS", "gan.preset_config"),
    ("gan.Loss", "GANConfig"),
    ("gan.COVERAGE_DATASETS", "mode_coverage"),
    ("gan.ModeCoverage", "mode_coverage"),
    ("gan.BilinearResult", "bilinear_game"),
    ("gan.DiracResult", "gan.dirac_gan"),
    ("gan.TransportDirections", "gan.transport_directions"),
    ("gan.Frame", "gan.LiveTraining"),
    ("gan.frame.History", "gan.LiveTraining"),
    ("gan.VanishingResult", "vanishing_gradients"),
]:
    made(name, by)
assert History is not None

# --------------------------------------------------------------------------- otlab.lecture
add(
    "lecture.find_notebooks",
    f(lecture.find_notebooks),
    lambda: {"only": ("01",)},
    {"directory": "instance", "only": "object"},
)
add(
    "lecture.title_and_summary",
    f(lecture.title_and_summary),
    lambda: {"markdown": "# A title\n\nA summary."},
    {"markdown": "text"},
)
add(
    "lecture.present",
    f(lecture.present),
    lambda: {"info": lecture.find_notebooks(only=("01",))[0], "port": 8866},
    {"info": "object", "port": "int", "theme": "choice", "ready_timeout": "positive"},
    valid=False,
)
add(
    "lecture.run_tour",
    f(lecture.run_tour),
    lambda: {"notebooks": lecture.find_notebooks(only=("01",)), "out": "build/fuzz-tour"},
    {"notebooks": "object", "timeout": "int", "frames": "int0"},
    valid=False,
)
for name in ("NotebookInfo", "NotebookReport", "TourResult"):
    made(f"lecture.{name}", "lecture.find_notebooks")
