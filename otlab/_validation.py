"""Input checks shared by every public entry point.

Each check raises ``ValueError`` or ``TypeError`` with a message of the form
``"<function>: <what was expected>, got <what was passed>; <how to fix>"`` (see DESIGN.md),
so that a student sees what went wrong in their own terms instead of a traceback from
inside numpy, scipy or a C extension.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

# Relative tolerance for "the two distributions carry the same mass".
MASS_RTOL = 1e-9
# Largest count (points, steps, projections, layer width...) any entry point accepts: beyond
# it numpy and torch run out of memory or overflow their index types, far from a clear error.
MAX_COUNT = 10**9

# The public function the user called, while it runs: a message raised by a function it calls
# (mmd -> mmd_witness, toy.sample -> eight_gaussians) names the one the user knows.
_CALLED: ContextVar[str | None] = ContextVar("otlab_called", default=None)


@contextmanager
def called_as(name: str):
    """Within this block, messages from :func:`fail` name ``name`` (the outermost one wins)."""
    token = _CALLED.set(_CALLED.get() or name)
    try:
        yield
    finally:
        _CALLED.reset(token)


def entry_point(name: str):
    """Decorator: the wrapped public function's inner checks report under ``name``."""

    def wrap(func):
        @functools.wraps(func)
        def called(*args, **kwargs):
            with called_as(name):
                return func(*args, **kwargs)

        return called

    return wrap


def fail(func: str, expected: str, got: str, fix: str, *, kind: type[Exception] = ValueError):
    """Raise ``kind`` with the project's message format, naming the function the user called."""
    raise kind(f"{_CALLED.get() or func}: {expected}, got {got}; {fix}")


def describe(value) -> str:
    """A short description of what the caller passed, for error messages."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"an array of shape {tuple(shape)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_float_array(func: str, name: str, value) -> np.ndarray:
    """Convert to a float64 array, refusing strings, None and objects."""
    if value is None or isinstance(value, (str, bytes)):
        fail(
            func,
            f"`{name}` as an array of numbers",
            describe(value),
            f"pass a list or numpy array of numbers for `{name}`",
            kind=TypeError,
        )
    if hasattr(value, "detach"):  # a torch tensor: move it to plain numpy
        value = value.detach().cpu().numpy()
    if _is_complex(value):
        fail(
            func,
            f"`{name}` as real numbers",
            "complex values",
            f"pass the real part ({name}.real) or the modulus (abs({name}))",
            kind=TypeError,
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(
            func,
            f"`{name}` as an array of numbers",
            describe(value),
            f"pass a list or numpy array of numbers for `{name}`",
            kind=TypeError,
        )
    return arr


def _is_complex(value) -> bool:
    """True for complex numbers, complex arrays and sequences holding a complex number."""
    try:
        return bool(np.iscomplexobj(value))
    except (TypeError, ValueError):  # ragged or mixed input: as_float_array will refuse it
        return False


def check_finite(func: str, name: str, arr: np.ndarray) -> np.ndarray:
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        fail(
            func,
            f"finite values in `{name}`",
            f"{bad} NaN or inf entries",
            "drop or replace the non-finite entries before calling",
        )
    return arr


def check_nonempty(func: str, name: str, arr: np.ndarray) -> np.ndarray:
    if arr.size == 0:
        fail(
            func, f"a non-empty `{name}`", "an empty array", f"pass at least one value in `{name}`"
        )
    return arr


def as_samples_1d(func: str, name: str, value) -> np.ndarray:
    """A non-empty, finite 1-D array of sample locations."""
    arr = as_float_array(func, name, value)
    if arr.ndim != 1:
        fail(
            func,
            f"1-D samples for `{name}`",
            f"an array of shape {arr.shape}",
            "this function works on a line; for points in the plane use otlab.emd",
        )
    check_nonempty(func, name, arr)
    return check_finite(func, name, arr)


def as_points(func: str, name: str, value, *, dim: int | None = None) -> np.ndarray:
    """A non-empty, finite (n, d) array of points; a 1-D array is read as n points on a line."""
    arr = as_float_array(func, name, value)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        fail(
            func,
            f"`{name}` as an (n, d) array of points",
            f"an array of shape {arr.shape}",
            "stack the points as rows of a 2-D array",
        )
    if dim is not None and arr.shape[1] != dim:
        fail(
            func,
            f"`{name}` with {dim} coordinates per point",
            f"shape {arr.shape}",
            f"pass points of dimension {dim}",
        )
    check_nonempty(func, name, arr)
    return check_finite(func, name, arr)


def as_weights(func: str, name: str, value, n: int) -> np.ndarray:
    """Non-negative finite weights of length n with a positive total; None means uniform."""
    if value is None:
        return np.full(n, 1.0 / n)
    arr = as_float_array(func, name, value)
    if arr.ndim != 1 or arr.shape[0] != n:
        fail(
            func,
            f"`{name}` with one weight per point ({n} values)",
            f"shape {arr.shape}",
            f"give `{name}` the same length as its points",
        )
    check_finite(func, name, arr)
    if np.any(arr < 0):
        fail(
            func,
            f"non-negative masses in `{name}`",
            f"minimum {arr.min():g}",
            "mass cannot be negative; check the sign of your weights",
        )
    with np.errstate(over="ignore"):
        total = arr.sum()
    if not total > 0:
        fail(func, f"a positive total mass in `{name}`", "total 0", f"put some mass in `{name}`")
    if not np.isfinite(total):
        fail(
            func,
            f"a total mass in `{name}` that float64 can hold",
            f"entries up to {arr.max():.3g} summing past 1.8e308",
            f"rescale the weights, e.g. {name} / {name}.max()",
        )
    return arr


def check_same_mass(func: str, a: np.ndarray, b: np.ndarray, names=("a", "b")) -> float:
    """Both distributions must carry the same total; returns that total."""
    sa, sb = float(a.sum()), float(b.sum())
    if abs(sa - sb) > MASS_RTOL * max(abs(sa), abs(sb)):
        fail(
            func,
            f"equal total mass in `{names[0]}` and `{names[1]}`",
            f"sum({names[0]}) = {sa:.10g} and sum({names[1]}) = {sb:.10g}",
            "transport moves mass without creating it: rescale one side (e.g. divide each "
            "by its sum)",
        )
    return sa


def check_p(func: str, p) -> float:
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not np.isfinite(p) or p < 1:
        fail(
            func,
            "a finite exponent p >= 1",
            describe(p),
            "W_p is a metric for 1 <= p < inf; use p=1 (earth mover's) or p=2",
        )
    return float(p)


def check_choice(func: str, name: str, value, valid: Sequence[str]) -> str:
    if value not in valid:
        fail(
            func,
            f"`{name}` one of {', '.join(map(repr, valid))}",
            repr(value),
            f"pick one of the listed values for `{name}`",
        )
    return value


def check_positive_int(
    func: str, name: str, value, *, minimum: int = 1, maximum: int = MAX_COUNT
) -> int:
    """An int (not a bool, not a float, even a whole one) in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        fail(
            func,
            f"`{name}` an integer >= {minimum}",
            describe(value),
            f"pass a whole number of at least {minimum} for `{name}`",
        )
    if value > maximum:
        fail(
            func,
            f"`{name}` at most {maximum:,}",
            f"{int(value):.3g}",
            f"pass a smaller `{name}`: beyond {maximum:,} the arrays do not fit in memory",
        )
    return int(value)


def as_mean(func: str, name: str, value) -> np.ndarray:
    arr = np.atleast_1d(as_float_array(func, name, value))
    if arr.ndim != 1:
        fail(
            func,
            f"`{name}` as a vector",
            f"an array of shape {arr.shape}",
            "pass a scalar in 1-D or a vector of length d",
        )
    return check_finite(func, name, check_nonempty(func, name, arr))


def as_cov(func: str, name: str, value, dim: int) -> np.ndarray:
    """A finite, symmetric, positive semi-definite (dim, dim) matrix; a scalar is a 1-D variance."""
    arr = as_float_array(func, name, value)
    if arr.ndim == 0 or arr.shape == (1,):
        arr = arr.reshape(1, 1)
    if arr.shape != (dim, dim):
        fail(
            func,
            f"`{name}` of shape ({dim}, {dim}) to match the mean",
            f"shape {arr.shape}",
            "give a d x d covariance for a mean of length d",
        )
    check_finite(func, name, arr)
    scale = max(float(np.abs(arr).max()), 1e-300)
    if not np.allclose(arr, arr.T, rtol=0, atol=1e-10 * scale):
        fail(
            func,
            f"a symmetric `{name}`",
            f"max |C - C^T| = {np.abs(arr - arr.T).max():.3g}",
            "a covariance is symmetric; use (C + C.T) / 2",
        )
    low = float(np.linalg.eigvalsh(arr).min())
    if low < -1e-10 * scale:
        fail(
            func,
            f"a positive semi-definite `{name}`",
            f"smallest eigenvalue {low:.3g}",
            "a covariance has no negative eigenvalues; check how it was built",
        )
    return arr


def check_betas(func: str, betas) -> tuple[float, float]:
    """Adam's two momentum coefficients, each in [0, 1)."""
    if (
        not isinstance(betas, (tuple, list))
        or len(betas) != 2
        or not all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 <= v < 1 for v in betas
        )
    ):
        fail(func, "`betas` two numbers in [0, 1)", describe(betas), "pass e.g. betas=(0.5, 0.9)")
    return float(betas[0]), float(betas[1])


def check_number(
    func: str, name: str, value, *, minimum: float = 0.0, strict: bool = True
) -> float:
    """A finite real number above ``minimum`` (or at least it, when not ``strict``)."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and np.isfinite(value)
        and (value > minimum if strict else value >= minimum)
    )
    if not ok:
        bound = f"> {minimum:g}" if strict else f">= {minimum:g}"
        fail(func, f"`{name}` a finite number {bound}", describe(value), f"pass e.g. {name}=0.001")
    return float(value)


def as_scalar(func: str, name: str, value, *, positive: bool = False) -> float:
    """A finite real number (a 0-d array or a size-1 array counts); ``positive`` demands > 0."""
    if isinstance(value, bool) or isinstance(value, (str, bytes)) or value is None:
        fail(
            func,
            f"`{name}` as a real number",
            describe(value),
            f"pass a float for `{name}`",
            kind=TypeError,
        )
    arr = as_float_array(func, name, value)
    if arr.size != 1:
        fail(
            func,
            f"`{name}` as a single number",
            describe(arr),
            f"pass one value for `{name}`; loop over values to evaluate several",
        )
    number = float(arr.reshape(()))
    if not np.isfinite(number):
        fail(func, f"a finite `{name}`", repr(number), f"pass a finite float for `{name}`")
    if positive and not number > 0:
        fail(func, f"`{name}` > 0", repr(number), f"pass a positive value for `{name}`")
    return number


def as_real_values(func: str, name: str, value) -> np.ndarray:
    """A finite real number or array of them (any shape), refusing booleans: a vectorised
    parameter such as a shift ``theta``, where ``True`` is a slip, never a number."""
    if isinstance(value, (bool, np.bool_)) or getattr(value, "dtype", None) == np.bool_:
        fail(
            func,
            f"`{name}` as real numbers",
            describe(value),
            f"pass a float or an array of floats for `{name}`",
            kind=TypeError,
        )
    return check_finite(func, name, as_float_array(func, name, value))
