"""The Examples sections of the critics' docstrings run and print what they claim."""

import doctest

import pytest

from otlab.critics import certify, compare, config, constraints, diagnostics, fit, network


@pytest.mark.parametrize(
    "module", [network, constraints, config, fit, compare, diagnostics, certify]
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
