"""translate -> generate (replayed completions) -> validate -> dedup, per installed language, on real runtimes.

HumanEval_53_add (``add(x, y)``) gets six hand-written completions per language: a
correct one, the same text again (exact duplicate), ``x + y + 0`` (a near duplicate: ROUGE-L
0.8 or more), a longer correct one (ROUGE-L below 0.6 against the first), a correct one marked
``TODO`` and a wrong one (``x - y``). Expected: 5 pass, 2 kept.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from runtimes import require_runtime

from multiplt.pipeline.stage import Context
from multiplt.records import Record
from multiplt.sandbox import Sandbox
from multiplt.translate.stages import DedupStage, GenerateStage, TranslateStage, ValidateStage
from multiplt.translate.stubcheck import check_stubs
from multiplt.translate.problems import translate_function

TARGETS = ["lua", "rkt", "ml", "r", "jl"]

# correct, near duplicate, distinct correct, TODO, wrong
COMPLETIONS = {
    "lua": ["  return x + y\nend", "  return x + y + 0\nend",
            "  local total = 0\n  total = total + x\n  total = total + y\n  return total\nend",
            "  return x + y -- TODO: overflow\nend", "  return x - y\nend"],
    "rkt": ["  (+ x y))", "  (+ x y 0))", "  (let ([total (+ 0 x)])\n    (+ total y)))", "  (+ x y)) ; TODO tidy", "  (- x y))"],
    "ml": ["  x + y", "  x + y + 0", "  let total = ref 0 in\n  total := !total + x;\n  !total + y", "  x + y (* TODO *)", "  x - y"],
    "r": ["\n  x + y\n}", "\n  x + y + 0\n}", "\n  total <- 0\n  total <- total + x\n  total + y\n}", "\n  x + y  # TODO\n}", "\n  x - y\n}"],
    "jl": ["    return x + y\nend", "    return x + y + 0\nend",
           "    total = 0\n    total += x\n    total += y\n    return total\nend", "    return x + y # TODO\nend", "    return x - y\nend"],
}


def _context(tmp_path: Path, stage: str) -> Context:
    return Context(stage=stage, run_dir=tmp_path)


def _run(stage: Any, records: list[Record], ctx: Context) -> list[Record]:
    stage.setup(ctx)
    try:
        return stage(records, ctx)
    finally:
        stage.teardown()


def _write_completions(folder: Path, problem: dict[str, Any], completions: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / f"{problem['name']}.json.gz", "wt", encoding="utf-8") as handle:
        json.dump({**problem, "completions": completions}, handle)


@pytest.mark.parametrize("code", TARGETS)
def test_replayed_completions_are_validated_and_deduplicated(code: str, tmp_path: Path, humaneval: dict[str, dict[str, Any]]) -> None:
    require_runtime(code)
    source = Record.root(humaneval["HumanEval_53_add"])
    [problem] = _run(TranslateStage(languages=[code]), [source], _context(tmp_path, "translate"))
    correct, near, distinct, todo, wrong = COMPLETIONS[code]
    replay = tmp_path / "completions"
    _write_completions(replay, problem.data, [correct, correct, near, distinct, todo, wrong])

    generate_ctx = _context(tmp_path, "generate")
    [generated] = _run(GenerateStage(replay=str(replay), n=6), [problem], generate_ctx)
    assert len(generated["completions"]) == 6
    assert generated["sampling"]["temperature"] == 0.8 and generated["model"] == str(replay)

    validate_ctx = _context(tmp_path, "validate")
    [validated] = _run(ValidateStage(), [generated], validate_ctx)
    assert validate_ctx.counters["sandbox.programs"] == validate_ctx.counters[f"{code}/sandbox.programs"] == 6
    assert validate_ctx.counters[f"{code}/sandbox.ms"] == validate_ctx.counters["sandbox.ms"]
    assert [s["passed"] for s in validated["solutions"]] == [True, True, True, True, True, False]
    assert validated["passed"] == 5 and validated["pass_rate"] == pytest.approx(5 / 6)
    failing = validated["solutions"][5]
    assert failing["status"] == "AssertionError"
    if code == "rkt":
        # rackunit reports the failed check-equal? and still exits 0: exit 0 alone is not a pass.
        assert failing["exit_code"] == 0 and "FAILURE" in failing["stderr"]

    dedup_ctx = _context(tmp_path, "dedup")
    [deduped] = _run(DedupStage(), [validated], dedup_ctx)
    assert [kept["solution"] for kept in deduped["kept"]] == [0, 3]
    assert dedup_ctx.counters["dropped.exact_duplicate"] == 1
    assert dedup_ctx.counters["dropped.near_duplicate"] == 1
    assert dedup_ctx.counters["dropped.todo"] == 1
    dropped = [json.loads(line) for line in (tmp_path / "dedup" / "_dropped" / "part-00000.jsonl").read_text().splitlines()]
    assert [(entry["reason"], entry["solution"], entry.get("duplicate_of")) for entry in dropped] == [
        ("todo", 4, None), ("exact_duplicate", 1, 0), ("near_duplicate", 2, 0)]
    assert all(entry["language"] == code and entry["name"] == problem["name"] for entry in dropped)
    assert dropped[2]["score"] > 0.6 and "ROUGE-L" in dropped[2]["detail"]
    content = deduped["kept"][0]["content"]
    assert "Canonical Python solution" not in content and "candidate" not in content
    assert content.endswith(correct.rstrip() + "\n")


def test_lua_content_is_the_docstring_comment_signature_and_solution(tmp_path: Path, humaneval: dict[str, dict[str, Any]]) -> None:
    require_runtime("lua")
    [problem] = _run(TranslateStage(languages=["lua"]), [Record.root(humaneval["HumanEval_53_add"])], _context(tmp_path, "t"))
    solutions = [{"completion": "  return x + y\nend", "passed": True, "status": "OK", "exit_code": 0, "seconds": 0.0, "stderr": ""}]
    [deduped] = _run(DedupStage(), [problem.derive({**problem.data, "solutions": solutions}, stage="v")], _context(tmp_path, "d"))
    assert deduped["kept"][0]["content"] == (
        "-- Add two numbers x and y\n-- >>> add(2, 3)\n-- 5\n-- >>> add(5, 7)\n-- 12\n"
        "local function add(x, y)\n  return x + y\nend\n"
    )


BROKEN_TESTS = {  # one assertion each that cannot compile with any body
    "lua": ("lu.assertEquals(candidate(0, 1), 1)", "lu.assertEquals(candidate(0 1), 1)"),
    "rkt": ("(check-equal? (candidate 0 1) 1)", "(check-equal? (candidate 0 1) 1))"),
    "ml": ("(assert ((candidate 0 1) = 1));", '(assert ((candidate 0 1) = "one"));'),
    "r": ("stopifnot(isTRUE(all.equal(candidate(0, 1), 1)))", "stopifnot(isTRUE(all.equal(candidate(0 1), 1)))"),
    "jl": ("@test(candidate(0, 1) == 1)", "@test(candidate(0, 1) == 1"),
}


@pytest.mark.parametrize("code", TARGETS)
def test_stub_check_passes_sound_problems_and_drops_ones_that_cannot_compile(code: str, humaneval: dict[str, dict[str, Any]]) -> None:
    require_runtime(code)
    [sound] = translate_function(humaneval["HumanEval_53_add"], "a", [code]).problems
    old, new = BROKEN_TESTS[code]
    assert old in sound["tests"]
    broken = {**sound, "tests": sound["tests"].replace(old, new)}
    with Sandbox(jobs=2) as sandbox:
        ok, failure = check_stubs([sound, broken], sandbox)
    assert ok is None
    assert failure is not None and failure.reason == "stub_compile_error"
    assert failure.message and "\n" not in failure.message


@pytest.mark.parametrize("code", TARGETS)
def test_underscore_names_compile_in_every_language(code: str) -> None:
    require_runtime(code)
    record = {"name": "_escape", "source": 'def _escape(_time: int, text: str) -> str:\n    """Prefix."""\n    return str(_time) + text\n',
              "tests": ["assert _escape(1, 'a') == '1a'"], "types": {"parameters": ["int", "str"], "returns": "str"}}
    [problem] = translate_function(record, "b", [code]).problems
    with Sandbox(jobs=1) as sandbox:
        assert check_stubs([problem], sandbox) == [None]


def test_translate_stage_drops_a_problem_whose_tests_cannot_compile_with_the_message(tmp_path: Path) -> None:
    require_runtime("ml")
    # The tests expect a string, the record's types say int: OCaml rejects the test block at compile time.
    record = {"name": "f", "source": 'def f(x):\n    """Id."""\n    return x\n', "tests": ["assert f(1) == 'a'"],
              "types": {"parameters": ["int"], "returns": "int"}}
    ctx = _context(tmp_path, "translate")
    assert _run(TranslateStage(languages=["ml"]), [Record.root(record)], ctx) == []
    assert ctx.counters["dropped.stub_compile_error"] == 1 and ctx.counters["ml/dropped.stub_compile_error"] == 1
    [logged] = [json.loads(line) for line in (tmp_path / "translate" / "_dropped" / "part-00000.jsonl").read_text().splitlines()]
    assert logged["reason"] == "stub_compile_error" and "Error" in logged["detail"]
