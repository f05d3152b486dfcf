"""Docstring rewriting as MultiPL-E does it: doctests into the target's syntax, Python words reworded.

A doctest is a ``>>> expression`` line followed by one output line. ``transform_doctests``
rewrites both through a callback (the target language's renderer); a doctest the callback
cannot translate stays as written. ``reword`` swaps Python vocabulary ("list",
"dictionary", "None", ...) for the target's, outside doctests, fixing "a"/"an".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping

from multiplt.languages.base import TranslationError

DoctestRenderer = Callable[[ast.Call, ast.expr], tuple[str, str]]

_PROMPT = re.compile(r"^(\s*)>>>\s?(.*)$")


def _doctest_spans(lines: list[str]) -> list[int]:
    """Indexes of ``>>>`` lines that have an output line right after them."""
    return [
        index
        for index, line in enumerate(lines[:-1])
        if _PROMPT.match(line) and lines[index + 1].strip() and not _PROMPT.match(lines[index + 1])
    ]


def transform_doctests(docstring: str, render: DoctestRenderer) -> str:
    """``docstring`` with each ``>>> f(args)`` / output pair rendered by ``render``.

    ``render(call, output)`` gets the parsed call and output and returns the two lines'
    new text; it raises TranslationError to leave a doctest as it was. Indentation is kept.
    """
    lines = docstring.split("\n")
    for index in _doctest_spans(lines):
        match = _PROMPT.match(lines[index])
        assert match is not None
        indent, expression = match.groups()
        output_line = lines[index + 1]
        try:
            call = ast.parse(expression.strip(), mode="eval").body
            output = ast.parse(output_line.strip(), mode="eval").body
        except SyntaxError:
            continue
        if not isinstance(call, ast.Call):
            continue
        try:
            new_call, new_output = render(call, output)
        except TranslationError:
            continue
        output_indent = output_line[: len(output_line) - len(output_line.lstrip())]
        lines[index] = f"{indent}>>> {new_call}"
        lines[index + 1] = f"{output_indent}{new_output}"
    return "\n".join(lines)


def remove_doctests(docstring: str) -> str:
    """``docstring`` without its ``>>>`` / output pairs (MultiPL-E's "remove" variant)."""
    lines = docstring.split("\n")
    drop = {i for index in _doctest_spans(lines) for i in (index, index + 1)}
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def reword(docstring: str, terms: Mapping[str, str]) -> str:
    """Python words replaced by the target's, outside doctests: "a list" -> "a table".

    Whole words only (MultiPL-E matched substrings, turning "listed" into "tableed").
    """
    if not terms:
        return docstring
    words = "|".join(re.escape(word) for word in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:(?P<article>[Aa]n?) )?(?P<word>{words})\b")

    def replace(match: re.Match[str]) -> str:
        new = terms[match.group("word")]
        article = match.group("article")
        if article is None:
            return new
        fitting = "an" if new[:1].lower() in "aeiou" else "a"
        return f"{fitting.capitalize() if article[0] == 'A' else fitting} {new}"

    lines = docstring.split("\n")
    keep = {i for index in _doctest_spans(lines) for i in (index, index + 1)}
    return "\n".join(line if i in keep else pattern.sub(replace, line) for i, line in enumerate(lines))
