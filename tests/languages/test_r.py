"""R: values (c() against list()), prompt and test block as MultiPL-E's humaneval_to_r writes them."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.types import parse_annotation

r = get_language("r")


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        (3, None, "3"),
        (-3, None, "-3"),
        (2.5, None, "2.5"),
        (math.inf, None, "Inf"),
        (-math.inf, None, "-Inf"),
        (math.nan, None, "NaN"),
        ('a"b\\c\n', None, '"a\\"b\\\\c\\n"'),
        ("\x07", None, '"\\x07"'),
        ("\u00e9", None, '"\u00e9"'),
        (True, None, "TRUE"),
        (False, None, "FALSE"),
        (None, None, "NULL"),
        ([], None, "c()"),
        ([1, 2.5], None, "c(1, 2.5)"),
        (["a", "b"], None, 'c("a", "b")'),
        ([True, False], None, "c(TRUE, FALSE)"),
        ([1, "a"], None, 'list(1, "a")'),
        ([1, True], None, "list(1, TRUE)"),
        ([1, None], None, "list(1, NULL)"),
        ([[1, 2], [3]], None, "list(c(1, 2), c(3))"),
        ([1, 2], "List[Any]", "c(1, 2)"),
        ((1, 2), None, "c(1, 2)"),
        ((1, "a"), None, 'list(1, "a")'),
        ((None, 1), None, "list(NULL, 1)"),
        ({"a": 1, "b": [1, 2]}, None, 'list("a" = 1, "b" = c(1, 2))'),
        ({}, None, "list()"),
    ],
)
def test_values(value: object, annotation: str | None, expected: str) -> None:
    assert r.value(value, parse_annotation(annotation) if annotation else None) == expected


@pytest.mark.parametrize(("value", "message"), [({1: 2}, "not a string"), ({1}, "set value has no r form")])
def test_values_without_r_form(value: object, message: str) -> None:
    with pytest.raises(TranslationError, match=message):
        r.value(value)


def test_prompt_is_hash_comments_then_function(sample: PyFunction) -> None:
    assert r.prompt(sample) == (
        "# Add a list of numbers and a bonus; NULL when the list is empty.\n"
        "# >>> add_all(c(1, 2), 0.5)\n"
        "# 3.5\n"
        "add_all <- function(xs, bonus) {"
    )


def test_test_block_uses_stopifnot_all_equal(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    assert r.tests(sample, sample_asserts).text == (
        "\n"
        "test_humaneval <- function() {\n"
        "    candidate <- add_all\n"
        "    stopifnot(isTRUE(all.equal(candidate(c(1, -2), 0.5), -0.5)))\n"
        "    stopifnot(isTRUE(all.equal(candidate(c(), 1), NULL)))\n"
        "    stopifnot(isTRUE(all.equal(candidate(c(1), 0.1), 1.1, tolerance = 1e-09)))\n"
        "}\n"
        "test_humaneval()"
    )
