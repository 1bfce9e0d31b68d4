"""The critic network: a small MLP from points in the plane to one score per point.

A WGAN critic is just a function f: R^2 -> R. Here it is a multilayer perceptron whose width,
depth and activation are parameters, so that notebooks can show how each choice changes what
the critic can learn under a Lipschitz constraint.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

from otlab._validation import check_choice, check_positive_int, describe, fail

# name -> factory; Leaky ReLU uses slope 0.2, the value of the DCGAN / WGAN-GP code.
ACTIVATIONS = {
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.2),
    "tanh": nn.Tanh,
    "elu": nn.ELU,
    "softplus": nn.Softplus,
}


class Critic(nn.Module):
    """An MLP critic: (n, d) points -> (n,) scores.

    Build it with :func:`make_critic`; ``layers`` is the underlying ``nn.Sequential``.
    """

    def __init__(self, layers: nn.Sequential):
        super().__init__()
        self.layers = layers

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x).squeeze(-1)  # (n, 1) -> (n,)


def make_critic(
    *,
    width: int = 64,
    depth: int = 3,
    activation: str = "relu",
    spectral_norm: bool = False,
    dim: int = 2,
    generator: torch.Generator | None = None,
) -> Critic:
    """A fully connected critic with ``depth`` hidden layers of ``width`` units.

    Parameters
    ----------
    width : int, keyword-only
        Units per hidden layer.
    depth : int, keyword-only
        Number of hidden layers (``depth + 1`` linear maps in all).
    activation : {"relu", "leaky_relu", "tanh", "elu", "softplus"}, keyword-only
        Non-linearity after each hidden layer.
    spectral_norm : bool, keyword-only
        Wrap every linear map in ``torch.nn.utils.parametrizations.spectral_norm``, so that each
        has spectral norm about 1 and the whole network is (about) 1-Lipschitz for 1-Lipschitz
        activations (Miyato et al., 2018).
    dim : int, keyword-only
        Dimension of the input points.
    generator : torch.Generator, optional
        Source of the initial weights (PyTorch's default uniform initialisation, drawn from this
        generator, never from the global random state). Same generator state, same network.

    Returns
    -------
    Critic
        A float32 module on the generator's device mapping (n, dim) tensors to (n,) scores.

    Examples
    --------
    >>> import torch
    >>> critic = make_critic(width=8, depth=2, generator=torch.Generator().manual_seed(0))
    >>> critic(torch.zeros(5, 2)).shape
    torch.Size([5])
    """
    func = "make_critic"
    width, depth = check_shape(func, width, depth, activation)
    dim = check_positive_int(func, "dim", dim, maximum=MAX_WIDTH)
    generator = as_generator(func, generator)

    sizes = [dim] + [width] * depth + [1]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        linear = _linear(fan_in, fan_out, generator)
        if spectral_norm:
            linear = _spectral_norm(linear, generator)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return Critic(nn.Sequential(*layers))


# Widest layer accepted: a 65536-wide square layer is already 4.3 billion weights (17 GB).
MAX_WIDTH = 2**16


def check_shape(func: str, width, depth, activation) -> tuple[int, int]:
    """The checks every MLP of otlab shares (critics and generators): (width, depth)."""
    width = check_positive_int(func, "width", width, maximum=MAX_WIDTH)
    depth = check_positive_int(func, "depth", depth, minimum=0, maximum=1000)
    check_choice(func, "activation", activation, tuple(ACTIVATIONS))
    return width, depth


def as_generator(func: str, generator) -> torch.Generator:
    """The given torch.Generator, or a fresh one seeded from system entropy when None."""
    if generator is None:
        generator = torch.Generator()
        generator.seed()  # fresh entropy; the global random state is left alone
        return generator
    if not isinstance(generator, torch.Generator):
        fail(
            func,
            "`generator` as a torch.Generator or None",
            describe(generator),
            "pass e.g. generator=torch.Generator().manual_seed(0)",
            kind=TypeError,
        )
    return generator


def as_device(func: str, device) -> torch.device:
    """A torch.device from a name: "cpu" or "cuda" (with a GPU visible), checked."""
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        fail(func, "`device` a torch device name", describe(device), "pass 'cpu' or 'cuda'")
    if device.type not in ("cpu", "cuda"):
        fail(func, "`device` 'cpu' or 'cuda'", repr(str(device)), "pass 'cpu' or 'cuda'")
    if device.type == "cuda" and not torch.cuda.is_available():
        fail(
            func,
            "a CUDA device when device='cuda'",
            "no GPU visible to torch",
            "use device='cpu' (the default); the toy problems train in seconds on a CPU",
        )
    return device


def _linear(fan_in: int, fan_out: int, generator: torch.Generator) -> nn.Linear:
    # skip_init builds the layer without drawing from the global RNG; the weights are then
    # drawn from `generator` with the same law PyTorch uses by default: U(-1/sqrt(fan_in), ...).
    linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out, device=generator.device)
    bound = 1.0 / math.sqrt(fan_in)
    with torch.no_grad():
        nn.init.uniform_(linear.weight, -bound, bound, generator=generator)
        nn.init.uniform_(linear.bias, -bound, bound, generator=generator)
    return linear


def _spectral_norm(linear: nn.Linear, generator: torch.Generator) -> nn.Linear:
    # spectral_norm draws its power-iteration start vectors from the global RNG. fork_rng
    # restores the global state afterwards, and seeding inside the fork from `generator`
    # makes the start vectors reproducible.
    seed = int(torch.randint(0, 2**62, (), generator=generator, device=generator.device))
    device = generator.device
    fork = (
        {"devices": []}
        if device.type == "cpu"
        else {"devices": [device], "device_type": device.type}
    )
    with torch.random.fork_rng(**fork):
        torch.manual_seed(seed)
        return torch.nn.utils.parametrizations.spectral_norm(linear)


@contextmanager
def cpu_threads(count: int) -> Iterator[None]:
    """Run the block with ``count`` intra-op CPU threads, then restore the previous setting."""
    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)
