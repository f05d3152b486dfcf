"""One small function and its asserts, translated by every language's tests."""

from __future__ import annotations

import pytest

from multiplt.languages.base import PyAssert, PyFunction
from multiplt.languages.pyparse import parse_function, parse_test_source

SAMPLE = '''
from typing import List, Optional


def add_all(xs: List[int], bonus: float) -> Optional[float]:
    """Add a list of numbers and a bonus; None when the list is empty.
    >>> add_all([1, 2], 0.5)
    3.5
    """
    return sum(xs) + bonus if xs else None
'''

SAMPLE_TESTS = """
assert add_all([1, -2], 0.5) == -0.5
assert add_all([], 1) == None
assert abs(add_all([1], 0.1) - 1.1) < 1e-9
"""


@pytest.fixture
def sample() -> PyFunction:
    return parse_function(SAMPLE, "add_all")


@pytest.fixture
def sample_asserts() -> list[PyAssert]:
    asserts, skipped = parse_test_source(SAMPLE_TESTS, "add_all")
    assert not skipped
    return asserts
