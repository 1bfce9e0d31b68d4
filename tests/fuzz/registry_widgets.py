"""Registry entries for otlab.widgets: app constructors and their callbacks."""

from __future__ import annotations

import numpy as np  # noqa: F401

import otlab  # noqa: F401
import otlab.widgets as w

from . import inputs as I  # noqa: N812
from .base import add, f, made

# --------------------------------------------------------------------------- otlab.widgets


def app_update(cls, **init):
    return lambda: cls(**init).update


add(
    "widgets.PilesEditor",
    f(w.PilesEditor),
    lambda: {"p": (1, 2), "q": (2, 1), "positions": (0.0, 1.0), "max_height": 4},
    {"p": "hist", "q": "hist", "positions": "array", "max_height": "int"},
)
add(
    "PilesEditor.update",
    app_update(w.PilesEditor, p=(1, 2), q=(2, 1), max_height=4),
    lambda: {"p": (2, 1), "q": (1, 2), "step": 0},
    {"p": "hist", "q": "hist", "step": "int0"},
    readout=True,
)
add(
    "widgets.GaussianSamplesApp",
    f(w.GaussianSamplesApp),
    lambda: {"sizes": (5, 10), "repeats": 1, "n": 5, "seed": 0},
    {
        "sizes": "object",
        "repeats": "int",
        "n": "count",
        "seed": "seed",
        "mean1": "array",
        "cov1": "array",
    },
)
add(
    "GaussianSamplesApp.update",
    app_update(w.GaussianSamplesApp, sizes=(5, 10), repeats=1, n=5),
    lambda: {"n": 10, "seed": 1},
    {"n": "count", "seed": "seed"},
    readout=True,
)
add(
    "widgets.EntropicApp",
    f(w.EntropicApp),
    lambda: {"x": I.X, "y": I.Y, "eps_values": (1.0, 0.5), "grid": 6},
    {
        "x": "points",
        "y": "points",
        "a": "weights",
        "eps_values": "array",
        "eps": "positive",
        "grid": "int",
        "xlim": "limits",
    },
)
add(
    "EntropicApp.update",
    lambda: w.EntropicApp(I.X, I.Y, eps_values=(1.0, 0.5), grid=6).update,
    lambda: {"eps": 0.5},
    {"eps": "positive"},
    readout=True,
)
add(
    "widgets.InterpolationApp",
    f(w.InterpolationApp),
    lambda: {"n": 10, "t": 0.3, "seed": 0},
    {"n": "count", "t": "number", "seed": "seed", "mean1": "array", "cov2": "array"},
)
add(
    "InterpolationApp.update",
    app_update(w.InterpolationApp, n=10),
    lambda: {"t": 0.8},
    {"t": "number"},
    readout=True,
)
add(
    "widgets.SlicedApp",
    f(w.SlicedApp),
    lambda: {"x": I.X, "y": I.Y, "counts": (1, 3), "seeds": 2, "n_projections": 3, "seed": 0},
    {
        "x": "points",
        "y": "points",
        "p": "number",
        "counts": "object",
        "seeds": "int",
        "n_projections": "count",
        "seed": "seed",
    },
)
add(
    "SlicedApp.update",
    lambda: w.SlicedApp(I.X, I.Y, counts=(1, 3), seeds=2, n_projections=3).update,
    lambda: {"n_projections": 4, "seed": 1},
    {"n_projections": "count", "seed": "seed"},
    readout=True,
)
add(
    "widgets.GaussianShiftApp",
    f(w.GaussianShiftApp),
    lambda: {"gap": 0.5, "width": 2.0},
    {"gap": "number", "width": "positive"},
)
add(
    "GaussianShiftApp.update",
    app_update(w.GaussianShiftApp),
    lambda: {"gap": 2.0, "width": 0.5},
    {"gap": "number", "width": "positive"},
    readout=True,
)
add(
    "widgets.ThetaShiftApp",
    f(w.ThetaShiftApp),
    lambda: {"theta": 0.3, "n": 20, "bin_width": 0.2, "seed": 0},
    {"theta": "number", "n": "count", "bin_width": "positive", "seed": "seed"},
)
add(
    "ThetaShiftApp.update",
    app_update(w.ThetaShiftApp, n=20),
    lambda: {"theta": -0.4},
    {"theta": "number"},
    readout=True,
)
add(
    "widgets.CriticApp",
    f(w.CriticApp),
    lambda: {"n": 16, "steps": 2, "seed": 0},
    {"dataset": "choice", "constraint": "choice", "n": "count", "steps": "int", "seed": "seed"},
    valid=True,
)
add(
    "CriticApp.update",
    app_update(w.CriticApp, n=16, steps=2),
    lambda: {"constraint": "clip"},
    {"dataset": "choice", "constraint": "choice", "snapshot": "int0"},
    readout=True,
)
add(
    "widgets.BilinearGameApp",
    f(w.BilinearGameApp),
    lambda: {"lr": 0.2, "steps": 20, "x0": 1.0, "y0": 0.5},
    {"lr": "positive", "steps": "int", "x0": "number", "y0": "number"},
)
add(
    "BilinearGameApp.update",
    app_update(w.BilinearGameApp, steps=20),
    lambda: {"lr": 0.3, "steps": 30},
    {"lr": "positive", "steps": "int"},
    readout=True,
)
add(
    "widgets.DiracGANApp",
    f(w.DiracGANApp),
    lambda: {"loss": "wgan", "lr": 0.2, "n_critic": 2},
    {"loss": "choice", "lr": "positive", "n_critic": "int"},
)
add(
    "DiracGANApp.update",
    app_update(w.DiracGANApp),
    lambda: {"loss": "wgan-clip", "lr": 0.3, "n_critic": 3, "steps": 20},
    {"loss": "choice", "lr": "positive", "n_critic": "int", "steps": "int"},
    readout=True,
)
add(
    "widgets.SnapshotScrubber",
    f(w.SnapshotScrubber),
    lambda: {"run": I.gan_run()},
    {"run": "object"},
)
add(
    "SnapshotScrubber.update",
    lambda: w.SnapshotScrubber(I.gan_run()).update,
    lambda: {"index": 1},
    {"index": "int0"},
    readout=True,
)
add(
    "widgets.TrainingConsole",
    f(w.TrainingConsole),
    lambda: {"data": "8gaussians", "loss": "wgan-gp", "seed": 0} | I.TINY_GAN,
    {"data": "choice", "loss": "choice", "seed": "seed", "speed": "int", "width": "int"},
)
add(
    "TrainingConsole.step_critic",
    lambda: w.TrainingConsole("8gaussians", seed=0, **I.TINY_GAN).step_critic,
    lambda: {"n": 2},
    {"n": "int"},
    readout=True,
)
add(
    "TrainingConsole.set_points",
    lambda: w.TrainingConsole("8gaussians", seed=0, **I.TINY_GAN).set_points,
    lambda: {"points": I.X},
    {"points": "points"},
    readout=True,
)
made("widgets._console_view.ConsoleView", "widgets.TrainingConsole")
