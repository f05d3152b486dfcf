"""Python as a target: the prompt and a check(candidate) test block."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, get_language

python = get_language("python")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (math.inf, "float('inf')"),
        (math.nan, "float('nan')"),
        ("it's", '"it\'s"'),
        ((1,), "(1,)"),
        (set(), "set()"),
        ({"a": [1, None]}, "{'a': [1, None]}"),
    ],
)
def test_values(value: object, expected: str) -> None:
    assert python.value(value) == expected


def test_prompt_is_typing_imports_signature_then_docstring(sample: PyFunction) -> None:
    assert python.prompt(sample) == (
        "from typing import List, Optional\n"
        "\n"
        "\n"
        "def add_all(xs: List[int], bonus: float) -> Optional[float]:\n"
        '    """Add a list of numbers and a bonus; None when the list is empty.\n'
        "    >>> add_all([1, 2], 0.5)\n"
        "    3.5\n"
        '    """\n'
    )


def test_test_block_is_a_check_function(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    assert python.tests(sample, sample_asserts).text == (
        "\n"
        "\n"
        "def check(candidate):\n"
        "    assert candidate([1, -2], 0.5) == -0.5\n"
        "    assert candidate([], 1) == None\n"
        "    assert abs(candidate([1], 0.1) - 1.1) < 1e-09\n"
        "\n"
        "\n"
        "check(add_all)\n"
    )
