"""The table of losses: one row per way of training a generator, looked up once per run.

Each row states its formulas once, as averages of a :class:`Term` of the critic's raw scores
``f`` (the discriminator is ``D = sigmoid(f)``): what the critic minimises, what the generator
minimises, which Lipschitz constraint the critic gets (the vocabulary of
:data:`otlab.critics.CONSTRAINTS`, plus ``"none"``), the optimiser the paper used, and the fix
to suggest when the loss diverges. :func:`otlab.train_gan`, :func:`otlab.vanishing_gradients`
and the plots all read this table; the engine takes each term's derivative with respect to
the scores and backpropagates through the networks itself (:mod:`otlab.gan.network`).

Score tensors have shape (S, B): S seeds trained together, B points per batch; every
formula returns one loss per seed, shape (S,).

This module imports torch only when a formula is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

CONSTRAINTS = ("none", "clip", "gp", "lp", "sn")  # otlab.critics.CONSTRAINTS, plus "none"


@dataclass(frozen=True)
class Term:
    """``E phi(f)`` over a batch of scores: the building block of every loss of the table.

    Each term states ``phi`` once, with its derivative ``dphi``: the engine backpropagates
    ``dphi(f) / B`` through the networks itself, and ``tests/gan/test_losses.py`` holds every
    ``dphi`` equal to autograd's derivative of ``phi``.
    """

    formula: str  # phi(f) as it reads, for tables and docs
    phi: Callable
    dphi: Callable

    def mean(self, f):
        """(S,) the mean of phi over each seed's row of (S, B) scores."""
        return self.phi(f).mean(1)

    def grad(self, f):
        """(S, B) the derivative of ``mean`` with respect to each score."""
        return self.dphi(f) / f.shape[1]


def _torch():
    import torch

    return torch


# With D = sigmoid(f): -log D = softplus(-f), -log(1 - D) = softplus(f).
NEG_LOG_D = Term(
    "-log D(x) = softplus(-f)",
    lambda f: _torch().nn.functional.softplus(-f),
    lambda f: -_torch().sigmoid(-f),
)
NEG_LOG_ONE_MINUS_D = Term(
    "-log(1 - D(x)) = softplus(f)",
    lambda f: _torch().nn.functional.softplus(f),
    lambda f: _torch().sigmoid(f),
)
LOG_ONE_MINUS_D = Term(
    "log(1 - D(x)) = -softplus(f)",
    lambda f: -_torch().nn.functional.softplus(f),
    lambda f: -_torch().sigmoid(f),
)
SCORE = Term("f", lambda f: f, lambda f: _torch().ones_like(f))
NEG_SCORE = Term("-f", lambda f: -f, lambda f: -_torch().ones_like(f))


def _exact_w1(fake, real, config):
    """(S,) exact W1 between each seed's fake and real batch, differentiable in ``fake``.

    POT's network simplex solves each (B, B) problem for the optimal plan; the loss is then
    ``sum(plan * |fake_i - real_j|)`` with the plan held fixed, whose gradient is the
    gradient of W1 (envelope theorem: the plan is optimal, so moving it changes nothing to
    first order). Autograd differentiates the distances.
    """
    import numpy as np
    import ot
    import torch

    costs = torch.cdist(fake.double(), real.double())  # (S, B, B)
    batch = costs.shape[1]
    weights = np.full(batch, 1.0 / batch)
    plans = np.stack([ot.emd(weights, weights, cost) for cost in costs.detach().cpu().numpy()])
    return (torch.as_tensor(plans, device=costs.device) * costs).sum(dim=(1, 2))


def _sinkhorn(fake, real, config):
    """(S,) debiased Sinkhorn divergence (entropy ``config.eps``) per seed, differentiable in
    ``fake`` (:func:`otlab.exact.debiased.sinkhorn_loss`, Genevay et al., 2018)."""
    import warnings

    import torch

    from otlab.exact.debiased import sinkhorn_loss
    from otlab.exact.entropic import SinkhornWarning

    with warnings.catch_warnings():
        # Near convergence Sinkhorn's error shrinks slowly and it may stop at max_iter; its
        # gradient is still a usable descent direction, and a warning per step would drown
        # the progress bar.
        warnings.simplefilter("ignore", SinkhornWarning)
        return torch.stack(
            [sinkhorn_loss(f, r, eps=config.eps) for f, r in zip(fake, real, strict=True)]
        )


@dataclass(frozen=True)
class Loss:
    """One way of training a generator; see :data:`LOSSES`.

    The critic minimises ``E_real critic_real(f) + E_fake critic_fake(f)``; the generator
    minimises ``E_fake generator_fake(f)`` (each a :class:`Term` of the scores), or, for a
    loss without a critic, ``transport(fake, real)``.

    Attributes
    ----------
    name : str
    summary : str, one line for tables and plots.
    critic_real, critic_fake, generator_fake : Term, or None for a loss without a critic.
    transport : callable (fake, real, config) -> (S,), differentiable in ``fake`` (losses
        without a critic), else None.
    constraint : str, the critic's Lipschitz constraint, one of :data:`CONSTRAINTS`.
    optimizer, lr, critic_lr, betas : the optimiser used when the config leaves them None.
    fix : str, what to try when a loss turns NaN or infinite.
    gap_estimates_w1 : bool, E_r f - E_g f estimates W1 (the WGAN family).
    colour : str, the loss's colour in every plot.
    """

    name: str
    summary: str
    critic_real: Term | None
    critic_fake: Term | None
    generator_fake: Term | None
    transport: Callable | None
    constraint: str
    optimizer: str
    lr: float
    critic_lr: float | None
    betas: tuple[float, float]
    fix: str
    gap_estimates_w1: bool
    colour: str

    @property
    def has_critic(self) -> bool:
        return self.transport is None

    def critic_loss(self, f_real, f_fake):
        """(S,) what the critic minimises, from (S, B) scores on real and fake points."""
        return self.critic_real.mean(f_real) + self.critic_fake.mean(f_fake)

    def generator_loss(self, f_fake):
        """(S,) what the generator minimises, from (S, B) scores of its samples."""
        return self.generator_fake.mean(f_fake)


# Optimiser defaults. The papers use one rate for both players (WGAN-GP: Adam 1e-4, betas
# (0.5, 0.9); weight clipping: RMSprop 5e-5) over 100k+ steps. otlab's runs must converge in
# a minute on a laptop CPU, so the rates are larger; the values come from the sweep in
# benchmarks/sweep_gan.py (its results are in the README's Performance table).
_ADAM = {"optimizer": "adam", "lr": 1e-3, "critic_lr": 1e-3, "betas": (0.5, 0.9)}
_GAN_FIX = "lower lr and critic_lr (e.g. 1e-4), or use loss='gan-ns' or a WGAN loss"
# Logistic regression, real = 1, fake = 0: the discriminator minimises -log D(x) - log(1 - D(G(z))).
_LOGISTIC = {"critic_real": NEG_LOG_D, "critic_fake": NEG_LOG_ONE_MINUS_D, "transport": None}
# The WGAN critic maximises E_r f - E_g f (the dual of W1 over 1-Lipschitz f); the generator
# moves its samples up the critic, minimising -E f(G(z)).
_WGAN = {
    "critic_real": NEG_SCORE,
    "critic_fake": SCORE,
    "generator_fake": NEG_SCORE,
    "transport": None,
    "gap_estimates_w1": True,
}

# The generator descends a transport cost between its batch and a data batch directly.
_NO_CRITIC = {
    "critic_real": None,
    "critic_fake": None,
    "generator_fake": None,
    "constraint": "none",
    "optimizer": "adam",
    "lr": 1e-3,
    "critic_lr": None,
    "betas": (0.5, 0.9),
}

LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            name="gan",
            summary="minimax GAN (Goodfellow et al., 2014)",
            generator_fake=LOG_ONE_MINUS_D,  # flat where D(G(z)) -> 0: the gradient vanishes
            constraint="none",
            fix=_GAN_FIX,
            gap_estimates_w1=False,
            colour="tab:red",
            **_LOGISTIC,
            **_ADAM,
        ),
        Loss(
            name="gan-ns",
            summary="non-saturating GAN (Goodfellow et al., 2014)",
            generator_fake=NEG_LOG_D,  # steep where D(G(z)) -> 0
            constraint="none",
            fix=_GAN_FIX,
            gap_estimates_w1=False,
            colour="tab:pink",
            **_LOGISTIC,
            **_ADAM,
        ),
        Loss(
            name="wgan",
            summary="WGAN loss with an unconstrained critic (no Lipschitz bound)",
            constraint="none",
            fix="constrain the critic: use loss='wgan-gp'",
            colour="tab:brown",
            **_WGAN,
            **_ADAM,
        ),
        Loss(
            name="wgan-clip",
            summary="WGAN, weights clipped to [-c, c] (Arjovsky et al., 2017)",
            constraint="clip",
            optimizer="rmsprop",  # the paper found momentum unstable with clipping
            lr=2e-4,
            critic_lr=2e-4,
            betas=(0.5, 0.9),  # unused by RMSprop
            fix="lower lr and critic_lr, or clip",
            colour="tab:olive",
            **_WGAN,
        ),
        Loss(
            name="wgan-gp",
            summary="WGAN, gradient penalty at interpolates (Gulrajani et al., 2017)",
            constraint="gp",
            fix="lower lr and critic_lr (e.g. 1e-4), or penalty_weight",
            colour="tab:blue",
            **_WGAN,
            **_ADAM,
        ),
        Loss(
            name="wgan-lp",
            summary="WGAN, one-sided Lipschitz penalty (Petzka et al., 2018)",
            constraint="lp",
            fix="lower lr and critic_lr (e.g. 1e-4), or penalty_weight",
            colour="tab:cyan",
            **_WGAN,
            **_ADAM,
        ),
        Loss(
            name="wgan-sn",
            summary="WGAN, spectrally normalised critic (Miyato et al., 2018)",
            constraint="sn",
            fix="lower lr and critic_lr (e.g. 1e-4)",
            colour="tab:purple",
            **_WGAN,
            **_ADAM,
        ),
        Loss(
            name="wgan-exact",
            summary="no critic: descend the exact minibatch W1 (POT's network simplex)",
            transport=_exact_w1,
            fix="lower lr (e.g. 1e-4)",
            gap_estimates_w1=True,
            colour="black",
            **_NO_CRITIC,
        ),
        Loss(
            name="sinkhorn",
            summary="no critic: descend the debiased Sinkhorn divergence (Genevay et al., 2018)",
            transport=_sinkhorn,
            fix="lower lr (e.g. 1e-4) or raise eps",
            gap_estimates_w1=False,  # an entropic divergence, not W1
            colour="tab:green",
            **_NO_CRITIC,
        ),
    )
}
