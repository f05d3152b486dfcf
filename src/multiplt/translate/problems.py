"""A tested Python function into one MultiPL-E problem per target language.

The prompt is MultiPL-T's (SPEC 1.5): the docstring as a target-language comment, the
Python body as a commented "Canonical Python solution" block, the target signature
(typed for OCaml and Julia from the record's ``types``). The test block comes from the
record's passing asserts through ``languages/``, the same code ``eval build`` uses, so a
HumanEval problem built by either path is identical. An assert that does not translate
is skipped and counted by reason; a language gets no problem only when fewer than
``min_tests`` asserts survive, and then the reason is kept.
"""

from __future__ import annotations

import ast
import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.base import Parameter
from multiplt.languages.infer import infer_annotations
from multiplt.languages.outliers import drop_type_outliers
from multiplt.languages.pyparse import parse_assert, parse_function


@dataclass(frozen=True)
class PromptStyle:
    """How prompts are written: MultiPL-T's canonical block, MultiPL-E's doctest and wording variant."""

    canonical_solution: bool = True
    doctests: str = "transform"
    reworded: bool = True


@dataclass(frozen=True)
class Drop:
    """A language that got no problem for a function: a counter name and the detail."""

    language: str
    reason: str  # snake_case, counted as dropped.<reason>
    detail: str


@dataclass
class Translation:
    """What one function became: a problem per language that worked, a Drop per one that did not."""

    problems: list[dict[str, Any]] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)


class BadRecord(ValueError):
    """A tested-function record that lacks a field translation needs, or whose source does not parse."""


OUTLIER_REASON = "argument type disagrees with the other tests (outlier)"


def problem_name(function: str, function_id: str) -> str:
    """A problem name unique per function, shaped like MultiPL-E's: ``MT_<id>_<function>``."""
    return f"MT_{function_id[:12]}_{function}"


def typed_function(data: Mapping[str, Any]) -> PyFunction:
    """The record's function with the record's ``types`` as its annotations (where known).

    Raises BadRecord when ``source`` or ``name`` is missing or the source does not parse.
    """
    source, name = data.get("source"), data.get("name")
    if not isinstance(source, str) or not isinstance(name, str):
        raise BadRecord("record has no string fields 'source' and 'name'")
    try:
        function = parse_function(source, name)
    except TranslationError as error:
        raise BadRecord(f"source: {error}") from None
    types = data.get("types")
    if not isinstance(types, Mapping):
        return function
    parameter_types = types.get("parameters") or []
    parameters = tuple(
        Parameter(parameter.name, _text_or(parameter_types[index] if index < len(parameter_types) else None, parameter.annotation))
        for index, parameter in enumerate(function.parameters)
    )
    returns = _text_or(types.get("returns"), function.return_annotation)
    return dataclasses.replace(function, parameters=parameters, return_annotation=returns)


def _text_or(value: Any, fallback: str | None) -> str | None:
    return value if isinstance(value, str) and value else fallback


def parse_tests(tests: Sequence[Any], function: str) -> tuple[list[PyAssert], Counter[str]]:
    """The record's assert statements as PyAsserts; those that do not parse are counted by reason."""
    asserts: list[PyAssert] = []
    skipped: Counter[str] = Counter()
    for test in tests:
        if not isinstance(test, str):
            skipped["test is not a string"] += 1
            continue
        try:
            statements = ast.parse(test).body
        except SyntaxError as error:
            skipped[f"test does not parse: {error.msg}"] += 1
            continue
        if len(statements) != 1:
            skipped["test is not one statement"] += 1
            continue
        try:
            asserts.append(parse_assert(statements[0], function))
        except TranslationError as error:
            skipped[str(error)] += 1
    return asserts, skipped


def translate_function(
    data: Mapping[str, Any],
    function_id: str,
    languages: Sequence[str],
    *,
    min_tests: int = 1,
    style: PromptStyle = PromptStyle(),
) -> Translation:
    """Problems for one tested-function record (``docs/records.md``), one per language that works.

    Raises BadRecord for a record translation cannot read at all.
    """
    function = typed_function(data)
    tests = data.get("tests")
    if not isinstance(tests, list):
        raise BadRecord("record has no list field 'tests'")
    asserts, unparsed = parse_tests(tests, function.name)
    asserts, outliers = drop_type_outliers(asserts)  # as `eval build` does (languages/outliers.py)
    if outliers:
        unparsed[OUTLIER_REASON] += outliers
    # Annotations the record's types leave open are inferred as `eval build` infers them.
    function = infer_annotations(function, asserts)
    types_conflict = data.get("types", {}) is None
    translation = Translation()
    for code in languages:
        language = get_language(code)
        if types_conflict and getattr(language, "typed", False):
            translation.drops.append(Drop(language.code, "types_conflict", "the tests show conflicting types"))
            continue
        try:
            prompt = language.prompt(
                function, canonical_solution=style.canonical_solution, doctests=style.doctests, reworded=style.reworded
            )
        except TranslationError as error:
            translation.drops.append(Drop(language.code, "no_signature", str(error)))
            continue
        # The training text keeps the docstring comment and signature, not the canonical block.
        prompt_clean = language.prompt(function, canonical_solution=False, doctests=style.doctests, reworded=style.reworded)
        block = language.tests(function, asserts)
        skipped = Counter(unparsed) + Counter(block.skipped)
        if block.translated < min_tests:
            why = ", ".join(f"{reason} ({count})" for reason, count in skipped.most_common(3)) or "no tests"
            translation.drops.append(Drop(language.code, "too_few_tests", f"{block.translated} of {len(tests)} translate: {why}"))
            continue
        translation.problems.append(
            {
                "function_id": function_id,
                "function": function.name,
                "language": language.code,
                "name": problem_name(function.name, function_id),
                "prompt": prompt,
                "tests": block.text,
                "stop_tokens": list(language.stop_tokens),
                "tests_kept": block.translated,
                "tests_skipped": dict(sorted(skipped.items())),
                "prompt_clean": prompt_clean,
                "provenance": data.get("provenance"),
            }
        )
    return translation
