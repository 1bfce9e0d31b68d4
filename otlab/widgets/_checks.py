"""Bad input to an app: refused at the door by the constructor, shown in the readout by a callback.

Every app follows one pattern, set up by :class:`otlab.widgets._live.App`:

- The constructor runs inside ``called_as(<App>)``, so every check it makes, and every check of
  the core functions it calls, raises a message that names the app the student built
  (``"EntropicApp: ..."``). Values that go into a control are checked here *before* the control
  is built: ipywidgets would refuse a value outside a slider's options with a TraitError that
  names neither the app nor the argument ("Invalid selection: value not found"), and would
  silently clamp a number outside a slider's range, so the figure would not show what was asked.
- A callback (``update``, a button's action) runs inside ``called_as(<App>.<method>)``; when a
  value is refused, the app keeps its last figure and shows the message in its readout under
  "Cannot ...:" instead of raising into the front end. While the constructor runs, the same
  callback raises, so a bad starting value is refused by the constructor.

The checks themselves are those of :mod:`otlab._validation`; seeds follow the one rule of
:mod:`otlab._seeding`.
"""

from __future__ import annotations

import functools
import html
import numbers
from collections.abc import Sequence

import numpy as np

from otlab._validation import (
    as_float_array,
    as_scalar,
    called_as,
    check_finite,
    check_positive_int,
    describe,
    fail,
)

# What a callback shows in the readout rather than raises: bad input (ValueError, TypeError)
# and a training step that blew up (FloatingPointError, raised by the training loops).
EXPECTED = (ValueError, TypeError, FloatingPointError)


def option(func: str, name: str, value, options: Sequence):
    """``value`` if it is one of a slider's or dropdown's ``options`` (a bool is not 1)."""
    found = isinstance(value, bool) == isinstance(options[0], bool) and any(
        _same(value, choice) for choice in options
    )
    if not found:
        listed = ", ".join(format(o, "g") if _is_number(o) else repr(o) for o in options)
        fail(func, f"`{name}` one of {listed}", describe(value), f"pick one of these for `{name}`")
    return value


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _same(value, choice) -> bool:
    if _is_number(choice):
        return _is_number(value) and value == choice
    return isinstance(value, type(choice)) and value == choice


def as_options(func: str, name: str, values, *, minimum: int = 1) -> list[int]:
    """The whole numbers a selection slider offers: a non-empty list or tuple of ints."""
    if not isinstance(values, (list, tuple, np.ndarray)) or len(values) == 0:
        fail(
            func,
            f"`{name}` a non-empty list of whole numbers",
            describe(values),
            f"pass e.g. {name}=(10, 20, 50)",
            kind=TypeError,
        )
    return [check_positive_int(func, name, v, minimum=minimum) for v in values]


def as_positive_values(func: str, name: str, values) -> list[float]:
    """A non-empty 1-D list of finite positive numbers, sorted (the stops of a slider)."""
    arr = as_float_array(func, name, values)
    if arr.ndim != 1 or arr.size == 0:
        fail(
            func,
            f"`{name}` a non-empty 1-D list of numbers",
            describe(arr),
            f"pass e.g. {name}=(1.0, 0.1, 0.01)",
        )
    check_finite(func, name, arr)
    if not np.all(arr > 0):
        fail(func, f"positive values in `{name}`", f"minimum {arr.min():g}", "drop the others")
    return sorted(float(v) for v in arr)


def in_range(func: str, name: str, value, low: float, high: float) -> float:
    """A finite number within a slider's range [low, high]."""
    number = as_scalar(func, name, value)
    if not low <= number <= high:
        fail(
            func,
            f"`{name}` between {low:g} and {high:g} (the slider's range)",
            f"{number:g}",
            f"pass a value in that range for `{name}`",
        )
    return number


def int_in_range(func: str, name: str, value, low: int, high: int) -> int:
    """A whole number within an int slider's range [low, high]."""
    number = check_positive_int(func, name, value, minimum=low)
    if number > high:
        fail(
            func,
            f"`{name}` at most {high} (the slider's range)",
            str(number),
            f"pass a value from {low} to {high} for `{name}`",
        )
    return number


def seed_range(seed: int, count: int) -> tuple[int, int]:
    """A seed slider's (min, max): seeds 0 to count - 1, or count seeds from a larger ``seed``.

    ``seed`` is what :func:`otlab._seeding.resolve_seed` returned (a generator gives a 63-bit
    int): the slider then starts there rather than stretching over 2^63 positions.
    """
    low = 0 if seed < count else seed
    return low, low + count - 1


def as_limits(func: str, name: str, value) -> tuple[float, float]:
    """Two finite numbers (low, high) with low < high: the extent of a panel."""
    arr = as_float_array(func, name, value)
    if arr.shape != (2,):
        fail(func, f"`{name}` as (low, high)", describe(value), f"pass e.g. {name}=(-3, 3)")
    check_finite(func, name, arr)
    if not arr[0] < arr[1]:
        fail(
            func,
            f"`{name}` with low < high",
            f"({arr[0]:g}, {arr[1]:g})",
            f"swap the two ends of `{name}`",
        )
    return float(arr[0]), float(arr[1])


def error_html(title: str, error: Exception) -> str:
    """A refused value, as the readout shows it: "<b>Cannot ...:</b> message" in red."""
    return f'<span style="color:#b00"><b>{html.escape(title)}:</b> {html.escape(str(error))}</span>'


def constructor(name: str, init):
    """``init`` with its checks naming ``name``, and its callbacks raising (see module doc)."""

    @functools.wraps(init)
    def build(self, *args, **kwargs):
        outermost = not getattr(self, "_building", False)
        self._building = True
        try:
            with called_as(name):
                init(self, *args, **kwargs)
        finally:
            if outermost:
                self._building = False

    return build


def callback(name: str, method):
    """``method`` with its checks naming ``name``; a refused value goes to the readout."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            with called_as(name):
                return method(self, *args, **kwargs)
        except EXPECTED as error:
            if getattr(self, "_building", False):
                raise
            self.show_error(error)
            return None

    return call
