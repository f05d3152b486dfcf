"""translate: tested functions into MultiPL-E problems, identical to `eval build` where both apply."""

from __future__ import annotations

from typing import Any

import pytest

from multiplt.evaluation.build import build_suite
from multiplt.translate.problems import BadRecord, PromptStyle, problem_name, translate_function

TARGETS = ["lua", "rkt", "ml", "r", "jl"]


def test_humaneval_problems_built_by_translate_equal_eval_build(humaneval: dict[str, dict[str, Any]]) -> None:
    built = build_suite("humaneval", TARGETS)
    plain = PromptStyle(canonical_solution=False)
    compared = 0
    for name, record in humaneval.items():
        translation = translate_function(record, "id", TARGETS, style=plain)
        ours = {problem["language"]: problem for problem in translation.problems}
        for code in TARGETS:
            theirs = next((problem for problem in built[code] if problem["name"] == name), None)
            if theirs is None:
                continue
            assert code in ours, f"{name} {code}: eval build keeps it, translate drops it: {translation.drops}"
            assert ours[code]["prompt"] == theirs["prompt"], f"{name} {code}"
            assert ours[code]["tests"] == theirs["tests"], f"{name} {code}"
            assert ours[code]["stop_tokens"] == theirs["stop_tokens"]
            compared += 1
    # eval build keeps 161 Lua/Racket/R, 159 Julia, 156 OCaml problems (MultiPL-E's counts or near them).
    assert compared > 780


def test_prompt_has_the_canonical_python_block_before_the_signature(humaneval: dict[str, dict[str, Any]]) -> None:
    [problem] = translate_function(humaneval["HumanEval_53_add"], "0123456789abcdef", ["lua"]).problems
    assert problem["prompt"] == (
        "-- Add two numbers x and y\n"
        "-- >>> add(2, 3)\n"
        "-- 5\n"
        "-- >>> add(5, 7)\n"
        "-- 12\n"
        "--\n"
        "-- Canonical Python solution:\n"
        "-- def add(x: int, y: int) -> int:\n"
        "--     return x + y\n"
        "local function add(x, y)\n"
    )
    assert problem["prompt_clean"] == "-- Add two numbers x and y\n-- >>> add(2, 3)\n-- 5\n-- >>> add(5, 7)\n-- 12\nlocal function add(x, y)\n"
    assert problem["name"] == "MT_0123456789ab_add"
    assert problem["function_id"] == "0123456789abcdef"
    assert problem["tests_kept"] == 5 and problem["tests_skipped"] == {}
    assert problem["provenance"]["repository"] == "openai/human-eval"


def test_typed_signature_comes_from_the_record_types() -> None:
    record = _record("def scale(xs, k):\n    \"\"\"Scale.\"\"\"\n    return [x * k for x in xs]\n", "scale",
                     ["assert scale([1.0], 2.0) == [2.0]"], {"parameters": ["List[float]", "float"], "returns": "List[float]"})
    problems = {p["language"]: p for p in translate_function(record, "f1", ["ml", "jl"]).problems}
    assert problems["ml"]["prompt"].endswith("let scale (xs : float list) (k : float) : float list =")
    assert problems["jl"]["prompt"].endswith("function scale(xs::Vector{Float64}, k::Float64)::Vector{Float64}\n")


def test_conflicting_types_drop_only_the_typed_targets() -> None:
    record = _record("def ident(x):\n    \"\"\"Same.\"\"\"\n    return x\n", "ident",
                     ["assert ident(1) == 1", "assert ident('a') == 'a'"], None)
    translation = translate_function(record, "f2", ["lua", "ml", "jl"])
    assert [p["language"] for p in translation.problems] == ["lua"]
    assert sorted((d.language, d.reason) for d in translation.drops) == [("jl", "types_conflict"), ("ml", "types_conflict")]


def test_untranslatable_asserts_are_skipped_and_counted_by_reason() -> None:
    record = _record("def f(x):\n    \"\"\"Id.\"\"\"\n    return x\n", "f",
                     ["assert f(1) == 1", "assert f(x=2) == 2", "assert f({1, 2}) == {1, 2}", "assert f(1) =="],
                     {"parameters": ["int"], "returns": "int"})
    [lua] = translate_function(record, "f3", ["lua"]).problems
    assert lua["tests_kept"] == 1
    assert lua["tests_skipped"] == {"call uses keyword arguments": 1, "set value has no lua form": 1,
                                    "test does not parse: invalid syntax": 1}


def test_a_language_with_fewer_than_min_tests_is_dropped_with_the_reason() -> None:
    record = _record("def f(x):\n    \"\"\"Id.\"\"\"\n    return x\n", "f",
                     ["assert f(1) == 1", "assert f({1}) == {1}"], {"parameters": ["int"], "returns": "int"})
    assert len(translate_function(record, "f4", ["lua"], min_tests=1).problems) == 1
    translation = translate_function(record, "f4", ["lua"], min_tests=2)
    assert translation.problems == []
    [drop] = translation.drops
    assert (drop.language, drop.reason) == ("lua", "too_few_tests")
    assert "set value has no lua form" in drop.detail


def test_a_record_without_source_is_a_bad_record() -> None:
    with pytest.raises(BadRecord, match="source"):
        translate_function({"name": "f", "tests": []}, "f5", ["lua"])


def test_problem_names_are_unique_per_function() -> None:
    assert problem_name("f", "aaaaaaaaaaaa1") != problem_name("f", "bbbbbbbbbbbb1")


def _record(source: str, name: str, tests: list[str], types: dict[str, Any] | None) -> dict[str, Any]:
    return {"name": name, "source": source, "tests": tests, "types": types,
            "provenance": {"source": "test", "repository": None, "path": "t.py", "license": None}}
