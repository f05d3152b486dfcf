"""Doctests rewritten into the target's syntax; Python words reworded."""

from __future__ import annotations

import ast

from multiplt.languages.base import TranslationError
from multiplt.languages.docstrings import remove_doctests, reword, transform_doctests

DOC = """Return a list of the numbers.
    >>> f([1, 2])
    [2, 1]
    >>> g(x)
    3
Done."""


def render_lua_like(call: ast.Call, output: ast.expr) -> tuple[str, str]:
    if not all(isinstance(arg, ast.List | ast.Constant) for arg in call.args):
        raise TranslationError("not a literal")
    return "F{1, 2}", "{2, 1}"


def test_transform_rewrites_each_doctest_keeping_indentation() -> None:
    assert transform_doctests(DOC, render_lua_like).split("\n")[1:3] == ["    >>> F{1, 2}", "    {2, 1}"]


def test_transform_leaves_a_doctest_it_cannot_translate() -> None:
    assert transform_doctests(DOC, render_lua_like).split("\n")[3:5] == ["    >>> g(x)", "    3"]


def test_remove_drops_doctests_and_their_outputs() -> None:
    assert remove_doctests(DOC) == "Return a list of the numbers.\nDone."


def test_reword_swaps_words_and_fixes_articles() -> None:
    terms = {"list": "table", "array": "table", "dictionary": "association list", "None": "nil"}
    text = "Given an array, a list or a dictionary, return None."
    assert reword(text, terms) == "Given a table, a table or an association list, return nil."


def test_reword_matches_whole_words_only() -> None:
    assert reword("The listed lists are a list.", {"list": "table"}) == "The listed lists are a table."


def test_reword_keeps_capitalised_articles() -> None:
    assert reword("A list is ordered.", {"list": "association list"}) == "An association list is ordered."


def test_reword_leaves_doctests_alone() -> None:
    assert reword(DOC, {"list": "table"}).split("\n")[:3] == ["Return a table of the numbers.", "    >>> f([1, 2])", "    [2, 1]"]
