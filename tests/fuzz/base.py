"""The registry's parts: every public name of otlab, a valid call, the bad input per parameter.

``ENTRIES`` maps a public name (as the user calls it: ``emd``, ``critics.make_critic``,
``PilesEditor.update``) to an :class:`Entry`. ``public_names()`` walks every ``__all__`` of the
package, so a new public name without an entry here fails ``test_every_public_name_has_cases``.

An entry's ``call`` builds the callable (a widget callback needs its app; the bad cases of one
callback share the app while it refuses them, see ``test_registry.callable_under_test``),
``kwargs`` the valid arguments (all passed by name), ``kinds`` the kind of each parameter that is
fuzzed (see ``kinds.py``). Data classes and constants are covered through the functions that
make them (``made_by``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import otlab

# otlab.lecture serves notebooks (a Voila server, a kernel); its public functions are covered by
# the bad cases below and by tests/test_cli.py, not by valid calls (minutes each).


@dataclass
class Entry:
    call: Callable[[], Callable] | None = None  # builds the callable
    kwargs: Callable[[], dict] = dict  # valid arguments, by name
    kinds: dict = field(default_factory=dict)  # parameter -> kind in kinds.KINDS
    check: Callable | None = None  # check(result) on the valid call
    valid: bool = True  # run the valid call (False: too slow or needs a server)
    readout: bool = False  # a widget callback: errors go to the app's readout, not raised
    made_by: str | None = None  # a data class or constant, produced/used by this entry
    # Result fields whose documented answer is +inf for the valid call (KL between measures
    # with disjoint supports): each named explicitly, every other number must be finite.
    infinite: tuple[str, ...] = ()


ENTRIES: dict[str, Entry] = {}


def add(name, call=None, kwargs=dict, kinds=None, **extra):
    assert name not in ENTRIES, name
    ENTRIES[name] = Entry(call, kwargs, kinds or {}, **extra)


def f(func):
    return lambda: func


def near(value, expected, rtol=1e-7, atol=1e-12):
    return lambda result: np.testing.assert_allclose(value(result), expected, rtol=rtol, atol=atol)


def made(name, by):
    add(name, made_by=by)


def public_names() -> dict[str, object]:
    """``{qualified name: object}`` for every name in every ``__all__`` under otlab, each object
    once (under its shortest name), plus the public functions of ``otlab.toy``."""
    found: dict[int, tuple[str, object]] = {}
    modules = ["otlab"] + [m.name for m in pkgutil.walk_packages(otlab.__path__, "otlab.")]
    for module_name in modules:
        module = importlib.import_module(module_name)
        prefix = module_name.removeprefix("otlab").lstrip(".")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            qual = f"{prefix}.{name}" if prefix else name
            if id(obj) not in found or len(qual) < len(found[id(obj)][0]):
                found[id(obj)] = (qual, obj)
    for name, obj in vars(otlab.toy).items():
        if callable(obj) and getattr(obj, "__module__", None) == "otlab.toy":
            if not name.startswith("_"):
                found[id(obj)] = (f"toy.{name}", obj)
    names = {qual: obj for qual, obj in found.values()}
    names.pop("toy", None)  # the module itself: its functions are listed one by one
    return names


def short(name: str) -> str:
    """The name a message must start with: the function's own name (``emd``, ``make_critic``),
    or Class.method for a method (``PilesEditor.update``)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[-2][:1].isupper():
        return ".".join(parts[-2:])
    return parts[-1]
