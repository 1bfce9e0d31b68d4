"""WGAN critics on toy data: networks, Lipschitz constraints, fitting, comparison with exact OT.

This subpackage imports torch; ``import otlab`` does not (its names load lazily).
"""

from otlab.critics.certify import certified_estimate
from otlab.critics.compare import CriticComparison, compare_critic
from otlab.critics.config import CriticConfig, preset_config
from otlab.critics.constraints import (
    CONSTRAINTS,
    SAMPLINGS,
    clip_weights_,
    gradient_norm,
    gradient_penalty,
    lipschitz_penalty,
    penalty_points,
)
from otlab.critics.diagnostics import (
    SegmentGradients,
    critic_and_potential_on_grid,
    critic_weights,
    dead_units,
    layer_gradient_norms,
    segment_gradients,
)
from otlab.critics.fit import fit_critic
from otlab.critics.network import ACTIVATIONS, Critic, make_critic
from otlab.critics.result import CriticFit, CriticFunction, CriticHistory, CriticSnapshots

__all__ = [
    "ACTIVATIONS",
    "CONSTRAINTS",
    "SAMPLINGS",
    "Critic",
    "CriticComparison",
    "CriticConfig",
    "CriticFit",
    "CriticFunction",
    "CriticHistory",
    "CriticSnapshots",
    "SegmentGradients",
    "certified_estimate",
    "compare_critic",
    "critic_and_potential_on_grid",
    "critic_weights",
    "dead_units",
    "fit_critic",
    "preset_config",
    "clip_weights_",
    "gradient_norm",
    "gradient_penalty",
    "layer_gradient_norms",
    "lipschitz_penalty",
    "make_critic",
    "penalty_points",
    "segment_gradients",
]
