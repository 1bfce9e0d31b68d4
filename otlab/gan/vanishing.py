"""Vanishing gradients: what a generator learns from a discriminator that is too good.

Arjovsky & Bottou (2017) held a generator fixed, trained the discriminator from scratch, and
watched the generator's gradient: under the minimax loss it decays as the discriminator
improves, because an optimal discriminator separates disjoint supports perfectly and then
``log(1 - D)`` is flat. A WGAN critic trained on the same samples keeps a gradient of norm
about 1 along the transport directions, so the generator's gradient does not vanish.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from tqdm.auto import tqdm

from otlab import toy
from otlab._seeding import numpy_rng, resolve_seed, torch_generator
from otlab._validation import (
    as_float_array,
    as_scalar,
    check_finite,
    check_positive_int,
    describe,
    entry_point,
    fail,
)
from otlab.critics.network import cpu_threads
from otlab.gan.data import check_data
from otlab.gan.generator import make_generator
from otlab.gan.losses import LOSSES

_FUNC = "vanishing_gradients"
N_REAL = 4096  # size of the fixed pool of real points the batches are drawn from


@dataclass(frozen=True, eq=False)
class VanishingResult:
    """Generator gradient norms while a discriminator and a critic train from scratch.

    Attributes
    ----------
    steps : (T + 1,) int array, discriminator steps taken (0 = untrained).
    minimax, non_saturating, wgan_gp : (T + 1,) arrays, norm of the generator's gradient
        (over all its parameters) under each loss, for the same fixed noise batch.
    d_fake : (T + 1,) array, mean D(G(z)) of the discriminator: how sure it is that fakes
        are fake (0 = certain).
    critic_gap : (T + 1,) array, E_r f - E_g f of the WGAN-GP critic.
    real, fake : (n, 2) arrays, a sample of the data and the fixed generator's samples.
    """

    steps: np.ndarray
    minimax: np.ndarray
    non_saturating: np.ndarray
    wgan_gp: np.ndarray
    d_fake: np.ndarray
    critic_gap: np.ndarray
    real: np.ndarray
    fake: np.ndarray

    @property
    def ratios(self) -> dict[str, float]:
        """Final gradient norm over the starting one, for each loss."""
        return {
            name: float(norms[-1] / norms[0])
            for name, norms in (
                ("minimax", self.minimax),
                ("non_saturating", self.non_saturating),
                ("wgan_gp", self.wgan_gp),
            )
        }


@entry_point(_FUNC)  # toy.sample's and gradient_penalty's checks report as this
def vanishing_gradients(
    data="8gaussians",
    *,
    steps: int = 500,
    offset=(0.0, 0.0),
    batch_size: int = 256,
    lr: float = 1e-3,
    width: int = 64,
    depth: int = 3,
    penalty_weight: float = 10.0,
    data_params: dict | None = None,
    seed: int | None = None,
    progress: bool = True,
) -> VanishingResult:
    r"""Train a discriminator and a WGAN-GP critic against a fixed generator; record its gradient.

    The generator is a freshly initialised MLP whose samples, shifted by ``offset``, sit off
    the data's support (for the default ``8gaussians``, a small blob at the centre of the
    ring). At each of ``steps`` discriminator steps the generator's gradient norm is measured
    under

    .. math::
        \text{minimax: } \nabla_\theta\, \mathbb{E} \log(1 - D(G_\theta(z))), \quad
        \text{non-saturating: } \nabla_\theta\, {-\mathbb{E}} \log D(G_\theta(z)), \quad
        \text{WGAN-GP: } \nabla_\theta\, {-\mathbb{E}} f(G_\theta(z))

    where ``D = sigmoid(logit)`` is trained by logistic regression and ``f`` by the WGAN-GP
    objective. Both use Adam (``lr``, betas (0.5, 0.9)) from the same initial weights.

    Parameters
    ----------
    data : str or (n, 2) array_like
        A name of :data:`otlab.toy.DATASETS` or a point cloud.
    steps : int, keyword-only
        Discriminator (and critic) steps.
    offset : (2,) array_like, keyword-only
        Added to every generator sample, to move the fake blob.
    batch_size, lr, width, depth, penalty_weight : keyword-only
        Batch size, Adam learning rate, network shape (generator and critics), lambda.
    data_params : dict, optional, keyword-only
        Parameters of the toy dataset.
    seed : int, numpy.random.Generator or torch.Generator, optional, keyword-only
        Same seed, same numbers (a Generator gives the int seed, drawn from it).
    progress : bool, keyword-only
        Show a tqdm progress bar.

    Returns
    -------
    VanishingResult

    Examples
    --------
    >>> result = vanishing_gradients(steps=2, seed=0, progress=False)
    >>> result.minimax.shape  # the untrained discriminator, then after each step
    (3,)

    References
    ----------
    Arjovsky & Bottou, *Towards Principled Methods for Training Generative Adversarial
    Networks* (ICLR 2017), section 2.2 and figure 2.
    """
    from otlab.critics.constraints import gradient_penalty
    from otlab.critics.network import make_critic

    steps = check_positive_int(_FUNC, "steps", steps)
    batch_size = check_positive_int(_FUNC, "batch_size", batch_size, minimum=2)
    width = check_positive_int(_FUNC, "width", width)
    depth = check_positive_int(_FUNC, "depth", depth)
    lr = as_scalar(_FUNC, "lr", lr, positive=True)
    penalty_weight = as_scalar(_FUNC, "penalty_weight", penalty_weight, positive=True)
    offset = check_finite(_FUNC, "offset", as_float_array(_FUNC, "offset", offset))
    if offset.shape != (2,):
        fail(_FUNC, "`offset` with 2 coordinates", f"shape {offset.shape}", "pass (dx, dy)")
    seed = resolve_seed(_FUNC, seed)
    gen = torch_generator(_FUNC, seed)
    rng = numpy_rng(_FUNC, seed)
    real = _real_points(data, data_params, rng)

    generator = make_generator(width=width, depth=depth, generator=gen)
    z = torch.randn(batch_size, 2, generator=gen)  # (B, 2), fixed noise for every measurement
    with torch.no_grad():
        fake = generator(z) + torch.as_tensor(offset, dtype=torch.float32)  # (B, 2)
    discriminator = make_critic(width=width, depth=depth, generator=gen)
    critic = make_critic(width=width, depth=depth, generator=gen)
    critic.load_state_dict(discriminator.state_dict())  # same start, only the loss differs
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.9))
    opt_c = torch.optim.Adam(critic.parameters(), lr=lr, betas=(0.5, 0.9))
    pool = torch.as_tensor(real, dtype=torch.float32)

    def measure() -> tuple[float, float, float, float, float]:
        fake_g = generator(z) + torch.as_tensor(offset, dtype=torch.float32)  # needs grad
        logits = discriminator(fake_g)[None]  # (1, B): one "seed" for the table's formulas
        minimax = _grad_norm(generator, LOSSES["gan"].generator_loss(logits).sum())
        non_sat = _grad_norm(generator, LOSSES["gan-ns"].generator_loss(logits).sum())
        wgan = _grad_norm(generator, LOSSES["wgan-gp"].generator_loss(critic(fake_g)[None]).sum())
        with torch.no_grad():
            d_fake = float(torch.sigmoid(logits).mean())
            batch = pool[torch.randint(0, pool.shape[0], (batch_size,), generator=gen)]
            gap = float(critic(batch).mean() - critic(fake).mean())
        return minimax, non_sat, wgan, d_fake, gap

    with cpu_threads(1):  # tiny networks: threads cost more than they save
        records = [measure()]
        for step in tqdm(range(steps), desc=_FUNC, disable=not progress, leave=False):
            batch = pool[torch.randint(0, pool.shape[0], (batch_size,), generator=gen)]  # (B, 2)
            d_loss = LOSSES["gan"].critic_loss(
                discriminator(batch)[None], discriminator(fake)[None]
            )
            _check_loss(d_loss, "discriminator", step, lr, seed, "lower lr (e.g. 1e-4)")
            _step(opt_d, d_loss.sum())
            c_loss = LOSSES["wgan-gp"].critic_loss(critic(batch)[None], critic(fake)[None]).sum()
            c_loss = c_loss + penalty_weight * gradient_penalty(critic, batch, fake, generator=gen)
            _check_loss(c_loss, "critic", step, lr, seed, "lower lr (e.g. 1e-4) or penalty_weight")
            _step(opt_c, c_loss)
            records.append(measure())
    minimax, non_sat, wgan, d_fake, gap = (np.array(col) for col in zip(*records, strict=True))
    return VanishingResult(
        np.arange(steps + 1), minimax, non_sat, wgan, d_fake, gap, real, fake.double().numpy()
    )


def _grad_norm(module: torch.nn.Module, loss: torch.Tensor) -> float:
    """Euclidean norm of d loss / d parameters, over all of the module's parameters."""
    grads = torch.autograd.grad(loss, list(module.parameters()), retain_graph=True)
    return math.sqrt(sum(float(g.pow(2).sum()) for g in grads))


def _step(opt: torch.optim.Optimizer, loss: torch.Tensor) -> None:
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def _real_points(data, data_params, rng) -> np.ndarray:
    if data_params is not None and not isinstance(data_params, dict):
        fail(
            _FUNC,
            "`data_params` a dict",
            describe(data_params),
            "pass e.g. data_params={'sd': 0.05}",
            kind=TypeError,
        )
    points = check_data(_FUNC, data, data_params or {})
    if points is None:  # a toy name: a fixed pool of its points
        return toy.sample(data, N_REAL, seed=rng, **(data_params or {}))
    return points


def _check_loss(loss: torch.Tensor, what: str, step: int, lr: float, seed, fix: str) -> None:
    value = float(loss.detach().sum())
    if not math.isfinite(value):
        raise FloatingPointError(
            f"{_FUNC}: finite losses, got a non-finite {what} loss ({value}) at {what} step "
            f"{step} with lr={lr:g} (seed {seed}); {fix}, and try again"
        )
