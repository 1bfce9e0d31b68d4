"""Training generators with GAN and WGAN losses, and the dynamics that tell them apart.

The table of losses and the config load without torch (the plots read them); everything
that trains loads torch on first use, so ``import otlab.gan.losses`` stays light.
"""

from importlib import import_module

from otlab.gan.config import PRESETS, GANConfig, preset_config
from otlab.gan.losses import CONSTRAINTS, LOSSES, Loss

# Public names that need torch, loaded on first use: name -> defining module.
_LAZY = {
    **dict.fromkeys(["COVERAGE_DATASETS", "ModeCoverage", "mode_coverage"], "otlab.gan.coverage"),
    **dict.fromkeys(
        ["BilinearResult", "DiracResult", "bilinear_game", "dirac_gan"], "otlab.gan.games"
    ),
    **dict.fromkeys(
        ["TransportDirections", "mean_cosine", "transport_directions"], "otlab.gan.directions"
    ),
    "Frame": "otlab.gan.frame",
    "LiveTraining": "otlab.gan.live",
    "make_generator": "otlab.gan.generator",
    **dict.fromkeys(["GANRun", "Snapshot"], "otlab.gan.run"),
    **dict.fromkeys(["train_gan", "train_gan_seeds"], "otlab.gan.train"),
    "Trainer": "otlab.gan.trainer",
    **dict.fromkeys(["VanishingResult", "vanishing_gradients"], "otlab.gan.vanishing"),
}

__all__ = ["CONSTRAINTS", "LOSSES", "PRESETS", "GANConfig", "Loss", "preset_config", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # cache: later lookups skip this hook
        return value
    raise AttributeError(f"module 'otlab.gan' has no attribute {name!r}")
