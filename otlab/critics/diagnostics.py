"""Looking inside a trained critic: its weights, and how gradients flow through its layers.

These are the measurements behind the weight-clipping pathologies of Gulrajani et al. (2017,
figure 1): clipped weights pile up at +-c, and the gradient that reaches each layer shrinks or
grows geometrically with depth.
"""

from __future__ import annotations

import numpy as np
import torch

from otlab.critics.compare import check_fit, check_fit_and_exact
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
    check_fit("critic_weights", fit)
    matrices = [m.weight for m in _linears(fit.critic.network)]
    return torch.cat([w.detach().reshape(-1) for w in matrices]).double().cpu().numpy()


def layer_gradient_norms(fit: CriticFit) -> np.ndarray:
    r"""(depth + 1,) mean norm of the critic's gradient with respect to each layer's input.

    .. math:: g_k = \frac{1}{n + m} \sum_{z \in \text{real} \cup \text{fake}}
              \Big\| \frac{\partial f(z)}{\partial h_k(z)} \Big\|,
              \quad k = 0, \dots, \text{depth}

    where h_k(z) is the input of the k-th linear layer: h_0 = z itself, so g_0 is the mean
    |grad f| over the data. Backpropagation multiplies this signal by a weight matrix at every
    layer; under weight clipping that factor is roughly fixed by c, so the norms change
    geometrically with depth: vanishing towards the input for small c, exploding for large c.

    Examples
    --------
    >>> from otlab import fit_critic, toy
    >>> real, fake = toy.sample("moons", 32, seed=0), toy.sample("gaussian", 32, seed=1)
    >>> fit = fit_critic(real, fake, steps=2, width=4, depth=3, seed=0, progress=False)
    >>> layer_gradient_norms(fit).shape
    (4,)
    """
    check_fit("layer_gradient_norms", fit)
    network = fit.critic.network
    device = next(network.parameters()).device
    points = torch.as_tensor(np.vstack([fit.real, fit.fake]), dtype=torch.float32, device=device)
    with cpu_threads(1):
        h = points.requires_grad_(True)  # (n + m, 2)
        inputs = []
        for layer in network.layers:
            if isinstance(layer, torch.nn.Linear):
                inputs.append(h)
            h = layer(h)
        grads = torch.autograd.grad(h.sum(), inputs)  # each (n + m, width of that input)
    return np.array([float(g.norm(dim=1).mean()) for g in grads])


def critic_and_potential_on_grid(
    fit: CriticFit, exact: EMDResult, *, normalize: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X, Y, critic, potential) on the fit's grid, both centred, ready for one colour scale.

    A critic and a Kantorovich potential are defined up to an additive constant, so each is
    shifted to mean zero over the grid. With ``normalize`` the critic is also divided by its
    measured Lipschitz constant, so that a clipped critic (tiny values) is comparable too.
    """
    check_fit_and_exact("critic_and_potential_on_grid", fit, exact)
    X, Y = fit.snapshots.X, fit.snapshots.Y
    grid = np.column_stack([X.ravel(), Y.ravel()])
    learned = fit.critic(grid).reshape(X.shape)
    true = kantorovich_potential(exact)(grid).reshape(X.shape)
    if normalize:
        learned = learned / fit.lipschitz
    return X, Y, learned - learned.mean(), true - true.mean()


def _linears(network: torch.nn.Module) -> list[torch.nn.Linear]:
    return [m for m in network.modules() if isinstance(m, torch.nn.Linear)]
