"""The engine's networks: S copies of a small MLP, with their gradients written out by hand.

Training a 2-D GAN on a CPU is bound by per-operation overhead, not arithmetic: a 3 x 64
network on 256 points does a few million multiply-adds per layer, less time than PyTorch
spends dispatching the operation and recording it for autograd. A WGAN-GP critic step with
autograd also differentiates twice (the penalty is a function of an input gradient), which
builds a graph of the backward graph. Here the whole step is a short fixed list of batched
matrix products:

- ``forward`` runs every seed's copy at once (``torch.baddbmm`` on weights stacked as
  (S, d_in, d_out)) and keeps the pre-activations;
- ``input_grad`` computes ``grad_x f`` explicitly. For a ReLU network
  ``grad_x f = W_0 D_0 W_1 D_1 ... w_L`` with ``D_k`` the 0/1 masks of the active units,
  which are piecewise constant, so the gradient penalty needs no second derivative of the
  activation, and its derivative with respect to the weights is one more backward pass
  through that chain;
- ``backward`` accumulates the weight gradients of a loss given its gradient with respect
  to the outputs (and optionally to the input gradients) into one flat buffer, which one
  optimiser call updates.

``tests/gan/test_network.py`` holds every gradient here equal to autograd's.
Seeds never interact: each copy has its own rows of every batch, and element-wise
optimisers (Adam, RMSprop) update each copy as if it trained alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

# name -> negative slope: ReLU is Leaky ReLU with slope 0. Both have piecewise-constant
# derivatives, which is what makes the explicit input gradient exact.
ACTIVATIONS = {"relu": 0.0, "leaky_relu": 0.2}


@dataclass
class Cache:
    """What ``forward`` keeps for the backward passes: inputs and pre-activations per layer."""

    inputs: list[torch.Tensor]  # h_k, (S, N, d_k): the input of layer k
    pre: list[torch.Tensor]  # (S, N, d_{k+1}): pre-activation of hidden layer k


class StackedMLP:
    """``S`` independent copies of an MLP ``sizes[0] -> ... -> sizes[-1]``.

    The weights of all copies live in one flat tensor ``params`` (a leaf ``nn.Parameter``,
    so any ``torch.optim`` optimiser can update it); ``weights[k]`` (S, d_k, d_{k+1}) and
    ``biases[k]`` (S, 1, d_{k+1}) are views into it, and ``grad`` is laid out the same way.

    Parameters
    ----------
    nets : list of nn.Module
        One plain MLP per seed (``nn.Linear`` layers and ReLU / Leaky ReLU activations, as
        built by :func:`otlab.critics.make_critic` and :func:`otlab.gan.make_generator`); their
        initial weights are copied, and :meth:`unstack` copies the trained ones back.
    activation : {"relu", "leaky_relu"}

    Attributes
    ----------
    spectral : bool
        Spectral normalisation (Miyato et al., 2018): the network uses ``W_k / sigma(W_k)``,
        with ``sigma`` estimated by one power iteration per :meth:`refresh` (turned on by
        :meth:`set_spectral`), and the
        gradient reaches ``W_k`` through that division (``u`` and ``v`` held constant, as
        ``torch.nn.utils.parametrizations.spectral_norm`` does).
    """

    def __init__(self, nets: list[nn.Module], activation: str = "relu"):
        self.nets = nets
        self.spectral = False
        self.slope = ACTIVATIONS[activation]
        layers = [[m for m in net.modules() if isinstance(m, nn.Linear)] for net in nets]
        self.sizes = [layers[0][0].in_features] + [layer.out_features for layer in layers[0]]
        self.size = len(nets)
        shapes = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        count = sum(d_in * d_out + d_out for d_in, d_out in shapes)
        device = layers[0][0].weight.device
        self.params = nn.Parameter(torch.empty(self.size * count, device=device))
        self.grad = torch.zeros_like(self.params)
        self.params.grad = self.grad  # the optimiser reads the buffer `backward` fills
        self.weights, self.biases = _views(self.params.data, self.size, shapes)
        self.weight_grads, self.bias_grads = _views(self.grad, self.size, shapes)
        with torch.no_grad():
            for k in range(len(shapes)):
                self.weights[k].copy_(torch.stack([net[k].weight.T for net in layers]))
                self.biases[k].copy_(torch.stack([net[k].bias[None, :] for net in layers]))
        self._use(self.weights)

    def _use(self, weights: list[torch.Tensor]) -> None:
        """Compute with ``weights`` (the raw ones, or normalised ones for SN). The transposed
        views are made once here: they follow in-place updates of the weights."""
        self.effective = weights
        self.effective_t = [w.transpose(1, 2) for w in weights]

    def set_spectral(self, on: bool, generators: list[torch.Generator] | None = None) -> None:
        """Turn spectral normalisation on or off; the raw weights are kept either way.

        ``generators`` (one per copy) draw the power iterations' random start vectors.
        """
        if on and not hasattr(self, "_u"):
            # Random start vectors, then 15 power iterations, as torch's spectral_norm does.
            self._u = [
                F.normalize(
                    torch.stack(
                        [
                            torch.randn(w.shape[1], 1, generator=g, device=g.device)
                            for g in generators
                        ]
                    ).to(w.device),
                    dim=1,
                )
                for w in self.weights
            ]
            for _ in range(15):
                self._power_iteration()
        self.spectral = on
        self._use(self.weights)
        self.refresh()

    def refresh(self) -> None:
        """One power iteration per layer and the normalised weights (a no-op without SN)."""
        if self.spectral:
            self._use(self._power_iteration())

    @torch.no_grad()
    def _power_iteration(self) -> list[torch.Tensor]:
        self._v, self._sigma, normalised = [], [], []
        for k, w in enumerate(self.weights):  # w: (S, d_in, d_out)
            v = F.normalize(torch.bmm(w.transpose(1, 2), self._u[k]), dim=1, eps=1e-12)
            self._u[k] = F.normalize(torch.bmm(w, v), dim=1, eps=1e-12)  # (S, d_in, 1)
            sigma = torch.bmm(self._u[k].transpose(1, 2), torch.bmm(w, v))  # (S, 1, 1)
            self._v.append(v)
            self._sigma.append(sigma)
            normalised.append(w / sigma)
        return normalised

    @property
    def depth(self) -> int:
        """Number of linear layers."""
        return len(self.weights)

    def forward(self, x: torch.Tensor, *, keep: bool = False):
        """(S, N, d_0) -> (S, N, d_L); with ``keep`` also the Cache for the backward passes."""
        inputs, pre, h = [], [], x
        for k in range(self.depth):
            inputs.append(h)
            h = torch.baddbmm(self.biases[k], h, self.effective[k])  # (S, N, d_{k+1})
            if k < self.depth - 1:
                pre.append(h)
                h = torch.relu(h) if self.slope == 0 else F.leaky_relu(h, self.slope)
        return (h, Cache(inputs, pre)) if keep else h

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward(x)

    def _act_grad(self, upstream: torch.Tensor, pre: torch.Tensor) -> torch.Tensor:
        """Multiply by the activation's derivative at ``pre``: 1 where positive, else the slope.

        The ATen kernels autograd itself uses for these activations: one fused pass, several
        times faster than ``torch.where`` on a boolean mask.
        """
        if self.slope == 0:
            return torch.ops.aten.threshold_backward(upstream, pre, 0)
        return torch.ops.aten.leaky_relu_backward(upstream, pre, self.slope, False)

    def input_grad(self, cache: Cache, rows: slice):
        """Gradient of a scalar-output network with respect to its input, at ``rows``.

        Returns ``(grad, adjoints)``: grad (S, R, d_0), and the chain's intermediate adjoints
        that :meth:`backward` needs to differentiate a function of ``grad`` (the penalty).
        """
        # adjoint[k]: d f / d pre-activation of layer k, for k = depth-1 (the output: 1) ... 0.
        w_last = self.effective_t[-1]  # (S, 1, d_{L-1})
        a = self._act_grad(w_last, cache.pre[-1][:, rows])  # (S, R, d_{L-1})
        adjoints = [a]
        for k in range(self.depth - 2, 0, -1):
            a = self._act_grad(torch.bmm(a, self.effective_t[k]), cache.pre[k - 1][:, rows])
            adjoints.append(a)
        grad = torch.bmm(a, self.effective_t[0])  # (S, R, d_0)
        return grad, adjoints[::-1]  # adjoints[k]: at the pre-activation of hidden layer k

    def backward(
        self,
        cache: Cache,
        out_grad: torch.Tensor | None,
        *,
        rows: slice = slice(None),
        adjoints: list[torch.Tensor] | None = None,
        chain_rows: slice | None = None,
        grad_grad: torch.Tensor | None = None,
        input_grad: bool = False,
        weights: bool = True,
    ):
        """Weight gradients of ``sum(out_grad * out[:, rows])`` (+ ``sum(grad_grad * grad_x)``).

        Parameters
        ----------
        out_grad : (S, R, d_L) tensor or None
            Gradient of the loss with respect to the outputs at ``rows`` of the cached batch.
        adjoints, chain_rows, grad_grad : from :meth:`input_grad`, optional
            Gradient (S, R', d_0) of the loss with respect to ``grad_x f`` at ``chain_rows``
            (a penalty); the activation masks are piecewise constant, so only the weights
            on the chain receive it.
        input_grad : bool
            Also return the gradient with respect to the inputs at ``rows`` (to go on
            backpropagating into the network that produced them).
        weights : bool
            Compute the weight gradients (into ``grad``, overwritten); False when only the
            input gradient is wanted (the generator's step backpropagates through the critic
            without training it).

        Returns
        -------
        The input gradient (S, R, d_0) when ``input_grad``, else None.
        """
        if weights:
            self.grad.zero_()
        delta = None
        if out_grad is not None:
            delta = out_grad
            for k in range(self.depth - 1, -1, -1):
                if weights:
                    h = cache.inputs[k][:, rows]  # (S, R, d_k)
                    self.weight_grads[k].baddbmm_(h.transpose(1, 2), delta)
                    self.bias_grads[k].add_(delta.sum(1, keepdim=True))
                if k > 0 or input_grad:
                    delta = torch.bmm(delta, self.effective_t[k])  # (S, R, d_k)
                    if k > 0:
                        delta = self._act_grad(delta, cache.pre[k - 1][:, rows])
        if grad_grad is not None:
            # grad_x f = a_0 W_0^T with a_k = (a_{k+1} W_{k+1}^T) * act'(pre_k), a_{L-1} = 1.
            upstream = grad_grad  # (S, R', d_0): d loss / d grad_x f
            for k in range(self.depth):
                a = adjoints[k] if k < self.depth - 1 else None
                if a is None:  # the last layer: its weight column is a_{L-1} = 1 per row
                    self.weight_grads[k].add_(upstream.sum(1, keepdim=True).transpose(1, 2))
                    break
                self.weight_grads[k].baddbmm_(upstream.transpose(1, 2), a)
                upstream = self._act_grad(
                    torch.bmm(upstream, self.effective[k]), cache.pre[k][:, chain_rows]
                )
        if weights and self.spectral:
            # d/dW of W / sigma(W), sigma = u^T W v: (G - <G, W/sigma> u v^T) / sigma.
            for k, g in enumerate(self.weight_grads):
                inner = (g * self.effective[k]).sum(dim=(1, 2), keepdim=True)  # (S, 1, 1)
                outer = torch.bmm(self._u[k], self._v[k].transpose(1, 2))  # (S, d_in, d_out)
                g.sub_(inner * outer).div_(self._sigma[k])
        return delta if input_grad else None

    @torch.no_grad()
    def unstack(self) -> list[nn.Module]:
        """The trained copies as the ordinary, separate modules they came from (with
        spectral normalisation, holding the normalised weights: the same function)."""
        for s, net in enumerate(self.nets):
            layers = [m for m in net.modules() if isinstance(m, nn.Linear)]
            for layer, w, b in zip(layers, self.effective, self.biases, strict=True):
                layer.weight.copy_(w[s].T)
                layer.bias.copy_(b[s, 0])
        return self.nets


def _views(flat: torch.Tensor, size: int, shapes):
    """Split a flat (size * count,) tensor into per-layer (S, d_in, d_out), (S, 1, d_out) views."""
    weights, biases, start = [], [], 0
    for d_in, d_out in shapes:
        weights.append(flat[start : start + size * d_in * d_out].view(size, d_in, d_out))
        start += size * d_in * d_out
        biases.append(flat[start : start + size * d_out].view(size, 1, d_out))
        start += size * d_out
    return weights, biases
