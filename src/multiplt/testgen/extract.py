"""Asserts out of model text (and docstring examples), in the one accepted form.

Only ``assert f(<positional args>) == <expr>`` is kept, parsed with ``ast`` and written
back with ``ast.unparse`` (one line, one spelling per test, so duplicates are exact).
Everything else is dropped and counted by reason: ``keyword_arguments``,
``other_form`` (another statement or comparison, a call of something else, ``*args``,
an expected value that calls ``f`` again), ``syntax_error`` (a fragment that does not
parse, typically the last assert cut off by the token limit), ``duplicate``.
An assert's message (``assert f(1) == 2, "msg"``) is dropped: it changes nothing but
the failure text.
"""

from __future__ import annotations

import ast
import doctest
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Extracted:
    """The tests found (one-line assert sources, first-seen order) and what was dropped, by reason."""

    tests: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def _calls(node: ast.AST, name: str) -> bool:
    return any(isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == name for sub in ast.walk(node))


def _assert_form(call: ast.expr, expected: ast.expr, name: str) -> tuple[str | None, str | None]:
    """The one-line test for ``call == expected``, or (None, reason)."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name):
        return None, "other_form"
    if call.keywords:
        return None, "keyword_arguments"
    if any(isinstance(argument, ast.Starred) for argument in call.args) or _calls(expected, name):
        return None, "other_form"
    test = ast.Assert(test=ast.Compare(left=call, ops=[ast.Eq()], comparators=[expected]), msg=None)
    return ast.unparse(ast.fix_missing_locations(test)), None


def assert_of_statement(statement: ast.stmt, name: str) -> tuple[str | None, str | None]:
    """A statement as a one-line ``assert name(...) == ...`` test, or (None, why not)."""
    match statement:
        case ast.Assert(test=ast.Compare(left=call, ops=[ast.Eq()], comparators=[expected])):
            return _assert_form(call, expected, name)
    return None, "other_form"


def _fragments(text: str) -> list[str]:
    """``text`` cut before each line that starts (at column 0) with ``assert``."""
    fragments: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("assert") and fragments[-1]:
            fragments.append([])
        fragments[-1].append(line)
    return ["\n".join(lines) for lines in fragments if any(line.strip() for line in lines)]


def _statements(fragment: str) -> tuple[list[ast.stmt], bool]:
    """The statements of the longest leading run of lines that parses; True if lines were left over."""
    lines = fragment.splitlines()
    for end in range(len(lines), 0, -1):
        try:
            module = ast.parse("\n".join(lines[:end]))
        except (SyntaxError, ValueError):  # ValueError: a null byte in the text
            continue
        leftover = any(line.strip() and not line.lstrip().startswith("#") for line in lines[end:])
        return module.body, leftover
    return [], True


def extract_tests(texts: Iterable[str], name: str) -> Extracted:
    """The tests of ``name`` in ``texts`` (each a whole test source, head included), deduplicated."""
    found = Extracted()
    seen: set[str] = set()
    for text in texts:
        for fragment in _fragments(text):
            statements, leftover = _statements(fragment)
            if leftover:
                found.dropped["syntax_error"] += 1
            for statement in statements:
                test, reason = assert_of_statement(statement, name)
                if test is None:
                    found.dropped[reason or "other_form"] += 1
                elif test in seen:
                    found.dropped["duplicate"] += 1
                else:
                    seen.add(test)
                    found.tests.append(test)
    return found


def doctest_tests(docstring: str, name: str) -> Extracted:
    """Docstring examples ``>>> f(1)`` / ``2`` as tests ``assert f(1) == 2``; the rest counted as ``doctest_*``."""
    found = Extracted()
    try:
        examples = doctest.DocTestParser().get_examples(docstring or "")
    except ValueError:  # inconsistent indentation or prompts
        found.dropped["doctest_unreadable"] += 1
        return found
    for example in examples:
        try:
            call = ast.parse(example.source, mode="eval").body
        except SyntaxError:
            found.dropped["doctest_not_a_call"] += 1
            continue
        if not example.want.strip():
            found.dropped["doctest_no_output"] += 1
            continue
        try:
            expected = ast.parse(example.want.strip(), mode="eval").body
        except SyntaxError:
            found.dropped["doctest_output_not_an_expression"] += 1
            continue
        test, reason = _assert_form(call, expected, name)
        if test is None:
            found.dropped[f"doctest_{reason}" if reason == "keyword_arguments" else "doctest_not_a_call"] += 1
        elif test in found.tests:
            found.dropped["doctest_duplicate"] += 1
        else:
            found.tests.append(test)
    return found
