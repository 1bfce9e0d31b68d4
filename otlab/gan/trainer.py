"""One training step at a time: the state of a run and the two updates, critic and generator.

:func:`otlab.train_gan` loops over these steps; the live training console calls them one
press at a time. A :class:`Trainer` holds S seeds side by side (S = 1 for one run): each seed
has its own networks, noise, data and interpolation weights, drawn from its own generators,
so a seed trained in a group gives the numbers it gives alone.

Per generator step the critic takes ``n_critic`` steps. Their real batches, generator samples
and interpolation weights are drawn for all of them at once (the generator does not change
between critic steps, so one forward pass serves them all), then each critic step is one
forward pass over real, fake and interpolated points together, the explicit input gradient
for the penalty, one backward pass and one optimiser call (:mod:`otlab.gan.network`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from otlab._seeding import resolve_seeds, spawn, torch_generator
from otlab._validation import describe, entry_point, fail
from otlab.critics.constraints import one_sided_terms, two_sided_terms
from otlab.critics.network import as_device, make_critic
from otlab.gan.config import GANConfig
from otlab.gan.data import DataStream, check_data
from otlab.gan.generator import make_generator
from otlab.gan.network import StackedMLP
from otlab.gan.optim import Adam, RMSprop

# The penalties of otlab.critics, as per-point terms of |grad f| with their derivatives.
PENALTIES = {
    "gp": (two_sided_terms, lambda norms: 2 * (norms - 1)),
    "lp": (one_sided_terms, lambda norms: 2 * (norms - 1).clamp_min(0)),
}


@dataclass
class StepRecord:
    """Per-seed numbers of one update, as (S,) tensors (not yet copied off the device)."""

    loss: torch.Tensor  # what the player minimised, penalty included
    gap: torch.Tensor  # E_r f - E_g f on the batch (the minibatch W1 without a critic)


class Trainer:
    """Networks, optimisers and random streams of a run of S seeds.

    Parameters
    ----------
    data : str or (n, 2) array_like, a toy name or points (see :func:`otlab.gan.data.check_data`)
    config : GANConfig (validated here, see :meth:`GANConfig.validate`)
    seeds : non-empty list of distinct seeds (ints, or generators that each give one)
    device : str or torch.device, "cpu" or "cuda"
    """

    @entry_point("Trainer")  # toy.sample's checks report under the name the user called
    def __init__(self, data, config: GANConfig, seeds: list[int], device: torch.device):
        func = "Trainer"
        if not isinstance(config, GANConfig):
            fail(
                func,
                "`config` a GANConfig",
                describe(config),
                "pass e.g. otlab.GANConfig(steps=100) or otlab.gan.preset_config('fast')",
                kind=TypeError,
            )
        config = config.validate(func)
        points = check_data(func, data, config.data_params)
        data = data if points is None else points
        seeds = resolve_seeds(func, seeds)
        device = as_device(func, device)
        self.seeds, self.device = seeds, device
        self.data = DataStream(data, config.data_params, seeds, config.n_eval, device)
        self.gens = [torch_generator("train_gan", seed, device) for seed in seeds]
        # Evaluation draws from its own streams, so evaluating more often changes nothing else.
        self.eval_gens = [
            torch_generator("train_gan", spawn("train_gan", s, 1)[0], device) for s in seeds
        ]
        shape = {"width": config.width, "depth": config.depth, "activation": config.activation}
        self.generator = StackedMLP(
            [make_generator(noise_dim=config.noise_dim, generator=g, **shape) for g in self.gens],
            config.activation,
        )
        # Every run has a critic, even wgan-exact, which does not train it: a console can
        # switch losses mid-run and go on from the current weights.
        self.critic = StackedMLP(
            [make_critic(generator=g, **shape) for g in self.gens], config.activation
        )
        self.config = None
        self.configure(config)
        self.generator_steps = 0
        self.critic_steps = 0

    @property
    def size(self) -> int:
        return len(self.seeds)

    def configure(self, config: GANConfig) -> None:
        """Adopt ``config`` (validated), keeping the weights: a change of loss, constraint or
        learning rate takes effect from the next step. New optimisers start when the
        optimiser kind changes (their moment estimates belong to the old one)."""
        before = self.config
        self.config = config
        if before is None or before.optimizer != config.optimizer or before.betas != config.betas:
            self.opt_g = _optimizer(config, self.generator, config.lr)
            self.opt_c = _optimizer(config, self.critic, config.critic_lr or config.lr)
        self.critic.set_spectral(config.constraint == "sn", self.gens)
        self.set_lr(1.0)

    def set_lr(self, factor: float) -> None:
        """Both learning rates at ``factor`` times the configured ones (the schedule)."""
        self.opt_g.lr = factor * self.config.lr
        self.opt_c.lr = factor * (self.config.critic_lr or self.config.lr)

    def noise(self, k: int, gens=None) -> torch.Tensor:
        """(S, k, noise_dim) Gaussian noise, each seed's rows from its own generator."""
        gens = self.gens if gens is None else gens
        dim = self.config.noise_dim
        return torch.stack([torch.randn(k, dim, generator=g, device=self.device) for g in gens])

    # --- the two updates ------------------------------------------------------------------

    def train_critic(self, n: int) -> StepRecord:
        """``n`` critic steps against the current generator; the record of the last one."""
        config = self.config
        batch = config.batch_size
        real = self.data.batches(n, batch)  # (n, S, B, 2)
        with torch.no_grad():
            fake = self.generator(self.noise(n * batch)).view(self.size, n, batch, 2)
            fake = fake.transpose(0, 1)  # (n, S, B, 2)
        mix = torch.stack(
            [torch.rand(n, batch, 1, generator=g, device=self.device) for g in self.gens], 1
        )  # (n, S, B, 1): interpolation weights, drawn whether or not a penalty uses them
        for i in range(n):
            record = self._critic_step(real[i], fake[i], mix[i])
        return record

    def _critic_step(self, real, fake, mix) -> StepRecord:
        config, critic, row = self.config, self.critic, self.config.row
        batch = real.shape[1]
        penalty = PENALTIES.get(config.constraint)
        points = [real, fake] + ([torch.lerp(fake, real, mix)] if penalty else [])
        critic.refresh()  # spectral norm: one power iteration
        scores, cache = critic.forward(torch.cat(points, 1), keep=True)  # (S, 2B or 3B, 1)
        f_real, f_fake = scores[:, :batch, 0], scores[:, batch : 2 * batch, 0]  # (S, B)
        loss = row.critic_loss(f_real, f_fake)  # (S,)
        out_grad = torch.cat([row.critic_real.grad(f_real), row.critic_fake.grad(f_fake)], 1)
        chain = {}
        if penalty is not None:
            terms, d_terms = penalty
            rows = slice(2 * batch, 3 * batch)
            grad, adjoints = critic.input_grad(cache, rows)  # (S, B, 2): grad f at interpolates
            norms = grad.norm(dim=-1)  # (S, B)
            loss = loss + config.penalty_weight * terms(norms).mean(1)
            # d loss / d grad f = lambda / B * d_terms(|g|) * g / |g|
            scale = (config.penalty_weight / batch) * d_terms(norms) / norms.clamp_min(1e-12)
            chain = {"adjoints": adjoints, "chain_rows": rows, "grad_grad": scale[..., None] * grad}
        critic.backward(cache, out_grad[..., None], rows=slice(0, 2 * batch), **chain)
        self.opt_c.step()
        if config.constraint == "clip":
            critic.params.data.clamp_(-config.clip, config.clip)
        self.critic_steps += 1
        return StepRecord(loss, f_real.mean(1) - f_fake.mean(1))

    def train_generator(self) -> StepRecord:
        """One generator step against the current critic (or the exact loss)."""
        config, row = self.config, self.config.row
        fake, cache = self.generator.forward(self.noise(config.batch_size), keep=True)
        if row.has_critic:
            scores, critic_cache = self.critic.forward(fake, keep=True)
            f_fake = scores[..., 0]  # (S, B)
            loss, d_scores = row.generator_loss(f_fake), row.generator_fake.grad(f_fake)
            d_fake = self.critic.backward(
                critic_cache, d_scores[..., None], input_grad=True, weights=False
            )
            gap = torch.full_like(loss, float("nan"))
        else:  # the loss is a transport cost between the batch and a data batch
            real = self.data.batches(1, config.batch_size)[0]
            loss, d_fake = _value_and_grad(lambda f: row.transport(f, real, config), fake)
            gap = loss
        self.generator.backward(cache, d_fake)
        self.opt_g.step()
        self.generator_steps += 1
        return StepRecord(loss, gap)


def _value_and_grad(fn, fake: torch.Tensor):
    """``fn(fake)`` (S,) and the gradient of its sum with respect to ``fake``, by autograd
    (the transport losses: distances under POT's optimal plan, or POT's torch backend)."""
    leaf = fake.detach().requires_grad_(True)
    with torch.enable_grad():
        value = fn(leaf)
        (grad,) = torch.autograd.grad(value.sum(), leaf)
    return value.detach(), grad


def _optimizer(config: GANConfig, network: StackedMLP, lr: float):
    # One flat parameter tensor: each update is a few element-wise operations (gan/optim.py).
    if config.optimizer == "rmsprop":
        return RMSprop(network.params, lr=lr)
    return Adam(network.params, lr=lr, betas=config.betas)


# --- what the live training console needs (otlab.widgets.TrainingConsole) -----------------
# Three additions, kept apart from the training steps above: replace the data mid-run, read
# where the generator's loss pushes each sample, and copy the whole state out and back in.


def set_data(trainer: Trainer, data, data_params: dict) -> None:
    """Train on ``data`` (validated, see :func:`otlab.gan.data.check_data`) from the next step,
    keeping the weights: each seed's data stream starts again from that seed."""
    trainer.data = DataStream(
        data, data_params, trainer.seeds, trainer.config.n_eval, trainer.device
    )


def generator_push(trainer: Trainer, noise: torch.Tensor, real: torch.Tensor | None = None):
    """The samples ``G(noise)`` and where the generator's loss pushes each of them.

    The push at sample ``y_j`` is ``-B dL/dy_j``, ``B`` the number of samples: minus the
    gradient of the loss's per-sample term. For the WGAN losses (``L = -mean f(y)``) it is
    the critic's gradient ``grad f(y_j)``; for the minimax GAN ``sigmoid(f) grad f``. Without
    a critic (``wgan-exact``) the loss is the exact W1 to ``real`` (S, m, 2), any m.

    Parameters
    ----------
    noise : (S, B, noise_dim) tensor
    real : (S, m, 2) tensor, needed by losses without a critic

    Returns
    -------
    samples, push : (S, B, 2) tensors (no weights change, no random stream is drawn from)
    """
    config = trainer.config
    with torch.no_grad():
        fake = trainer.generator(noise)  # (S, B, 2)
    batch = fake.shape[1]
    if config.row.has_critic:
        scores, cache = trainer.critic.forward(fake, keep=True)
        d_scores = config.row.generator_fake.grad(scores[..., 0])
        d_fake = trainer.critic.backward(cache, d_scores[..., None], input_grad=True, weights=False)
    elif config.loss == "wgan-exact":
        _, d_fake = _value_and_grad(lambda f: _exact_w1_any(f, real), fake)
    else:
        _, d_fake = _value_and_grad(lambda f: config.row.transport(f, real, config), fake)
    return fake, -batch * d_fake


def _exact_w1_any(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """(S,) exact W1 between each seed's fake (S, B, 2) and real (S, m, 2), uniform weights."""
    import ot

    a = torch.full((real.shape[1],), 1.0 / real.shape[1], dtype=torch.float64)
    b = torch.full((fake.shape[1],), 1.0 / fake.shape[1], dtype=torch.float64)
    costs = torch.cdist(real.double(), fake.double())  # (S, m, B)
    return torch.stack([ot.emd2(a.to(c.device), b.to(c.device), c) for c in costs])


def trainer_state(trainer: Trainer) -> dict:
    """Everything that decides the run from here: weights, optimiser moments, random streams,
    data and counters, as tensors, numbers and strings (a copy: later steps do not change it).
    :func:`load_trainer_state` puts it back; ``torch.save`` writes it."""
    data = trainer.data

    return {
        "generator": trainer.generator.params.detach().clone(),
        "critic": trainer.critic.params.detach().clone(),
        "spectral": _spectral_state(trainer.critic),
        "opt_g": trainer.opt_g.state_dict(),
        "opt_c": trainer.opt_c.state_dict(),
        "gens": [g.get_state() for g in trainer.gens],
        "eval_gens": [g.get_state() for g in trainer.eval_gens],
        # numpy's PCG64 state holds 128-bit integers: kept as text, which torch.load's
        # weights-only reader accepts.
        "rngs": [repr(rng.bit_generator.state) for rng in data.rngs],
        "real": [torch.as_tensor(real) for real in data.real],
        "buffers": [torch.as_tensor(b) for b in getattr(data, "_buffers", [])],
        "generator_steps": trainer.generator_steps,
        "critic_steps": trainer.critic_steps,
    }


def load_trainer_state(trainer: Trainer, state: dict) -> None:
    """Put back a :func:`trainer_state` taken from a trainer with the same config and data."""
    import ast

    with torch.no_grad():
        trainer.generator.params.copy_(state["generator"])
        trainer.critic.params.copy_(state["critic"])
        _load_spectral(trainer, state["spectral"])
    trainer.opt_g.load_state_dict(state["opt_g"])
    trainer.opt_c.load_state_dict(state["opt_c"])
    trainer.set_lr(1.0)
    for g, saved in zip(
        trainer.gens + trainer.eval_gens, state["gens"] + state["eval_gens"], strict=True
    ):
        g.set_state(saved)
    data = trainer.data
    for rng, saved in zip(data.rngs, state["rngs"], strict=True):
        rng.bit_generator.state = ast.literal_eval(saved)
    data.real = [real.double().numpy().copy() for real in state["real"]]
    if state["buffers"]:
        data._buffers = [b.double().numpy().copy() for b in state["buffers"]]
    trainer.generator_steps = int(state["generator_steps"])
    trainer.critic_steps = int(state["critic_steps"])


def _spectral_state(critic: StackedMLP) -> dict:
    """Spectral normalisation's vectors, and the normalised weights the critic computes with
    now (made at the last power iteration, before the optimiser's step since)."""
    if not hasattr(critic, "_u"):
        return {}
    state = {"u": critic._u, "v": getattr(critic, "_v", []), "sigma": getattr(critic, "_sigma", [])}
    state = {name: [t.clone() for t in tensors] for name, tensors in state.items()}
    state["effective"] = [w.clone() for w in critic.effective] if critic.spectral else []
    return state


def _load_spectral(trainer: Trainer, state: dict) -> None:
    critic = trainer.critic
    if not state:
        return
    if not hasattr(critic, "_u"):  # the run had spectral normalisation at some point
        critic.set_spectral(True, trainer.gens)  # makes the vectors, overwritten next
        critic.set_spectral(trainer.config.constraint == "sn")
    critic._u = [u.clone() for u in state["u"]]
    critic._v = [v.clone() for v in state["v"]]
    critic._sigma = [s.clone() for s in state["sigma"]]
    if critic.spectral and state["effective"]:
        critic._use([w.clone() for w in state["effective"]])
