"""Exact optimal transport: piles on a line, quantiles, Gaussians, the LP and its potential."""

from otlab.exact.gaussian import gaussian_map, gaussian_w2
from otlab.exact.lp import EMDResult, emd
from otlab.exact.piles import PilesResult, piles_emd
from otlab.exact.potential import Potential, kantorovich_potential
from otlab.exact.quantile import wasserstein_1d

__all__ = [
    "EMDResult",
    "PilesResult",
    "Potential",
    "emd",
    "gaussian_map",
    "gaussian_w2",
    "kantorovich_potential",
    "piles_emd",
    "wasserstein_1d",
]
