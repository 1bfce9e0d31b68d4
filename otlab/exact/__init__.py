"""Exact optimal transport: piles on a line, quantiles, Gaussians, the LP and its potential.

Also its approximations: entropic (Sinkhorn) and sliced transport, and displacement
interpolation along a plan.
"""

from otlab.exact.debiased import sinkhorn_divergence, sinkhorn_loss
from otlab.exact.entropic import SinkhornResult, SinkhornWarning, sinkhorn
from otlab.exact.gaussian import gaussian_geodesic, gaussian_map, gaussian_w2
from otlab.exact.interpolation import Interpolant, displacement_interpolation
from otlab.exact.lp import EMDResult, emd
from otlab.exact.piles import PilesResult, piles_emd
from otlab.exact.potential import Potential, kantorovich_potential
from otlab.exact.quantile import wasserstein_1d
from otlab.exact.sliced import sliced_wasserstein
from otlab.exact.soft_potential import EntropicPotential, entropic_potential

__all__ = [
    "EMDResult",
    "EntropicPotential",
    "Interpolant",
    "PilesResult",
    "Potential",
    "SinkhornResult",
    "SinkhornWarning",
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
    "wasserstein_1d",
]
