"""Every public name of otlab: a valid call gives finite numbers, and each bad argument raises
ValueError or TypeError with the project's message (function, expected, got, fix)."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
import signal
import warnings

import numpy as np
import pytest

from .kinds import KINDS
from .registry import ENTRIES, public_names, short

ERRORS = (ValueError, TypeError)
# Bad-looking inputs whose exact answer is still representable: a finite result is right too
# (divergences normalise histograms, so counts summing past 1.8e308 still have an answer).
ANSWERABLE = {"overflowing total"}
# A refusal is a check at the door: milliseconds (a widget's first draw included, well under a
# second). A bad case still running after this long has accepted its value and started work
# (a tour of 10^40 frames): it fails at once instead of holding the suite for the whole run.
REFUSAL_S = 3


def test_every_public_name_has_cases():
    missing = sorted(set(public_names()) - set(ENTRIES))
    assert not missing, f"public names without fuzz cases in tests/fuzz/registry_*.py: {missing}"


def test_every_data_class_and_constant_points_at_a_called_entry():
    for name, entry in ENTRIES.items():
        if entry.made_by is not None:
            maker = ENTRIES[entry.made_by]
            assert maker.call is not None, f"{name} is made by {entry.made_by}, which has no call"
        else:
            assert entry.call is not None, name
            assert entry.kinds, f"{name} has no fuzzed parameter"


def assert_finite(value, where="result", depth=0, infinite=()):
    """Every number reachable from ``value`` (arrays, dataclass fields, tuples) is finite,
    except at the paths in ``infinite`` (``"result.kl_pq"``), which must be +inf."""
    if where in infinite:
        assert value == np.inf, f"{where} = {value}, documented as +inf"
        return
    if depth > 2 or value is None or isinstance(value, (str, bool)):
        return
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    if isinstance(value, (float, np.floating, int, np.integer)):
        assert np.isfinite(value), f"{where} = {value}"
    elif isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        assert np.all(np.isfinite(value)), f"{where} has non-finite entries"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            assert_finite(getattr(value, item.name), f"{where}.{item.name}", depth + 1, infinite)
    elif isinstance(value, (tuple, list)) and len(value) < 50:
        for k, item in enumerate(value):
            assert_finite(item, f"{where}[{k}]", depth + 1, infinite)


class Overrun(BaseException):
    """A call ran past its budget. A BaseException, like KeyboardInterrupt, so that code which
    reports and goes on after an Exception (a notebook tour) stops too; its finally blocks run."""


@contextlib.contextmanager
def budget(seconds: int, what: str):
    """Fail (instead of hanging the suite) when a call runs past ``seconds``: a bad count that
    was accepted starts a run of 10^40 steps."""

    def expire(*_):
        raise Overrun(f"{what} ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def close_figures():
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


VALID = sorted(name for name, entry in ENTRIES.items() if entry.call and entry.valid)


@pytest.mark.parametrize("name", VALID)
def test_valid_call_gives_finite_numbers(name):
    entry = ENTRIES[name]
    try:
        with warnings.catch_warnings(), budget(60, name):
            warnings.simplefilter("error", RuntimeWarning)  # overflow, division by zero, ...
            result = entry.call()(**entry.kwargs())
        assert_finite(result, infinite=tuple(f"result.{path}" for path in entry.infinite))
        if entry.check is not None:
            entry.check(result)
    finally:
        close_figures()


def bad_cases():
    for name, entry in sorted(ENTRIES.items()):
        for param, kind in entry.kinds.items():
            for label, _ in KINDS[kind]:
                yield pytest.param(name, param, kind, label, id=f"{name}-{param}-{label}")


def message_parts_ok(name: str, text: str) -> str | None:
    """None when ``text`` reads "<name>: <expected>, got <passed>; <fix>", else what is wrong."""
    head, sep, rest = text.partition(": ")
    if not sep or not re.search(rf"(^|[. ]){re.escape(short(name))}$", head):
        return f"does not start with '{short(name)}: '"
    expected, got, passed = rest.partition(", got ")
    if not got or not expected.strip():
        return "has no '<expected>, got <passed>'"
    if "; " not in passed or not passed.split("; ", 1)[1].strip():
        return "has no '; <fix>'"
    return None


def error_from_readout(app) -> str | None:
    """The error text an app shows after a callback refused its input (None: no error shown)."""
    for attr in ("readout", "status"):
        widget = getattr(app, attr, None)
        text = html.unescape(getattr(widget, "value", "") or "")
        if "Cannot" in text:
            return re.sub(r"<[^>]+>", "", text.split("</b>", 1)[-1]).strip()
    return None


# A widget callback's app takes 0.2-0.5 s to build (figure, controls, a first draw), against
# milliseconds for the callback; its 10-60 bad cases share one app. A case that does not end in
# a refusal (accepted, or crashed) drops the app, so the next case starts from a fresh one.
_APPS: dict[str, object] = {}


def callable_under_test(name: str, entry):
    """``entry.call()``; for a widget callback, the shared one, its readout cleared so that only
    the error of the coming call can be read from it."""
    if not entry.readout:
        return entry.call()
    if name not in _APPS:
        _APPS[name] = entry.call()
    func = _APPS[name]
    for attr in ("readout", "status"):
        widget = getattr(func.__self__, attr, None)
        if widget is not None and hasattr(widget, "value"):
            widget.value = ""
    return func


@pytest.mark.parametrize(("name", "param", "kind", "label"), list(bad_cases()))
def test_bad_argument_is_refused_with_a_clear_message(name, param, kind, label):
    entry = ENTRIES[name]
    make = dict(KINDS[kind])[label]
    kwargs = entry.kwargs()
    kwargs[param] = make(kwargs.get(param, 1.0))
    func = callable_under_test(name, entry)
    _APPS.pop(name, None)  # put back below, once the call has ended in a clean refusal
    try:
        with warnings.catch_warnings(), budget(REFUSAL_S, f"{name}({param}={label})"):
            warnings.simplefilter("ignore")
            try:
                func(**kwargs)
            except ERRORS as error:
                text = str(error)
            except Exception as error:  # noqa: BLE001
                pytest.fail(f"{name}({param}={label}) raised {type(error).__name__}: {error}")
            except Overrun as error:
                pytest.fail(f"{name}({param}={label}) accepted the bad value: {error}")
            else:
                if label in ANSWERABLE:
                    return
                if not entry.readout:
                    pytest.fail(f"{name}({param}={label}) accepted the bad value")
                text = error_from_readout(func.__self__)
                if text is None:
                    pytest.fail(f"{name}({param}={label}) showed no error")
    finally:
        close_figures()
    if entry.readout:  # refused: the app is as it was, the next case may use it
        _APPS[name] = func
    problem = message_parts_ok(name, text)
    assert problem is None, f"{name}({param}={label}): message {problem}: {text!r}"
