"""Divergences between distributions, and why GANs trade them for the Wasserstein distance.

KL, JS and TV compare two distributions point by point, so they cannot see how far apart
two disjoint supports are; W1 measures the distance mass has to travel. The theta-shift family
of the WGAN paper (Arjovsky et al., 2017, Example 1) makes the difference exact:
P = U({0} x [0, 1]) and Q_theta = U({theta} x [0, 1]) give, for every theta != 0,
KL = +inf, JS = log 2, TV = 1, while W1 = |theta|.

Histograms may be counts or probabilities: each is normalised to total 1 after validation.
Values are in nats unless ``base=2`` (bits) is passed.

- :mod:`otlab.divergences.discrete`: KL, JS and TV between histograms, the optimal
  discriminator and the GAN value function;
- :mod:`otlab.divergences.gaussian`: closed forms and integrands for Gaussians;
- :mod:`otlab.divergences.theta`: the theta-shift family, exact and from samples.
"""

from otlab.divergences.discrete import (
    LOG2,  # noqa: F401 (importable here, as before the split)
    gan_value,
    js,
    kl,
    optimal_discriminator,
    tv,
)
from otlab.divergences.gaussian import (
    GaussianIntegrands,
    gaussian_integrands,
    gaussian_js,
    gaussian_kl,
)
from otlab.divergences.theta import (
    ThetaDivergences,
    ThetaSlopes,
    theta_divergences,
    theta_estimates,
    theta_slopes,
)

__all__ = [
    "GaussianIntegrands",
    "ThetaDivergences",
    "ThetaSlopes",
    "gan_value",
    "gaussian_integrands",
    "gaussian_js",
    "gaussian_kl",
    "js",
    "kl",
    "optimal_discriminator",
    "theta_divergences",
    "theta_estimates",
    "theta_slopes",
    "tv",
]
