"""The generator: a small MLP that pushes 2-D Gaussian noise onto the plane."""

from __future__ import annotations

import torch
from torch import nn

from otlab._validation import check_positive_int
from otlab.critics.network import ACTIVATIONS, MAX_WIDTH, _linear, as_generator, check_shape


def make_generator(
    *,
    noise_dim: int = 2,
    width: int = 64,
    depth: int = 3,
    activation: str = "relu",
    generator: torch.Generator,
) -> nn.Sequential:
    """An MLP ``z -> G(z)`` from ``noise_dim`` inputs to points in the plane.

    ``activation`` is a name of :data:`otlab.critics.ACTIVATIONS` (ReLU by default).

    ``depth`` counts the hidden layers. The weights follow PyTorch's default ``nn.Linear``
    law, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), but are drawn from ``generator`` (and built on its
    device), so the same seed gives the same network and the global random state is untouched.

    Examples
    --------
    >>> import torch
    >>> net = make_generator(generator=torch.Generator().manual_seed(0))
    >>> net(torch.zeros(5, 2)).shape
    torch.Size([5, 2])
    """
    func = "make_generator"
    width, depth = check_shape(func, width, depth, activation)
    noise_dim = check_positive_int(func, "noise_dim", noise_dim, maximum=MAX_WIDTH)
    generator = as_generator(func, generator)
    sizes = [noise_dim] + [width] * depth + [2]
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [_linear(fan_in, fan_out, generator), ACTIVATIONS[activation]()]
    return nn.Sequential(*layers[:-1])  # no activation on the output: points live anywhere
