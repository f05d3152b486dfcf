"""The Python side: functions and asserts parsed without running any code."""

from __future__ import annotations

import ast
import math

import pytest

from multiplt.languages.base import Parameter, PyAssert, TranslationError
from multiplt.languages.pyparse import literal, parse_assert, parse_function, parse_test_source

SOURCE = '''
from typing import List


def helper(x):
    return x


def count_up(numbers: List[int], step, *, _unused=None) -> int:
    pass


def total(numbers: List[int], start) -> int:
    """Sum the numbers.

    >>> total([1, 2], 0)
    3
    """
    # why: start may be a float
    result = start
    for n in numbers:
        result += n
    return result
'''


def expression(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def statement(text: str) -> ast.stmt:
    return ast.parse(text).body[0]


def test_parse_function_reads_name_parameters_and_annotations() -> None:
    fn = parse_function(SOURCE, "total")
    assert fn.name == "total"
    assert fn.parameters == (Parameter("numbers", "List[int]"), Parameter("start", None))
    assert fn.return_annotation == "int"


def test_parse_function_cleans_the_docstring() -> None:
    assert parse_function(SOURCE, "total").docstring == "Sum the numbers.\n\n>>> total([1, 2], 0)\n3"


def test_parse_function_body_is_dedented_and_excludes_the_docstring() -> None:
    body = parse_function(SOURCE, "total").body
    assert body.startswith("# why: start may be a float\nresult = start\n")
    assert body.endswith("return result")


def test_parse_function_source_is_the_whole_function() -> None:
    fn = parse_function(SOURCE, "total")
    assert fn.source.startswith("def total(")
    assert fn.source.endswith("    return result")


def test_parse_function_without_name_takes_the_last_function() -> None:
    assert parse_function(SOURCE).name == "total"


def test_parse_function_refuses_keyword_only_parameters() -> None:
    with pytest.raises(TranslationError, match="keyword-only"):
        parse_function(SOURCE, "count_up")


def test_parse_function_missing_function_is_an_error() -> None:
    with pytest.raises(TranslationError, match="no top-level function nope"):
        parse_function(SOURCE, "nope")


def test_parse_function_syntax_error_is_a_translation_error() -> None:
    with pytest.raises(TranslationError, match="does not parse"):
        parse_function("def f(:\n  pass\n")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("-3", -3),
        ("+2.5", 2.5),
        ("'a\\n\u00e9'", "a\n\u00e9"),
        ("True", True),
        ("None", None),
        ("[1, [2, (3, 'x')]]", [1, [2, (3, "x")]]),
        ("{'a': [1], 2: None}", {"a": [1], 2: None}),
        ("{1, 2}", {1, 2}),
        ("set()", set()),
        ("2.0 / 3.0", 2.0 / 3.0),
        ("2 ** 10 - 1", 1023),
        ("'ab' * 3", "ababab"),
        ("[0] * 3 + [1]", [0, 0, 0, 1]),
        ("list((1, 2))", [1, 2]),
    ],
)
def test_literal_evaluates_literal_expressions(text: str, value: object) -> None:
    assert literal(expression(text)) == value


def test_literal_reads_infinity_and_nan() -> None:
    assert literal(expression("float('inf')")) == math.inf
    assert literal(expression("-math.inf")) == -math.inf
    assert math.isnan(literal(expression("float('nan')")))


@pytest.mark.parametrize(
    "text", ["x", "f(1)", "open('/etc/passwd')", "b'bytes'", "1j", "[i for i in range(3)]", "{**d}", "2 ** 100000", "1 / 0"]
)
def test_literal_refuses_anything_that_is_not_a_literal(text: str) -> None:
    with pytest.raises(TranslationError):
        literal(expression(text))


def test_assert_equality_with_the_call_on_the_left() -> None:
    assert parse_assert(statement("assert f(1, [2]) == 'x'"), "f") == PyAssert((1, [2]), "x", "assert f(1, [2]) == 'x'")


def test_assert_equality_with_the_call_on_the_right() -> None:
    parsed = parse_assert(statement("assert 3 == f(1)"), "f")
    assert (parsed.args, parsed.expected) == ((1,), 3)


def test_assert_is_true_compares_with_true() -> None:
    parsed = parse_assert(statement("assert f(1) is True"), "f")
    assert (parsed.args, parsed.expected) == ((1,), True)


def test_bare_call_assert_expects_true_and_negated_expects_false() -> None:
    assert parse_assert(statement("assert f('()')"), "f").expected is True
    assert parse_assert(statement("assert not f(')(')"), "f").expected is False


def test_absolute_difference_assert_becomes_a_float_test_with_tolerance() -> None:
    parsed = parse_assert(statement("assert abs(f(1.33) - 0.33) < 1e-6"), "f")
    assert (parsed.args, parsed.expected, parsed.tolerance) == ((1.33,), 0.33, 1e-6)


def test_matching_conversion_wrappers_are_dropped() -> None:
    parsed = parse_assert(statement("assert tuple(f([3, 1])) == tuple([1, 3])"), "f")
    assert (parsed.args, parsed.expected) == (([3, 1],), [1, 3])


def test_assert_with_message_keeps_its_test() -> None:
    assert parse_assert(statement("assert f(2) == 4, 'doubles'"), "f").expected == 4


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("assert f(x=1) == 2", "keyword arguments"),
        ("assert f(*xs) == 2", "unpacks"),
        ("assert f(1) == g(1)", "not a literal"),
        ("assert f(1) != 2", "not a comparison"),
        ("assert g(1) == 2", "not a comparison"),
        ("x = f(1)", "not an assert: Assign"),
    ],
)
def test_untranslatable_statements_say_why(text: str, reason: str) -> None:
    with pytest.raises(TranslationError, match=reason):
        parse_assert(statement(text), "f")


def test_check_function_body_is_read_with_its_candidate_parameter() -> None:
    tests = """
METADATA = {}


def check(candidate):
    import math
    assert True
    assert candidate(1) == 2
    for x in range(3):
        assert candidate(x) == x + 1
    assert candidate(y) == 3
"""
    asserts, skipped = parse_test_source(tests, "inc")
    assert [a.args for a in asserts] == [(1,)]
    assert skipped == {"not an assert: For": 1, "not a literal: Name": 1}


def test_module_level_asserts_are_read_when_there_is_no_check_function() -> None:
    asserts, skipped = parse_test_source("assert inc(1) == 2\nassert inc(2) == 3\n", "inc")
    assert [a.expected for a in asserts] == [2, 3]
    assert not skipped
