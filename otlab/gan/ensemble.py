"""Several independent copies of an MLP, evaluated as one batched MLP.

Training five seeds of a small 2-D GAN one after the other pays PyTorch's per-operation
overhead five times, and for networks this small that overhead is most of the cost. Stacking
the copies' weights into (S, in, out) tensors and multiplying with ``torch.baddbmm`` pays it
once. The copies never interact: each has its own weights and its own rows of the batch, and
an element-wise optimiser (Adam, RMSprop) updates each copy exactly as it would alone.
"""

from __future__ import annotations

import torch
from torch import nn


class Ensemble(nn.Module):
    """``len(nets)`` copies of one MLP; rows ``s*B .. (s+1)*B - 1`` of the input go to copy s.

    The networks must be plain stacks of ``nn.Linear`` layers and parameter-free element-wise
    activations (what :func:`otlab.critics.make_critic` and the generator build, without
    spectral norm). Input (S * B, d), output (S * B, ...) with the networks' own output shape.
    A single network is used as it is.
    """

    def __init__(self, nets: list[nn.Module]):
        super().__init__()
        self.size = len(nets)
        self._nets = list(nets)  # a plain list: not registered, the stacked weights are
        if self.size == 1:
            self.single = nets[0]
            return
        leaves = [_leaves(net) for net in nets]
        self._acts: list[nn.Module | None] = []  # None marks a linear layer
        weights, biases = [], []
        for position, layer in enumerate(leaves[0]):
            if isinstance(layer, nn.Linear):
                copies = [net_leaves[position] for net_leaves in leaves]
                # (S, in, out) and (S, 1, out): baddbmm(b, x, W) = x W + b per copy.
                weights.append(torch.stack([c.weight.detach().T for c in copies]))
                biases.append(torch.stack([c.bias.detach()[None, :] for c in copies]))
                self._acts.append(None)
            else:
                self._acts.append(layer)
        self.weights = nn.ParameterList([nn.Parameter(w.clone()) for w in weights])
        self.biases = nn.ParameterList([nn.Parameter(b.clone()) for b in biases])
        probe = torch.linspace(-1, 1, 6 * weights[0].shape[1], device=weights[0].device)
        probe = probe.reshape(6, -1)
        self._squeeze = nets[0](probe).ndim == 1  # e.g. a critic's (n, 1) -> (n,)
        with torch.no_grad():  # the stacked copies must compute what the networks compute
            batched = self(probe.repeat(self.size, 1)).reshape(self.size, 6, -1)
            for net, out in zip(nets, batched, strict=True):
                if not torch.allclose(net(probe).reshape(6, -1), out, atol=1e-5):
                    raise TypeError("Ensemble: the networks are not plain Linear stacks")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.size == 1:
            return self.single(x)
        h = x.reshape(self.size, -1, x.shape[-1])  # (S, B, d)
        linear = 0
        for act in self._acts:
            if act is None:
                h = torch.baddbmm(self.biases[linear], h, self.weights[linear])
                linear += 1
            else:
                h = act(h)
        out = h.reshape(-1, h.shape[-1])  # (S*B, out)
        return out.squeeze(-1) if self._squeeze else out

    @torch.no_grad()
    def unstack(self) -> list[nn.Module]:
        """The trained copies as the ordinary, separate modules they came from."""
        if self.size == 1:
            return [self.single]
        for s, net in enumerate(self._nets):
            layers = [m for m in _leaves(net) if isinstance(m, nn.Linear)]
            for layer, w, b in zip(layers, self.weights, self.biases, strict=True):
                layer.weight.copy_(w[s].T)
                layer.bias.copy_(b[s, 0])
        return self._nets


def _leaves(net: nn.Module) -> list[nn.Module]:
    """The network's modules without children, in order; refuses anything but Linear + acts."""
    from torch.nn.utils import parametrize

    for m in net.modules():
        if parametrize.is_parametrized(m):  # e.g. spectral norm: its weight is recomputed
            raise TypeError(f"Ensemble: cannot stack a parametrized {type(m).__name__} layer")
    leaves = [m for m in net.modules() if not list(m.children())]
    for m in leaves:
        if type(m) is not nn.Linear and any(True for _ in m.parameters()):
            raise TypeError(f"Ensemble: cannot stack a {type(m).__name__} layer")
    if not any(isinstance(m, nn.Linear) for m in leaves):
        raise TypeError("Ensemble: cannot stack a network without nn.Linear layers")
    return leaves
