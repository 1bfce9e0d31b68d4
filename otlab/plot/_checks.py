"""Input checks of the plot functions, built on :mod:`otlab._validation`.

Every public plot function is wrapped with :func:`public`, so that whatever check fails inside
it (here, in ``_validation`` or in the otlab function it calls to compute what it draws) names
the function the user called. The checks here cover what only plots take: result objects
made elsewhere in otlab, dicts of curves, an index into snapshots, a file name.
"""

from __future__ import annotations

import numbers
import os
import sys
from collections.abc import Mapping

import numpy as np

from otlab._validation import (
    MAX_COUNT,
    as_float_array,
    as_scalar,
    check_finite,
    check_nonempty,
    check_number,
    check_positive_int,
    describe,
    entry_point,
    fail,
)

# Most grid points per side a plot evaluates (a 10,000 x 10,000 grid is 800 MB of floats).
MAX_GRID = 10_000


def public(func):
    """Make ``func`` an entry point: checks anywhere inside it report under its name."""
    return entry_point(func.__name__)(func)


def _kind(value) -> str:
    """What was passed, with its type when :func:`describe` does not say it."""
    text = describe(value)
    if value is None or text.startswith(("a ", "an ")):
        return text
    return f"{type(value).__name__} {text}"


def as_result(func: str, name: str, value, cls: str, made_by: str):
    """``value`` when it is an instance of ``cls`` ("module.Class"), else a TypeError saying
    which function makes one. The class is looked up without importing its module: an
    instance cannot exist before its module is loaded (and critics/GAN modules import torch)."""
    module, _, cls_name = cls.rpartition(".")
    found = getattr(sys.modules.get(module), cls_name, None)
    if found is None or not isinstance(value, found):
        fail(
            func,
            f"{'an' if cls_name[0] in 'AEIOU' else 'a'} {cls_name} from {made_by} as `{name}`",
            _kind(value),
            f"call {made_by}(...) first and pass its result",
            kind=TypeError,
        )
    return value


def as_results(func: str, name: str, value, cls: str, made_by: str) -> list:
    """One result or a non-empty list/tuple of them (e.g. several seeds), as a list."""
    if not isinstance(value, (list, tuple)):
        return [as_result(func, name, value, cls, made_by)]
    if not value:
        cls_name = cls.rpartition(".")[2]
        fail(func, f"at least one {cls_name} in `{name}`", "none", f"call {made_by} first")
    return [as_result(func, f"{name}[{k}]", item, cls, made_by) for k, item in enumerate(value)]


def as_mapping(func: str, name: str, value, example: str) -> Mapping:
    """A dict (of curves, levels...), as ``{label: values}``."""
    if not isinstance(value, Mapping):
        fail(
            func,
            f"`{name}` a dict {example}",
            _kind(value),
            f"pass e.g. {name}={example}",
            kind=TypeError,
        )
    return value


def as_values(func: str, name: str, value, n: int | None = None) -> np.ndarray:
    """A non-empty, finite 1-D array of numbers (a curve), of length ``n`` when given."""
    arr = check_finite(func, name, as_float_array(func, name, value))
    if arr.ndim != 1 or (n is not None and arr.size != n):
        expected = "a 1-D array" if n is None else f"{n} values, one per point of the curve"
        fail(func, f"`{name}` as {expected}", describe(arr), f"pass a flat list for `{name}`")
    return check_nonempty(func, name, arr)


def as_real(func: str, name: str, value) -> float:
    """A finite real number (of any sign)."""
    return as_scalar(func, name, value)


def as_positive(func: str, name: str, value) -> float:
    return as_scalar(func, name, value, positive=True)


def as_nonneg(func: str, name: str, value) -> float:
    return check_number(func, name, value, minimum=0.0, strict=False)


def count(func: str, name: str, value, *, minimum: int = 1, maximum: int = MAX_COUNT) -> int:
    """A whole number in [minimum, maximum] (grid sides: ``maximum=MAX_GRID``)."""
    return check_positive_int(func, name, value, minimum=minimum, maximum=maximum)


def as_index(func: str, name: str, value, n: int) -> int:
    """An int indexing ``n`` items, negative ones counting from the end as in Python."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not -n <= value < n:
        fail(
            func,
            f"`{name}` an integer from {-n} to {n - 1}",
            describe(value),
            f"pass the index of one of the {n} items (-1 for the last)",
            kind=TypeError if not isinstance(value, numbers.Integral) else ValueError,
        )
    return int(value)


def as_path(func: str, name: str, value, suffix: str) -> str:
    """A file name (str or path) ending in ``suffix``, in a folder that exists."""
    if not isinstance(value, (str, os.PathLike)):
        fail(
            func, f"`{name}` a file name", _kind(value), f"pass e.g. 'run{suffix}'", kind=TypeError
        )
    path = os.fspath(value)
    if not str(path).lower().endswith(suffix):
        fail(func, f"`{name}` ending in {suffix}", repr(path), f"name the file e.g. 'run{suffix}'")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        fail(func, f"`{name}` in an existing folder", repr(folder), "create the folder first")
    return path


def as_plan(func: str, value, n: int, m: int) -> np.ndarray:
    """An (n, m) transport plan: finite, non-negative, with some mass."""
    plan = check_finite(func, "plan", as_float_array(func, "plan", value))
    if plan.shape != (n, m):
        fail(
            func,
            f"`plan` of shape ({n}, {m}) to match the points",
            f"shape {plan.shape}",
            "pass the plan of these two clouds, e.g. otlab.emd(x, y).plan",
        )
    if np.any(plan < 0) or not plan.sum() > 0:
        fail(
            func,
            "a `plan` of non-negative masses with a positive total",
            f"minimum {plan.min():g} and total {plan.sum():g}",
            "pass the plan a solver returned, e.g. otlab.emd(x, y).plan",
        )
    return plan
