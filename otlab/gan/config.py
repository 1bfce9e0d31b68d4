"""Everything that decides how a generator is trained: one dataclass, validated at the door.

``GANConfig()`` is the "fast" preset: settings chosen by measurement
(``benchmarks/sweep_gan.py``) so that a run on 8gaussians converges within a minute on a
2-core laptop CPU. ``preset_config("paper")`` gives the published settings instead (Adam
1e-4, betas (0.5, 0.9), 3 x 512 networks, 100k generator steps): faithful, and hours long on
a CPU. Optimiser fields left at None take the loss's own defaults from
:data:`otlab.gan.LOSSES`; :meth:`GANConfig.validate` fills them in, so a run's config always
says what was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from otlab._validation import (
    check_betas,
    check_choice,
    check_number,
    check_positive_int,
    describe,
    fail,
)
from otlab.gan.losses import CONSTRAINTS, LOSSES

OPTIMIZERS = ("adam", "rmsprop")
SCHEDULES = ("constant", "linear")
ACTIVATIONS = ("relu", "leaky_relu")
MAX_EVAL = 5000  # otlab.emd's network simplex takes at most 25 million plan entries


@dataclass(frozen=True)
class GANConfig:
    """The settings of a training run (the data and the seed aside)."""

    loss: str = "wgan-gp"  # a row of otlab.gan.LOSSES
    constraint: str | None = None  # None: the loss's own; or "none", "clip", "gp", "lp", "sn"
    # Generator steps: with 3000, wgan-gp covered all 8 modes of 8gaussians for 5 of 5 seeds;
    # with 2000 for 4 of 5 (benchmarks/sweep_gan.py).
    steps: int = 3000
    n_critic: int = 5  # critic steps per generator step, as in WGAN and WGAN-GP
    batch_size: int = 256  # points per batch, real and fake alike
    lr: float | None = None  # generator learning rate; None: the loss's default
    critic_lr: float | None = None  # critic learning rate; None: the loss's default
    betas: tuple[float, float] | None = None  # Adam's betas; None: the loss's default
    optimizer: str | None = None  # "adam" or "rmsprop"; None: the loss's default
    # "linear": both learning rates fall linearly to 0 over the second half of the run, which
    # lets the samples settle onto the modes: wgan-gp covered 8/8 modes for 5 of 5 seeds with
    # it, for 1 of 5 with a constant rate (benchmarks/sweep_gan.py, 3000 steps).
    schedule: str = "linear"
    width: int = 64  # hidden units per layer, generator and critic (WGAN-GP's toy nets: 512)
    depth: int = 3  # hidden layers, generator and critic
    activation: str = "relu"  # "relu" or "leaky_relu", generator and critic
    noise_dim: int = 2  # dimension of the generator's Gaussian input
    penalty_weight: float = 10.0  # lambda of the gp / lp penalties, as in WGAN-GP
    clip: float = 0.01  # weight bound c of the clip constraint, as in the WGAN paper
    # Entropic regularisation of loss="sinkhorn", in units of the cost |x - y|: about 5% of
    # the data's scale blurs the plan a little and converges in tens of iterations.
    eps: float = 0.1
    eval_every: int | None = None  # generator steps between evaluations; None: steps // 20
    n_eval: int = 512  # samples per side of each exact W1 (and of each snapshot)
    data_params: dict = field(default_factory=dict)  # parameters of a toy dataset
    device: str = "cpu"  # "cpu" or "cuda"
    # CPU threads while training. The matrices of 2-D networks are tiny: one thread is as
    # fast as several on a quiet machine and far faster on a busy one (threads spin waiting).
    threads: int = 1

    @property
    def row(self):
        """The loss's row of :data:`otlab.gan.LOSSES`."""
        return LOSSES[self.loss]

    @property
    def name(self) -> str:
        """The loss, with the constraint when it is not the loss's own (``gan-ns+sn``)."""
        own = self.constraint in (None, self.row.constraint)
        return self.loss if own else f"{self.loss}+{self.constraint}"

    def validate(self, func: str) -> GANConfig:
        """Check every field and fill in the loss's defaults; returns the resolved config."""
        check_choice(func, "loss", self.loss, tuple(LOSSES))
        row = LOSSES[self.loss]
        if self.constraint is not None:
            check_choice(func, "constraint", self.constraint, CONSTRAINTS)
            if not row.has_critic and self.constraint != "none":
                fail(
                    func,
                    f"no constraint with loss={self.loss!r} (it trains no critic)",
                    f"constraint={self.constraint!r}",
                    "drop `constraint`, or pick a loss with a critic",
                )
        for name in ("steps", "n_critic", "width", "depth", "noise_dim", "threads"):
            check_positive_int(func, name, getattr(self, name))
        check_positive_int(func, "batch_size", self.batch_size, minimum=2)
        check_positive_int(func, "n_eval", self.n_eval, minimum=2)
        if self.n_eval > MAX_EVAL:
            fail(
                func,
                f"`n_eval` at most {MAX_EVAL} (each evaluation solves an exact n_eval x n_eval "
                "transport problem)",
                repr(self.n_eval),
                f"pass n_eval={MAX_EVAL} or fewer; 512 is plenty for a W1 on the plane",
            )
        if self.eval_every is not None:
            check_positive_int(func, "eval_every", self.eval_every)
        for name in ("lr", "critic_lr"):
            if getattr(self, name) is not None:
                check_number(func, name, getattr(self, name))
        check_number(func, "penalty_weight", self.penalty_weight, strict=False)
        check_number(func, "clip", self.clip)
        check_number(func, "eps", self.eps)
        if self.optimizer is not None:
            check_choice(func, "optimizer", self.optimizer, OPTIMIZERS)
        check_choice(func, "schedule", self.schedule, SCHEDULES)
        check_choice(func, "activation", self.activation, ACTIVATIONS)
        if self.betas is not None:
            check_betas(func, self.betas)
        if not isinstance(self.data_params, dict):
            fail(
                func,
                "`data_params` a dict",
                describe(self.data_params),
                "pass e.g. data_params={'sd': 0.05}",
                kind=TypeError,
            )
        if not isinstance(self.device, str):
            fail(
                func,
                "`device` a string",
                describe(self.device),
                "pass 'cpu' or 'cuda'",
                kind=TypeError,
            )
        from otlab.critics.network import as_device  # torch, loaded with otlab.gan anyway

        as_device(func, self.device)  # "tpu", "cuda:banana": refused here, not mid-run
        return replace(
            self,
            constraint=row.constraint if self.constraint is None else self.constraint,
            lr=row.lr if self.lr is None else float(self.lr),
            critic_lr=row.critic_lr if self.critic_lr is None else float(self.critic_lr),
            betas=tuple(row.betas if self.betas is None else map(float, self.betas)),
            optimizer=row.optimizer if self.optimizer is None else self.optimizer,
            eval_every=max(self.steps // 20, 1) if self.eval_every is None else self.eval_every,
            data_params=dict(self.data_params),
        )


PRESETS = {
    "fast": GANConfig(),
    # Gulrajani et al. (2017), toy experiments: 3 x 512 ReLU networks, Adam 1e-4 with betas
    # (0.5, 0.9) for both players, lambda = 10, n_critic = 5, batch 256, 100k generator steps.
    "paper": GANConfig(
        steps=100_000,
        lr=1e-4,
        critic_lr=1e-4,
        betas=(0.5, 0.9),
        schedule="constant",
        width=512,
    ),
}


def preset_config(preset: str = "fast", **overrides) -> GANConfig:
    """The configuration of ``preset`` with ``overrides`` (fields of :class:`GANConfig`).

    Examples
    --------
    >>> preset_config("paper").lr
    0.0001
    >>> preset_config(loss="wgan-clip").validate("example").optimizer
    'rmsprop'
    """
    check_choice("preset_config", "preset", preset, tuple(PRESETS))
    return make_config("preset_config", PRESETS[preset], overrides)


def make_config(func: str, config, overrides: dict) -> GANConfig:
    """``config`` (a GANConfig, a preset name or None for the default) with ``overrides``,
    validated and resolved; unknown override names are a TypeError that lists the fields."""
    if config is None:
        config = PRESETS["fast"]
    elif isinstance(config, str):
        check_choice(func, "config", config, tuple(PRESETS))
        config = PRESETS[config]
    elif not isinstance(config, GANConfig):
        fail(
            func,
            "`config` a GANConfig, a preset name or None",
            describe(config),
            "pass e.g. otlab.gan.GANConfig(steps=2000) or 'fast'",
            kind=TypeError,
        )
    names = [f.name for f in fields(GANConfig)]
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        fail(
            func,
            f"options among {', '.join(names)}",
            ", ".join(unknown),
            "check the spelling; see otlab.gan.GANConfig",
            kind=TypeError,
        )
    if "loss" in overrides and overrides["loss"] != config.loss:
        # A new loss brings its own optimiser defaults unless they are given too.
        config = replace(
            config, optimizer=None, lr=None, critic_lr=None, betas=None, constraint=None
        )
    return replace(config, **overrides).validate(func)
