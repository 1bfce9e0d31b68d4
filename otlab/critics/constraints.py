"""Lipschitz constraints for a critic, each a small function on its own.

Kantorovich-Rubinstein duality asks for the best *1-Lipschitz* critic. A network is not
Lipschitz-bounded by itself, so WGAN variants enforce it in four ways:

- ``clip``: clamp every weight to [-c, c] after each optimiser step (Arjovsky et al., 2017);
- ``gp``: penalise ``(|grad f| - 1)^2`` at random points (Gulrajani et al., 2017);
- ``lp``: penalise only ``max(0, |grad f| - 1)^2``, the one-sided version (Petzka et al., 2018);
- ``sn``: divide each weight matrix by its spectral norm (Miyato et al., 2018), built into the
  network by ``make_critic(spectral_norm=True)``.

The penalties are returned *without* their weight lambda: the training loop multiplies.
"""

from __future__ import annotations

import numbers

import torch

from otlab._validation import check_choice, describe, entry_point, fail
from otlab.critics.network import as_generator

CONSTRAINTS = ("clip", "gp", "lp", "sn")
SAMPLINGS = ("interpolates", "real", "fake", "real+fake", "interpolates+real+fake")
REDUCTIONS = ("mean", "none")


def gradient_norm(critic, points: torch.Tensor, *, create_graph: bool = False) -> torch.Tensor:
    """(n,) Euclidean norms of the critic's gradient at (n, d) ``points``.

    With ``create_graph=True`` the norms stay differentiable with respect to the critic's
    weights, which a penalty needs.
    """
    _check_critic("gradient_norm", critic)
    _check_points("gradient_norm", "points", points)
    points = points.detach().requires_grad_(True)
    scores = critic(points)  # (n,)
    (grad,) = torch.autograd.grad(scores.sum(), points, create_graph=create_graph)  # (n, d)
    return grad.norm(dim=1)


def penalty_points(
    real: torch.Tensor,
    fake: torch.Tensor,
    *,
    sampling: str = "interpolates",
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """The points where a penalty looks at the gradient.

    ``interpolates``: ``eps * real_i + (1 - eps) * fake_i`` with one ``eps ~ U(0, 1)`` per pair
    (a point on the segment, not a random point of the box); ``real``; ``fake``;
    ``real+fake``, both stacked; or ``interpolates+real+fake``, all three stacked. The last
    also holds the gradient down at the samples themselves, where a critic trained on a fixed
    sample can otherwise carve narrow steep wells around single points.
    """
    func = "penalty_points"
    check_choice(func, "sampling", sampling, SAMPLINGS)
    _check_pair(func, real, fake, same_rows=sampling.startswith("interpolates"))
    if sampling == "real":
        return real
    if sampling == "fake":
        return fake
    if sampling == "real+fake":
        return torch.cat([real, fake])
    generator = as_generator(func, generator)
    # Drawn on the generator's device and then moved, so a CPU generator also drives CUDA runs.
    eps = torch.rand(real.shape[0], 1, generator=generator, device=generator.device)  # (n, 1)
    eps = eps.to(device=real.device, dtype=real.dtype)
    interpolates = eps * real + (1 - eps) * fake
    if sampling == "interpolates+real+fake":
        return torch.cat([interpolates, real, fake])
    return interpolates


@entry_point("gradient_penalty")
def gradient_penalty(
    critic,
    real: torch.Tensor,
    fake: torch.Tensor,
    *,
    sampling: str = "interpolates",
    generator: torch.Generator | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""The two-sided gradient penalty of WGAN-GP, without its weight lambda.

    .. math:: \mathbb{E}_{\hat x} \big(|\nabla f(\hat x)| - 1\big)^2

    Parameters
    ----------
    critic : callable
        Maps (n, d) tensors to (n,) scores.
    real, fake : (n, d) tensors
        Batches from P_r and P_g (same number of rows for ``interpolates``).
    sampling : {"interpolates", "real", "fake", "real+fake", "interpolates+real+fake"}
        Where ``x_hat`` is drawn; see :func:`penalty_points`.
    generator : torch.Generator, optional
        Source of the interpolation weights.
    reduction : {"mean", "none"}
        ``"mean"`` (default) averages over the penalty points; ``"none"`` returns the
        per-point terms ``(|grad f(x_hat_i)| - 1)^2``, in the order of :func:`penalty_points`.

    Returns
    -------
    0-d tensor (``reduction="mean"``) or (k,) tensor (``reduction="none"``), differentiable
    with respect to the critic's weights.

    Examples
    --------
    A linear critic ``f(x) = w . x`` has gradient ``w`` everywhere, so the penalty is
    ``(|w| - 1)^2``:

    >>> import torch
    >>> critic = lambda x: x @ torch.tensor([3.0, 4.0])
    >>> float(gradient_penalty(critic, torch.zeros(4, 2), torch.ones(4, 2)))
    16.0

    References
    ----------
    Gulrajani et al., *Improved Training of Wasserstein GANs* (2017).
    """
    check_choice("gradient_penalty", "reduction", reduction, REDUCTIONS)
    _check_critic("gradient_penalty", critic)
    points = penalty_points(real, fake, sampling=sampling, generator=generator)
    norms = gradient_norm(critic, points, create_graph=True)
    return _reduce(two_sided_terms(norms), reduction)


@entry_point("lipschitz_penalty")
def lipschitz_penalty(
    critic,
    real: torch.Tensor,
    fake: torch.Tensor,
    *,
    sampling: str = "interpolates",
    generator: torch.Generator | None = None,
    reduction: str = "mean",
) -> torch.Tensor:
    r"""The one-sided Lipschitz penalty, without its weight lambda.

    .. math:: \mathbb{E}_{\hat x} \max\big(0, |\nabla f(\hat x)| - 1\big)^2

    Only gradients steeper than 1 are penalised: 1-Lipschitz is an inequality, and the optimal
    critic has norm 1 only on the transport segments. Parameters as :func:`gradient_penalty`;
    with ``reduction="none"`` the (k,) per-point terms ``max(0, |grad f(x_hat_i)| - 1)^2``.

    Examples
    --------
    >>> import torch
    >>> critic = lambda x: x @ torch.tensor([0.3, 0.4])
    >>> float(lipschitz_penalty(critic, torch.zeros(4, 2), torch.ones(4, 2)))
    0.0

    References
    ----------
    Petzka, Fischer & Lukovnikov, *On the regularization of Wasserstein GANs* (2018).
    """
    check_choice("lipschitz_penalty", "reduction", reduction, REDUCTIONS)
    _check_critic("lipschitz_penalty", critic)
    points = penalty_points(real, fake, sampling=sampling, generator=generator)
    norms = gradient_norm(critic, points, create_graph=True)
    return _reduce(one_sided_terms(norms), reduction)


def clip_weights_(critic: torch.nn.Module, c: float) -> torch.nn.Module:
    """Clamp every parameter (weights and biases) of ``critic`` to [-c, c], in place.

    Call it after each optimiser step, as in the WGAN paper. Returns the critic.

    Examples
    --------
    >>> import torch
    >>> layer = clip_weights_(torch.nn.Linear(2, 3), 0.01)
    >>> bool(layer.weight.abs().max() <= 0.01)
    True
    """
    func = "clip_weights_"
    if isinstance(c, bool) or not isinstance(c, numbers.Real) or not c > 0 or c == float("inf"):
        fail(func, "a clipping bound c > 0", describe(c), "pass e.g. c=0.01 (the WGAN paper)")
    if not isinstance(critic, torch.nn.Module):
        fail(
            func,
            "a torch.nn.Module",
            type(critic).__name__,
            "pass the critic network",
            kind=TypeError,
        )
    with torch.no_grad():
        for param in critic.parameters():
            param.clamp_(-c, c)
    return critic


def two_sided_terms(norms: torch.Tensor) -> torch.Tensor:
    """Per-point terms ``(|grad f| - 1)^2`` of :func:`gradient_penalty`, from gradient norms.

    Shared with the training loop of :func:`otlab.critics.fit_critic`, which already has the
    norms (it records their mean, min and max) and so need not compute the gradient twice.
    """
    return (norms - 1) ** 2


def one_sided_terms(norms: torch.Tensor) -> torch.Tensor:
    """Per-point terms ``max(0, |grad f| - 1)^2`` of :func:`lipschitz_penalty`, from norms."""
    return torch.relu(norms - 1) ** 2


def _reduce(terms: torch.Tensor, reduction: str) -> torch.Tensor:
    """Average the per-point penalty terms, or return them as they are."""
    return terms.mean() if reduction == "mean" else terms


def _check_critic(func: str, critic) -> None:
    if not callable(critic):
        fail(
            func,
            "`critic` a callable mapping (n, d) tensors to (n,) scores",
            describe(critic),
            "pass a torch.nn.Module, e.g. otlab.critics.make_critic()",
            kind=TypeError,
        )


def _check_points(func: str, name: str, value) -> None:
    """A non-empty, finite (n, d) torch tensor."""
    if not isinstance(value, torch.Tensor):
        fail(
            func,
            f"`{name}` as a torch.Tensor",
            describe(value),
            "convert with torch.as_tensor(points, dtype=torch.float32)",
            kind=TypeError,
        )
    if value.ndim != 2 or value.shape[0] == 0:
        fail(
            func,
            f"`{name}` as an (n, d) batch of points, n >= 1",
            f"shape {tuple(value.shape)}",
            "stack the points as rows",
        )
    if value.is_complex() or not bool(torch.isfinite(value).all()):
        fail(func, f"finite real values in `{name}`", "NaN, inf or complex entries", "drop them")


def _check_pair(func: str, real, fake, *, same_rows: bool) -> None:
    for name, value in (("real", real), ("fake", fake)):
        _check_points(func, name, value)
    if real.shape[1] != fake.shape[1]:
        fail(
            func,
            "`real` and `fake` of the same dimension",
            f"shapes {tuple(real.shape)} and {tuple(fake.shape)}",
            "pass points of the same dimension",
        )
    if same_rows and real.shape[0] != fake.shape[0]:
        fail(
            func,
            "`real` and `fake` with the same number of rows for sampling='interpolates'",
            f"shapes {tuple(real.shape)} and {tuple(fake.shape)}",
            "draw equal batch sizes (each interpolate pairs real[i] with fake[i])",
        )
