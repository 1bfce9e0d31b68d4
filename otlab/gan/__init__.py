"""Training generators with GAN and WGAN losses, and the dynamics that tell them apart.

This subpackage imports torch; ``import otlab`` does not (its names load lazily).
"""

from otlab.gan.coverage import mode_coverage
from otlab.gan.games import bilinear_game
from otlab.gan.run import GANRun
from otlab.gan.train import train_gan
from otlab.gan.vanishing import vanishing_gradients

__all__ = ["GANRun", "bilinear_game", "mode_coverage", "train_gan", "vanishing_gradients"]
