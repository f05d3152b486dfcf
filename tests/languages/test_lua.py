"""Lua: values, prompt and test block as MultiPL-E's humaneval_to_lua writes them."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.base import Parameter
from multiplt.languages.types import parse_annotation

lua = get_language("lua")


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        (3, None, "3"),
        (-3, None, "-3"),
        (2.5, None, "2.5"),
        (1e-06, None, "1e-06"),
        (3, "float", "3"),
        (math.inf, None, "math.huge"),
        (-math.inf, None, "-math.huge"),
        (math.nan, None, "(0/0)"),
        ("a\"b\\c\n\t", None, '"a\\"b\\\\c\\n\\t"'),
        ("\x01", None, '"\\001"'),
        ("h\u00e9llo \u4e16", None, '"h\u00e9llo \u4e16"'),
        (True, None, "true"),
        (False, None, "false"),
        (None, None, "nil"),
        ([], None, "{}"),
        ([1, 2], None, "{1, 2}"),
        ((1, "a"), None, '{1, "a"}'),
        ({"k": 1, "j": [2]}, None, '{["k"] = 1, ["j"] = {2}}'),
        ({}, None, "{}"),
        ([[1, 2], [], [None]], None, "{{1, 2}, {}, {nil}}"),
        (5, "Optional[int]", "5"),
    ],
)
def test_values(value: object, annotation: str | None, expected: str) -> None:
    assert lua.value(value, parse_annotation(annotation) if annotation else None) == expected


def test_set_has_no_lua_form() -> None:
    with pytest.raises(TranslationError, match="set value has no lua form"):
        lua.value({1, 2})


def test_integer_past_64_bits_is_refused() -> None:
    with pytest.raises(TranslationError, match="out of range"):
        lua.value(2**70)


def test_prompt_is_comment_lines_then_local_function(sample: PyFunction) -> None:
    assert lua.prompt(sample) == (
        "-- Add a table of numbers and a bonus; nil when the table is empty.\n"
        "-- >>> add_all({1, 2}, 0.5)\n"
        "-- 3.5\n"
        "local function add_all(xs, bonus)\n"
    )


def test_prompt_with_canonical_solution_comments_the_python_body(sample: PyFunction) -> None:
    assert lua.prompt(sample, canonical_solution=True, doctests="remove") == (
        "-- Add a table of numbers and a bonus; nil when the table is empty.\n"
        "--\n"
        "-- Canonical Python solution:\n"
        "-- def add_all(xs: List[int], bonus: float) -> Optional[float]:\n"
        "--     return sum(xs) + bonus if xs else None\n"
        "local function add_all(xs, bonus)\n"
    )


def test_prompt_keep_leaves_python_doctests_and_not_reworded_keeps_words(sample: PyFunction) -> None:
    assert lua.prompt(sample, doctests="keep", reworded=False).split("\n")[:2] == [
        "-- Add a list of numbers and a bonus; None when the list is empty.",
        "-- >>> add_all([1, 2], 0.5)",
    ]


def test_test_block_uses_luaunit(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    block = lua.tests(sample, sample_asserts)
    assert block.text == (
        "\n"
        "lu = require('luaunit')\n"
        "\n"
        "function test_humaneval()\n"
        "local candidate = add_all\n"
        "    lu.assertEquals(candidate({1, -2}, 0.5), -0.5)\n"
        "    lu.assertEquals(candidate({}, 1), nil)\n"
        "    lu.assertAlmostEquals(candidate({1}, 0.1), 1.1, 1e-09)\n"
        "end\n"
        "\n"
        "os.exit(lu.LuaUnit.run())"
    )
    assert block.translated == 3


def test_untranslatable_test_is_skipped_and_counted(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    block = lua.tests(sample, [*sample_asserts, PyAssert(({1},), 2.0), PyAssert(({2},), 3.0)])
    assert block.translated == 3
    assert block.skipped == {"set value has no lua form": 2}


def test_reserved_word_parameter_is_renamed() -> None:
    fn = PyFunction("f", (Parameter("end"),), None, "", "", "")
    assert lua.signature(fn) == "local function f(end_)\n"
