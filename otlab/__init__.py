"""otlab: a teaching lab for optimal transport and Wasserstein GANs.

The exact core (numpy, scipy, POT) is imported here; the parts that need torch, matplotlib or
ipywidgets load on first use, so ``import otlab`` stays light.
"""

from importlib import import_module

from otlab import toy
from otlab.exact import (
    EMDResult,
    EntropicPotential,
    Interpolant,
    PilesResult,
    Potential,
    SinkhornResult,
    displacement_interpolation,
    emd,
    entropic_potential,
    gaussian_geodesic,
    gaussian_map,
    gaussian_w2,
    kantorovich_potential,
    piles_emd,
    sinkhorn,
    sinkhorn_divergence,
    sinkhorn_loss,
    sliced_wasserstein,
    wasserstein_1d,
)

__version__ = "0.1.0"

# Public names loaded on first use (torch for critics and gan): name -> defining module.
_LAZY = {
    **dict.fromkeys(
        [
            "kl",
            "js",
            "tv",
            "gaussian_kl",
            "gaussian_js",
            "theta_divergences",
            "optimal_discriminator",
            "gan_value",
        ],
        "otlab.divergences",
    ),
    **dict.fromkeys(
        ["mmd", "mmd_witness", "MMDWitness", "theta_mmd", "theta_witnesses", "ThetaWitnesses"],
        "otlab.witnesses",
    ),
    **dict.fromkeys(
        ["fit_critic", "compare_critic", "CriticFit", "CriticComparison"], "otlab.critics"
    ),
    **dict.fromkeys(
        [
            "train_gan",
            "train_gan_seeds",
            "GANConfig",
            "GANRun",
            "mode_coverage",
            "vanishing_gradients",
            "bilinear_game",
        ],
        "otlab.gan",
    ),
}

__all__ = [
    "EMDResult",
    "EntropicPotential",
    "Interpolant",
    "PilesResult",
    "Potential",
    "SinkhornResult",
    "displacement_interpolation",
    "emd",
    "entropic_potential",
    "gaussian_geodesic",
    "gaussian_map",
    "gaussian_w2",
    "kantorovich_potential",
    "piles_emd",
    "sinkhorn",
    "sinkhorn_divergence",
    "sinkhorn_loss",
    "sliced_wasserstein",
    "toy",
    "wasserstein_1d",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # cache: later lookups skip this hook
        return value
    if name in {"plot", "widgets", "critics", "gan", "divergences", "witnesses"}:
        return import_module(f"otlab.{name}")
    raise AttributeError(f"module 'otlab' has no attribute {name!r}")
