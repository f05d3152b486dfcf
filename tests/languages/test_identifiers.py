"""Identifiers: every Python name becomes a valid, distinct target name, the same in prompt and tests."""

from __future__ import annotations

import pytest

from multiplt.languages import get_language
from multiplt.languages.pyparse import parse_function, parse_test_source

ESCAPE = '''
def _escape(_time: int, text: str) -> str:
    """Prefix text with a time."""
    return str(_time) + text
'''


def test_r_names_starting_with_underscore_are_backquoted_in_signature_and_tests() -> None:
    r = get_language("r")
    fn = parse_function(ESCAPE, "_escape")
    asserts, _ = parse_test_source("assert _escape(1, 'a') == '1a'", "_escape")
    assert r.signature(fn) == "`_escape` <- function(`_time`, text) {"
    assert "    candidate <- `_escape`" in r.tests(fn, asserts).text.split("\n")


def test_lua_reserved_word_and_its_renamed_form_do_not_collide() -> None:
    lua = get_language("lua")
    fn = parse_function('def f(end, end_):\n    """x"""\n    return end\n', "f")
    assert lua.signature(fn) == "local function f(end_, end__)\n"


def test_racket_function_named_list_does_not_shadow_the_tests_list() -> None:
    racket = get_language("rkt")
    fn = parse_function('def list(xs):\n    """x"""\n    return xs\n', "list")
    asserts, _ = parse_test_source("assert list([1]) == [1]", "list")
    assert racket.signature(fn) == "(define (list_ xs)\n"
    block = racket.tests(fn, asserts).text
    assert "(let ((candidate list_))" in block
    assert "(check-equal? (candidate (list 1)) (list 1))" in block


def test_r_function_named_c_is_renamed_everywhere() -> None:
    r = get_language("r")
    fn = parse_function('def c(x):\n    """Calls c(3) on x."""\n    return x\n', "c")
    assert r.signature(fn) == "c_ <- function(x) {"


@pytest.mark.parametrize("code", ["lua", "rkt", "ml", "r", "jl"])
def test_plain_names_are_unchanged(code: str) -> None:
    language = get_language(code)
    fn = parse_function('def add(a: int, b: int) -> int:\n    """x"""\n    return a + b\n', "add")
    names = language.names(fn)
    assert (names.function, names.parameters) == ("add", ("a", "b"))
