"""The Examples sections of the exact core's docstrings run and print what they claim."""

import doctest

import pytest

from otlab import toy
from otlab.exact import (
    debiased,
    entropic,
    gaussian,
    interpolation,
    lp,
    piles,
    potential,
    quantile,
    sliced,
    soft_potential,
)


@pytest.mark.parametrize(
    "module",
    [
        piles,
        quantile,
        gaussian,
        lp,
        potential,
        entropic,
        debiased,
        soft_potential,
        sliced,
        interpolation,
        toy,
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
