"""Inputs drawn from a function's parameter types with Hypothesis, on the host.

Only data is made here (ints, floats, strings, lists...); the function itself runs in
the sandbox. Hypothesis runs derandomized with no example database, so the same types
give the same inputs on every run and machine, and its generation phase only (nothing
fails here, there is nothing to shrink). Values are kept small: a test line stays
readable and a run stays short. Floats are finite: ``nan`` has no literal, and
``nan == nan`` is false.
"""

from __future__ import annotations

import warnings
from typing import Any

from multiplt.languages.base import TranslationError
from multiplt.languages.types import ELLIPSIS, PyType, optional_inner, parse_annotation


class NoStrategy(ValueError):
    """A type Hypothesis is not asked to draw here (Any, an unknown element, a class)."""


def strategy(t: PyType) -> Any:
    """The Hypothesis strategy for values of ``t``."""
    from hypothesis import strategies as st

    scalars = {
        "int": st.integers(min_value=-1000, max_value=1000),
        "float": st.floats(min_value=-1000.0, max_value=1000.0, allow_nan=False, allow_infinity=False),
        "bool": st.booleans(),
        "str": st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8),
        "none": st.none(),
    }
    if t.kind in scalars:
        return scalars[t.kind]
    if t.kind == "list":
        return st.lists(strategy(t.args[0]), max_size=6)
    if t.kind == "set":
        return st.sets(strategy(t.args[0]), max_size=6)
    if t.kind == "dict":
        return st.dictionaries(strategy(t.args[0]), strategy(t.args[1]), max_size=4)
    if t.kind == "tuple":
        if len(t.args) == 2 and t.args[1] == ELLIPSIS:
            return st.lists(strategy(t.args[0]), max_size=6).map(tuple)
        return st.tuples(*(strategy(arg) for arg in t.args))
    if t.kind == "union":
        inner = optional_inner(t)
        members = [inner, PyType("none")] if inner is not None else list(t.args)
        return st.one_of(*(strategy(member) for member in members))
    raise NoStrategy(f"no strategy for {t}")


def typed_inputs(annotations: list[str | None], count: int) -> list[tuple[Any, ...]]:
    """Up to ``count`` distinct argument tuples for parameters of these types (the same ones every run).

    Raises NoStrategy when a parameter has no type or one with no strategy.
    """
    from hypothesis import HealthCheck, Phase, given, settings

    types: list[PyType] = []
    for annotation in annotations:
        if annotation is None:
            raise NoStrategy("a parameter has no type")
        try:
            types.append(parse_annotation(annotation))
        except TranslationError as error:
            raise NoStrategy(str(error)) from None
    from hypothesis import strategies as st

    arguments = st.tuples(*(strategy(t) for t in types))
    drawn: list[tuple[Any, ...]] = []
    seen: set[str] = set()

    @settings(
        max_examples=count, derandomize=True, database=None, deadline=None,
        phases=[Phase.generate], suppress_health_check=list(HealthCheck),
    )
    @given(arguments)
    def collect(values: tuple[Any, ...]) -> None:
        key = repr(values)
        if key not in seen:
            seen.add(key)
            drawn.append(values)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return drawn[:count]
