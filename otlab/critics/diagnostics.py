"""Looking inside a trained critic: its weights, and how gradients flow through its layers.

These are the measurements behind the weight-clipping pathologies of Gulrajani et al. (2017,
figure 1): clipped weights pile up at +-c, and the gradient that reaches each layer shrinks or
grows geometrically with depth.
"""

from __future__ import annotations

import numpy as np
import torch

from otlab._validation import fail
from otlab.critics.compare import _check
from otlab.critics.network import cpu_threads
from otlab.critics.result import CriticFit
from otlab.exact import EMDResult, kantorovich_potential


def critic_weights(fit: CriticFit) -> np.ndarray:
    """All entries of the critic's weight matrices (biases left out), as one flat array.

    Examples
    --------
    >>> from otlab import fit_critic, toy
    >>> real, fake = toy.sample("moons", 32, seed=0), toy.sample("gaussian", 32, seed=1)
    >>> fit = fit_critic(real, fake, steps=2, width=4, depth=1, seed=0, progress=False)
    >>> critic_weights(fit).shape  # 2 x 4 + 4 x 1
    (12,)
    """
    _check_fit("critic_weights", fit)
    matrices = [m.weight for m in _linears(fit.critic.network)]
    return torch.cat([w.detach().reshape(-1) for w in matrices]).double().cpu().numpy()


def layer_gradient_norms(fit: CriticFit) -> np.ndarray:
    r"""(depth + 1,) norms of the gradient of the critic's gap with respect to each weight matrix.

    .. math:: \Big\| \frac{\partial}{\partial W_k}
              \Big(\frac1n \sum_i f(x_i) - \frac1m \sum_j f(y_j)\Big) \Big\|_F,
              \quad k = 1, \dots, \text{depth} + 1

    Index 0 is the input layer. Under weight clipping these norms change geometrically with
    depth: vanishing for small c, exploding for large c.
    """
    _check_fit("layer_gradient_norms", fit)
    network = fit.critic.network
    device = next(network.parameters()).device
    real = torch.as_tensor(fit.real, dtype=torch.float32, device=device)
    fake = torch.as_tensor(fit.fake, dtype=torch.float32, device=device)
    # The trained tensors: for spectral norm, the raw matrix behind the normalised one.
    matrices = [
        m.parametrizations.weight.original if hasattr(m, "parametrizations") else m.weight
        for m in _linears(network)
    ]
    with cpu_threads(1):
        gap = network(real).mean() - network(fake).mean()
        grads = torch.autograd.grad(gap, matrices)
    return np.array([float(g.norm()) for g in grads])


def critic_and_potential_on_grid(
    fit: CriticFit, exact: EMDResult, *, normalize: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X, Y, critic, potential) on the fit's grid, both centred, ready for one colour scale.

    A critic and a Kantorovich potential are defined up to an additive constant, so each is
    shifted to mean zero over the grid. With ``normalize`` the critic is also divided by its
    measured Lipschitz constant, so that a clipped critic (tiny values) is comparable too.
    """
    _check(fit, exact)
    X, Y = fit.snapshots.X, fit.snapshots.Y
    grid = np.column_stack([X.ravel(), Y.ravel()])
    learned = fit.critic(grid).reshape(X.shape)
    true = kantorovich_potential(exact)(grid).reshape(X.shape)
    if normalize:
        learned = learned / fit.lipschitz
    return X, Y, learned - learned.mean(), true - true.mean()


def _linears(network: torch.nn.Module) -> list[torch.nn.Linear]:
    return [m for m in network.modules() if isinstance(m, torch.nn.Linear)]


def _check_fit(func: str, fit) -> None:
    if not isinstance(fit, CriticFit):
        fail(
            func,
            "a CriticFit from otlab.fit_critic",
            type(fit).__name__,
            "call otlab.fit_critic(real, fake) first",
            kind=TypeError,
        )
