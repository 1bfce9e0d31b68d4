"""Looking inside a trained critic: its weights, how gradients flow through its layers, which
units never switch on, and how steep it is along the optimal plan's segments.

The first two are the measurements behind the weight-clipping pathologies of Gulrajani et al.
(2017, figure 1): clipped weights pile up at +-c, and the gradient that reaches each layer
shrinks or grows geometrically with depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from otlab._validation import as_scalar, check_positive_int, describe, fail
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


def dead_units(fit: CriticFit) -> np.ndarray:
    """(depth,) number of hidden units in each layer whose input is never positive.

    A unit counts as dead when its pre-activation is <= 0 at every sample and every point of
    the fit's snapshot grid. Under ReLU such a unit outputs 0 and passes no gradient anywhere
    the critic is looked at, so no training signal can bring it back; under Leaky ReLU it
    still passes its negative-side slope.

    Examples
    --------
    >>> from otlab import fit_critic, toy
    >>> real, fake = toy.sample("moons", 32, seed=0), toy.sample("gaussian", 32, seed=1)
    >>> fit = fit_critic(real, fake, steps=2, width=4, depth=3, seed=0, progress=False)
    >>> dead_units(fit).shape
    (3,)
    """
    check_fit("dead_units", fit)
    network = fit.critic.network
    device = next(network.parameters()).device
    grid = np.column_stack([fit.snapshots.X.ravel(), fit.snapshots.Y.ravel()])
    points = np.vstack([fit.real, fit.fake, grid])
    h = torch.as_tensor(points, dtype=torch.float32, device=device)  # (n + m + g^2, 2)
    counts = []
    with torch.no_grad(), cpu_threads(1):
        layers = list(network.layers)
        for layer, after in zip(layers[:-1], layers[1:], strict=True):
            h = layer(h)
            if isinstance(layer, torch.nn.Linear) and not isinstance(after, torch.nn.Linear):
                counts.append(int((h <= 0).all(dim=0).sum()))  # h: pre-activations (k, width)
    return np.array(counts, dtype=int)


@dataclass(frozen=True, eq=False)
class SegmentGradients:
    """|grad f| along the segments of an optimal plan, from the generated to the real end.

    Attributes
    ----------
    t : (k,) array
        Position along each segment: 0 at the generated point y_j, 1 at the real point x_i.
    norms : (s, k) array
        |grad f| at y_j + t (x_i - y_j), one row per segment that carries mass.
    weights : (s,) array
        Mass the plan moves along each segment, normalised to sum to 1.
    """

    t: np.ndarray
    norms: np.ndarray
    weights: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """(k,) mass-weighted mean of |grad f| at each position t."""
        return self.weights @ self.norms

    def quantile(self, q: float) -> np.ndarray:
        """(k,) mass-weighted q-quantile of |grad f| at each position t (0 <= q <= 1)."""
        func = "SegmentGradients.quantile"
        q = as_scalar(func, "q", q)  # a string or a complex q is refused here, not by `<=`
        if not 0 <= q <= 1:
            fail(func, "q in [0, 1]", describe(q), "pass e.g. q=0.9")
        order = np.argsort(self.norms, axis=0)  # (s, k)
        cumulative = np.cumsum(self.weights[order], axis=0)  # (s, k)
        rows = (cumulative < q * cumulative[-1] - 1e-12).sum(axis=0)  # first row reaching q
        rows = np.minimum(rows, len(self.weights) - 1)
        return np.take_along_axis(self.norms, order, axis=0)[rows, np.arange(self.t.size)]


def segment_gradients(fit: CriticFit, exact: EMDResult, *, points: int = 11) -> SegmentGradients:
    r"""|grad f| along every segment of the exact W1 plan, at ``points`` evenly spaced positions.

    The Kantorovich potential climbs at unit rate along each segment from y_j to x_i that
    carries mass, so an optimal critic has

    .. math:: |\nabla f(y_j + t (x_i - y_j))| = 1, \quad 0 \le t \le 1.

    Reading |grad f| against t shows where a critic is held to slope one and where not: a
    gradient penalty at the real points only constrains t = 1, at the generated ones t = 0.

    Parameters
    ----------
    fit : CriticFit
        From :func:`otlab.fit_critic`.
    exact : EMDResult
        ``otlab.emd(fit.real, fit.fake, p=1)``.
    points : int, keyword-only
        Positions per segment, both ends included (at least 2).

    Returns
    -------
    SegmentGradients

    Examples
    --------
    >>> import otlab
    >>> from otlab import toy
    >>> real = toy.sample("gaussian", 32, seed=0, mean=(2.0, 0.0))
    >>> fake = toy.sample("gaussian", 32, seed=1)
    >>> fit = otlab.fit_critic(real, fake, steps=2, seed=0, progress=False)
    >>> along = segment_gradients(fit, otlab.emd(real, fake), points=5)
    >>> along.t.tolist(), along.norms.shape[1]
    ([0.0, 0.25, 0.5, 0.75, 1.0], 5)
    """
    func = "segment_gradients"
    check_fit_and_exact(func, fit, exact)
    points = check_positive_int(func, "points", points, minimum=2)
    i, j = np.nonzero(exact.plan > 1e-12 * exact.plan.max())
    t = np.linspace(0.0, 1.0, points)  # (k,)
    along = exact.y[j][:, None, :] + t[None, :, None] * (exact.x[i] - exact.y[j])[:, None, :]
    norms = fit.critic.grad_norm(along.reshape(-1, 2)).reshape(i.size, t.size)  # (s, k)
    weights = exact.plan[i, j] / exact.plan[i, j].sum()
    return SegmentGradients(t=t, norms=norms, weights=weights)


def _linears(network: torch.nn.Module) -> list[torch.nn.Linear]:
    return [m for m in network.modules() if isinstance(m, torch.nn.Linear)]
