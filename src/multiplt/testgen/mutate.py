"""New inputs for a function from the ones its passing tests already use: same types, nearby values.

Only arguments written as Python literals are mutated (``ast.literal_eval`` reads them;
nothing is evaluated). One argument changes at a time; the others keep their source
text, so an argument such as ``math.pi`` stays as written. Each mutation keeps the
value's type, so the function's inferred types are not disturbed: an int becomes its
neighbours, 0 and its negation; a string loses or gains a character; a list loses its
first or last element, gains a copy of one, or is emptied; a tuple's items mutate in
place (its length is part of its type).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any

MAX_SOURCE = 200  # characters of an argument's source; longer values are not worth a test line


def _scalar_neighbours(value: Any) -> list[Any]:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, 0, -value, value * 2]
    if isinstance(value, float):
        return [value + 0.5, value - 0.5, 0.0, -value, value * 2]
    if isinstance(value, str):
        neighbours = ["", value[:-1], value[1:], value + value[-1:], value.upper(), value[::-1]]
        if not value:
            neighbours += ["a", " "]
        return neighbours
    return []


def neighbours(value: Any, depth: int = 0) -> list[Any]:
    """Values of the same type near ``value`` (``value`` itself excluded, no repeats)."""
    found: list[Any] = []
    if isinstance(value, list | tuple) and depth < 3:
        items = list(value)
        if isinstance(value, list):
            found += [[], items[1:], items[:-1], items + items[-1:], items[::-1]]
        for index, item in enumerate(items[:4]):
            for near in neighbours(item, depth + 1)[:3]:
                changed = items[:index] + [near] + items[index + 1:]
                found.append(changed if isinstance(value, list) else tuple(changed))
    elif isinstance(value, dict) and depth < 3:
        pairs = list(value.items())
        found += [{}, dict(pairs[1:]), dict(pairs[:-1])]
        for key, item in pairs[:3]:
            found += [{**value, key: near} for near in neighbours(item, depth + 1)[:2]]
    elif isinstance(value, set | frozenset):
        found += [set(), set(list(value)[1:])]
    else:
        found = _scalar_neighbours(value)
    kept: list[Any] = []
    for near in found:
        if type(near) is type(value) and near != value and not any(type(k) is type(near) and k == near for k in kept):
            kept.append(near)
    return kept


def _literal(node: ast.expr) -> tuple[bool, Any]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def mutated_arguments(calls: Sequence[Sequence[str]]) -> Iterator[tuple[str, ...]]:
    """Argument lists (each argument's source) one mutation away from those in ``calls``, no repeats.

    ``calls`` holds the argument sources of the passing tests; those lists themselves
    are never yielded.
    """
    seen = {tuple(call) for call in calls}
    for call in calls:
        for index, source in enumerate(call):
            try:
                node = ast.parse(source, mode="eval").body
            except SyntaxError:
                continue
            ok, value = _literal(node)
            if not ok:
                continue
            for near in neighbours(value):
                text = repr(near)
                if len(text) > MAX_SOURCE:
                    continue
                candidate = (*call[:index], text, *call[index + 1:])
                if candidate not in seen:
                    seen.add(candidate)
                    yield candidate


def call_arguments(test: str) -> list[str]:
    """The source of each argument of ``assert f(a, b) == e``: ``["a", "b"]``."""
    statement = ast.parse(test).body[0]
    assert isinstance(statement, ast.Assert) and isinstance(statement.test, ast.Compare)
    call = statement.test.left
    assert isinstance(call, ast.Call)
    return [ast.unparse(argument) for argument in call.args]
