"""Bad values by kind: each kind maps to (label, make) pairs, ``make(valid)`` giving a bad value
built from the valid one (so that only one thing is wrong with it at a time)."""

from __future__ import annotations

import numpy as np


def _array(valid) -> np.ndarray:
    if hasattr(valid, "detach"):
        valid = valid.detach().cpu().numpy()
    return np.atleast_1d(np.array(valid, dtype=float))  # a missing optional array: one value


def _set_first(value):
    def make(valid):
        arr = _array(valid)
        arr.flat[0] = value
        return arr

    return make


def _complex(valid):
    return _array(valid) + 1j


def _empty(valid):
    arr = _array(valid)
    return arr[:0]


def _extra_dims(valid):
    return _array(valid)[None, None, None]


def _drop_one(valid):
    arr = _array(valid)
    return arr[:-1] if arr.shape[0] > 1 else np.concatenate([arr, arr])


def _const(value):
    return lambda valid: value


ARRAY = [
    ("nan", _set_first(np.nan)),
    ("inf", _set_first(np.inf)),
    ("complex", _complex),
    ("empty", _empty),
    ("extra dims", _extra_dims),
    ("string", _const("abc")),
    ("dict", _const({"x": 1})),
    ("ragged", _const([[1.0, 2.0], [3.0]])),
]
POINTS = [*ARRAY, ("None", _const(None))]
MASS = [
    ("negative mass", _set_first(-1.0)),
    ("overflowing total", lambda valid: np.full(_array(valid).shape, 1e308)),
    ("wrong length", _drop_one),
    ("zero total", lambda valid: np.zeros(_array(valid).shape)),
]
WEIGHTS = [*ARRAY, *MASS]  # None means uniform
HIST = [*ARRAY, *MASS, ("None", _const(None))]
NUMBER = [
    ("nan", _const(float("nan"))),
    ("inf", _const(float("inf"))),
    ("-inf", _const(float("-inf"))),
    ("complex", _const(1 + 2j)),
    ("string", _const("1")),
    ("bool", _const(True)),
    ("list", _const([1.0, 2.0])),
]
# A vectorised parameter: a float or an array of any shape (a list is fine, a bool is not).
VALUES = [item for item in NUMBER if item[0] != "list"] + [
    ("dict", _const({"x": 1})),
    ("ragged", _const([[1.0, 2.0], [3.0]])),
    ("None", _const(None)),
    ("nan in array", _const(np.array([0.5, np.nan]))),
]
POSITIVE = [*NUMBER, ("zero", _const(0.0)), ("negative", _const(-1.0))]
NONNEG = [*NUMBER, ("negative", _const(-1.0))]
INT = [
    ("float", _const(2.5)),
    ("whole float", _const(2.0)),
    ("string", _const("3")),
    ("bool", _const(True)),
    ("negative", _const(-1)),
    ("zero", _const(0)),
    ("nan", _const(float("nan"))),
    ("complex", _const(2j)),
    ("huge", _const(10**40)),
]
INT0 = [item for item in INT if item[0] != "zero"]  # an int >= 0
COUNT = INT  # a sample count: huge must be refused before numpy tries to allocate it
SEED = [
    ("negative", _const(-1)),
    ("float", _const(1.5)),
    ("string", _const("0")),
    ("bool", _const(True)),
    ("list", _const([0])),
]
CHOICE = [("unknown", _const("nonsense")), ("number", _const(3))]
ITERS = [item for item in INT if item[0] != "huge"]  # an iteration cap: a huge one is fine
DEVICE = [("unknown", _const("tpu")), ("bad cuda", _const("cuda:banana")), ("number", _const(3))]
OBJECT = [("number", _const(3)), ("string", _const("x")), ("None", _const(None))]
INSTANCE = OBJECT[:2]  # an optional object (None is fine), e.g. a torch.Generator
TEXT = [("number", _const(3)), ("None", _const(None))]  # a str argument (any string is fine)
AXES = [("number", _const(3)), ("string", _const("axes"))]
FLAG = [("string", _const("yes")), ("number", _const(2))]
PAIR = [
    ("one number", _const(1.0)),
    ("three", _const((0.0, 1.0, 2.0))),
    ("nan", _const((0, np.nan))),
]
LIMITS = [*PAIR, ("reversed", _const((1.0, -1.0)))]

KINDS = {
    "array": ARRAY,
    "points": POINTS,
    "weights": WEIGHTS,
    "hist": HIST,
    "number": NUMBER,
    "values": VALUES,
    "positive": POSITIVE,
    "nonneg": NONNEG,
    "int": INT,
    "int0": INT0,
    "iters": ITERS,
    "count": COUNT,
    "seed": SEED,
    "choice": CHOICE,
    "device": DEVICE,
    "object": OBJECT,
    "instance": INSTANCE,
    "text": TEXT,
    "axes": AXES,
    "flag": FLAG,
    "pair": PAIR,
    "limits": LIMITS,
}
