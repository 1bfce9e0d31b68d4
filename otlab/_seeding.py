"""One rule for seeds, used by every function of otlab that draws random numbers.

A ``seed`` may be

- an int >= 0 of any size: the same int, the same numbers;
- a ``numpy.random.Generator`` or a ``torch.Generator``: the function draws one int from it
  (so the generator advances, and the same generator state gives the same numbers);
- None: fresh entropy from the operating system.

Whatever was passed, a function turns it into one int with :func:`resolve_seed` and records
that int in its result, so that any run can be repeated exactly. The global random states of
numpy, random and torch are never read or changed.
"""

from __future__ import annotations

import numbers

import numpy as np

from otlab._validation import describe, fail

# torch.Generator.manual_seed takes ints below 2**64; larger seeds are hashed into this range.
_TORCH_SEED_LIMIT = 2**63


def resolve_seed(func: str, seed) -> int:
    """The int that ``seed`` stands for (see the module docstring); ``func`` names the caller."""
    if seed is None:
        return int(np.random.SeedSequence().entropy)
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    if _is_torch_generator(seed):
        import torch

        return int(torch.randint(0, 2**62, (), generator=seed, device=seed.device))
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            fail(func, "`seed` >= 0", repr(seed), "pass a non-negative int, e.g. seed=0")
        return int(seed)
    fail(
        func,
        "`seed` an int >= 0, a numpy.random.Generator, a torch.Generator or None",
        describe(seed),
        "pass e.g. seed=0",
        kind=TypeError,
    )


def resolve_seeds(func: str, seeds) -> list[int]:
    """The ints that a non-empty sequence of distinct seeds stands for (one run per seed)."""
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__") or len(seeds) == 0:
        fail(
            func,
            "`seeds` a non-empty list",
            describe(seeds),
            "pass e.g. seeds=[0, 1, 2]",
            kind=TypeError,
        )
    resolved = [resolve_seed(func, seed) for seed in seeds]
    if len(set(resolved)) != len(resolved):
        fail(func, "distinct `seeds`", repr(list(seeds)), "drop the repeated seeds")
    return resolved


def numpy_rng(func: str, seed) -> np.random.Generator:
    """A numpy Generator: the given one itself (it advances as it is used), else a new one."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(resolve_seed(func, seed))


def torch_generator(func: str, seed, device="cpu"):
    """A new ``torch.Generator`` on ``device``, seeded by the int that ``seed`` stands for."""
    import torch

    value = resolve_seed(func, seed)
    if value >= _TORCH_SEED_LIMIT:  # spread a huge seed over 63 bits, deterministically
        low, high = np.random.SeedSequence(value).generate_state(2, dtype=np.uint32)
        value = (int(high) << 32 | int(low)) % _TORCH_SEED_LIMIT
    return torch.Generator(device=device).manual_seed(value)


def spawn(func: str, seed, count: int) -> list[int]:
    """``count`` independent int seeds derived from one seed (numpy's SeedSequence.spawn)."""
    children = np.random.SeedSequence(resolve_seed(func, seed)).spawn(count)
    return [
        int(child.generate_state(2, dtype=np.uint32).view(np.uint64)[0] >> 1) for child in children
    ]


def _is_torch_generator(value) -> bool:
    # Checked by name so that plain numpy code never imports torch to test a seed.
    return type(value).__name__ == "Generator" and type(value).__module__.startswith("torch")
