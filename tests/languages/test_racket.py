"""Racket: values, prompt and test block as MultiPL-E's humaneval_to_rkt writes them."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, get_language
from multiplt.languages.types import parse_annotation

racket = get_language("racket")


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        (3, None, "3"),
        (-3, None, "-3"),
        (2**70, None, "1180591620717411303424"),
        (2.5, None, "2.5"),
        (3, "float", "3"),
        (math.inf, None, "+inf.0"),
        (-math.inf, None, "-inf.0"),
        (math.nan, None, "+nan.0"),
        ('a"b\\c\n', None, '"a\\"b\\\\c\\n"'),
        ("\x07", None, '"\\u0007"'),
        ("\u00e9\u4e16", None, '"\u00e9\u4e16"'),
        (True, None, "#t"),
        (False, None, "#f"),
        (None, None, "#f"),
        ([], None, "(list)"),
        ([1, 2], None, "(list 1 2)"),
        ((1, "a"), None, '(list 1 "a")'),
        ([[1], []], None, "(list (list 1) (list))"),
        ({"a": 1, "b": 2}, None, '#hash(("a" . 1) ("b" . 2))'),
        ({}, None, "#hash()"),
        ({"a": [1, 2]}, None, '(hash "a" (list 1 2))'),
        ({1, 2}, None, "(set 1 2)"),
        (5, "Optional[int]", "5"),
    ],
)
def test_values(value: object, annotation: str | None, expected: str) -> None:
    assert racket.value(value, parse_annotation(annotation) if annotation else None) == expected


def test_prompt_starts_with_lang_line_and_uses_semicolon_comments(sample: PyFunction) -> None:
    assert racket.prompt(sample) == (
        "#lang racket\n"
        "\n"
        ";; Add a list of numbers and a bonus; #f when the list is empty.\n"
        ";; >>> (add_all (list 1 2) 0.5)\n"
        ";; 3.5\n"
        "(define (add_all xs bonus)\n"
    )


def test_test_block_uses_rackunit_with_check_within_for_floats(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    block = racket.tests(sample, sample_asserts)
    assert block.text == (
        "\n"
        "(require rackunit)\n"
        "\n"
        "(define (test-humaneval)\n"
        "  (let ((candidate add_all))\n"
        "    (check-within (candidate (list 1 -2) 0.5) -0.5 0.001)\n"
        "    (check-equal? (candidate (list) 1) #f)\n"
        "    (check-within (candidate (list 1) 0.1) 1.1 1e-09)\n"
        "))\n"
        "\n"
        "(test-humaneval)"
    )


def test_zero_argument_call_and_signature() -> None:
    fn = PyFunction("now", (), "int", "", "return 1", "")
    assert racket.signature(fn) == "(define (now)\n"
    assert racket.tests(fn, [PyAssert((), 1)]).text.split("\n")[5] == "    (check-equal? (candidate) 1)"


def test_expected_infinity_is_checked_with_check_equal() -> None:
    fn = PyFunction("f", (), "float", "", "", "")
    assert racket.tests(fn, [PyAssert((), math.inf)]).text.split("\n")[5] == "    (check-equal? (candidate) +inf.0)"
