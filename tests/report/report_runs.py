"""Run folders built by hand for the report and status tests, following docs/records.md.

The functions are real standard-library functions (their source read with `inspect`);
their tests and the Lua and Racket solutions are written here by hand, with the
counts, drop reasons and counters a finished run of the loop would leave. The folders
are written with the pipeline's own part and marker writers, so they have the layout a
real run has.
"""

from __future__ import annotations

import calendar
import inspect
import json
import string
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

from multiplt.io import atomic_write_bytes
from multiplt.pipeline import parts
from multiplt.pipeline.parts import PartResult
from multiplt.records import Record

CHAIN = [("testgen", "testgen"), ("translate", "translate"), ("generate", "generate"),
         ("validate", "validate"), ("dedup", "dedup"), ("dataset", "dataset")]


def _mined(function: Callable[..., Any], module: str) -> Record:
    source = textwrap.dedent(inspect.getsource(function))
    lines = inspect.getsourcelines(function)
    return Record.root({
        "name": function.__name__, "source": source, "imports": [], "program": source,
        "docstring": inspect.getdoc(function) or "", "lines": [lines[1], lines[1] + len(lines[0]) - 1],
        "provenance": {"source": "stdlib", "repository": None, "path": f"{module}.py", "license": "PSF-2.0"},
    }, source="stdlib")


FUNCTIONS = [(string.capwords, "string"), (calendar.isleap, "calendar"), (calendar.leapdays, "calendar")]

TESTS = {
    "capwords": ["assert capwords('hello world') == 'Hello World'", "assert capwords('  a  b ') == 'A B'"],
    "isleap": ["assert isleap(2000) == True", "assert isleap(1900) == False", "assert isleap(2024) == True"],
    "leapdays": ["assert leapdays(2000, 2025) == 7"],
}
COVERAGE = {"capwords": 1.0, "isleap": 1.0, "leapdays": 0.75}

SOLUTIONS = {
    ("isleap", "lua"): "-- Return True for leap years, False for non-leap years.\nlocal function isleap(year)\n"
                       "    return year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0)\nend\n",
    ("isleap", "rkt"): "#lang racket\n;; Return True for leap years, False for non-leap years.\n(define (isleap year)\n"
                       "  (and (= (modulo year 4) 0)\n       (or (not (= (modulo year 100) 0)) (= (modulo year 400) 0))))\n",
    ("capwords", "lua"): "-- Split the argument into words, capitalize each word.\nlocal function capwords(s, sep)\n"
                         "    local out = {}\n    for word in s:gmatch('%S+') do\n"
                         "        out[#out + 1] = word:sub(1, 1):upper() .. word:sub(2):lower()\n    end\n"
                         "    return table.concat(out, ' ')\nend\n",
    ("leapdays", "lua"): "-- Return number of leap years in range [y1, y2).\nlocal function leapdays(y1, y2)\n"
                         "    y1, y2 = y1 - 1, y2 - 1\n"
                         "    return (y2 // 4 - y1 // 4) - (y2 // 100 - y1 // 100) + (y2 // 400 - y1 // 400)\nend\n",
}
"""Correct solutions; capwords has none in Racket (all its samples fail), leapdays has no Racket problem."""

SAMPLES_PER_PROBLEM = 4
PASSING = {("isleap", "lua"): 3, ("isleap", "rkt"): 2, ("capwords", "lua"): 1, ("leapdays", "lua"): 2}
"""Passing samples out of SAMPLES_PER_PROBLEM per problem; capwords in Racket has none."""
VERDICT_SECONDS = {"lua": 0.004, "rkt": 0.21}


def _write_stage(run_dir: Path, name: str, records: list[Record], records_in: int, counters: dict[str, int],
                 seconds: float = 1.0) -> None:
    folder = run_dir / name
    parts.write_part(folder, 0, records)
    parts.mark_done(folder, PartResult(0, records_in, len(records), counters, seconds))


def write_config(run_dir: Path, chain: list[tuple[str, str]], languages: list[str]) -> None:
    """A resolved config as a run saves it (names given, so no stage class is needed to read it)."""
    config = {
        "run": {"name": run_dir.name, "runs_dir": str(run_dir.parent), "runner": "local", "jobs": 2,
                "part_size": 1000, "batch_size": 100},
        "source": {"kind": "jsonl", "path": "/nowhere/functions.jsonl"},
        "stages": [{"kind": kind, "name": name, "options": {"languages": languages} if kind == "translate" else {}}
                   for name, kind in chain],
        "llm": {"backend": "llamacpp", "cache": True},
        "sandbox": {"isolation": "warm", "jobs": 2, "cache": True},
    }
    (run_dir / "config.toml").write_text(tomli_w.dumps(config), encoding="utf-8")


def write_log(run_dir: Path, chain: list[tuple[str, str]], finished: bool) -> None:
    """A log with a run_start (and a run_done when finished)."""
    events = [{"ts": "2026-12-04T13:00:00.000+00:00", "event": "run_start", "stages": [name for name, _ in chain]}]
    if finished:
        events.append({"ts": "2026-12-04T13:05:00.000+00:00", "event": "run_done", "stages": []})
    (run_dir / "log.jsonl").write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")


HOSTILE = "-- </script><script>window.pwned = 1</script> <b>bold</b>\n"
"""A line a generated program may well contain; the report must show it as text."""


def build_finished_run(run_dir: Path, until: str | None = None, hostile: bool = False) -> Path:
    """A run of the whole loop over three standard-library functions into Lua and Racket.

    ``until`` stops after that stage, leaving the later stages not run (a partial run);
    ``hostile`` puts :data:`HOSTILE` at the top of capwords' Lua solution.
    """
    run_dir.mkdir(parents=True)
    chain = CHAIN
    write_config(run_dir, chain, ["lua", "rkt"])
    write_log(run_dir, chain, finished=until is None)
    stop = [name for name, _ in chain].index(until) + 1 if until else len(chain)
    done = {name for name, _ in chain[:stop]}

    mined = [_mined(function, module) for function, module in FUNCTIONS]
    extra = Record.root({"name": "no_tests", "source": "def no_tests(x):\n    return x\n"}, source="stdlib")
    _write_stage(run_dir, "source", [*mined, extra], 4, {})
    atomic_write_bytes(run_dir / "source" / parts.DONE_DIR / "_complete", b"1")

    tested = [record.derive({**record.data, "tests": TESTS[record["name"]], "failed_tests": [],
                             "test_origins": {"llm": len(TESTS[record["name"]]), "doctest": 0, "augment": 0},
                             "coverage": {"line": COVERAGE[record["name"]], "branch": None,
                                          "reference_line": 0.9},
                             "types": None, "types_source": "inferred"}, stage="testgen") for record in mined]
    if "testgen" in done:
        _write_stage(run_dir, "testgen", tested, 4, {"dropped.no_passing_test": 1, "llm.prompt_tokens": 2400,
                                                     "llm.completion_tokens": 1600, "llm.ms": 12000,
                                                     "sandbox.programs": 9, "sandbox.ms": 450}, 20.0)
    problems = []
    for function in tested:
        for language in ("lua", "rkt"):
            if function["name"] == "leapdays" and language == "rkt":
                continue
            problems.append(function.derive({
                "function_id": function.id, "function": function["name"], "language": language,
                "name": f"{function['name']}_{language}", "prompt": f"-- {function['name']}\n",
                "tests": "-- tests\n", "stop_tokens": ["\nend"], "tests_kept": len(function["tests"]),
                "tests_skipped": {}, "provenance": function["provenance"]}, stage="translate"))
    if "translate" in done:
        _write_stage(run_dir, "translate", problems, 3, {"dropped.stub_compiles_not": 1,
                                                        "rkt/dropped.stub_compiles_not": 1}, 2.0)
    def completion(problem: Record, index: int) -> str:
        key = (problem["function"], problem["language"])
        body = SOLUTIONS.get(key, "-- no solution\n")
        return body if index < PASSING.get(key, 0) else f"-- wrong answer {index}\n"

    generated = [problem.derive({**problem.data, "model": "gemma-3-270m",
                                 "completions": [completion(problem, index) for index in range(SAMPLES_PER_PROBLEM)],
                                 "sampling": {"n": SAMPLES_PER_PROBLEM, "temperature": 0.8}}, stage="generate")
                 for problem in problems]
    if "generate" in done:
        counters = {"llm.samples": SAMPLES_PER_PROBLEM * len(problems), "llm.requests": len(problems),
                    "llm.prompt_tokens": 300 * len(problems), "llm.completion_tokens": 500 * len(problems),
                    "llm.ms": 4000 * len(problems)}
        for problem in problems:
            key = f"{problem['language']}/samples"
            counters[key] = counters.get(key, 0) + SAMPLES_PER_PROBLEM
        _write_stage(run_dir, "generate", generated, len(problems), counters, 30.0)

    validated: list[Record] = []
    counters = {"sandbox.programs": 0, "sandbox.ms": 0}
    for problem in generated:
        language = problem["language"]
        passing = PASSING.get((problem["function"], language), 0)
        solutions = [{"completion": text, "passed": index < passing,
                      "status": "OK" if index < passing else "AssertionError", "exit_code": 0 if index < passing else 1,
                      "seconds": VERDICT_SECONDS[language]} for index, text in enumerate(problem["completions"])]
        counters["sandbox.programs"] += len(solutions)
        counters["sandbox.ms"] += int(len(solutions) * VERDICT_SECONDS[language] * 1000)
        for solution in solutions:
            key = f"{language}/status.{solution['status']}"
            counters[key] = counters.get(key, 0) + 1
        if passing == 0:
            counters["dropped.no_passing_solution"] = counters.get("dropped.no_passing_solution", 0) + 1
            counters[f"{language}/dropped.no_passing_solution"] = 1
            continue
        validated.append(problem.derive({**problem.data, "solutions": solutions, "passed": passing,
                                         "pass_rate": passing / len(solutions)}, stage="validate"))
    if "validate" in done:
        _write_stage(run_dir, "validate", validated, len(generated), counters, 3.0)

    def content(key: tuple[str, str]) -> str:
        return (HOSTILE if hostile and key == ("capwords", "lua") else "") + SOLUTIONS[key]

    # The passing samples of a problem are one solution written several times: dedup keeps the first.
    deduplicated, counters = [], {}
    for record in validated:
        language = record["language"]
        duplicates = record["passed"] - 1
        counters["dropped.exact_duplicate"] = counters.get("dropped.exact_duplicate", 0) + duplicates
        key = f"{language}/dropped.exact_duplicate"
        counters[key] = counters.get(key, 0) + duplicates
        kept = [{"solution": 0, "completion": record["solutions"][0]["completion"],
                 "content": content((record["function"], language))}]
        deduplicated.append(record.derive({**record.data, "kept": kept, "dedup_threshold": 0.6}, stage="dedup"))
    if "dedup" in done:
        _write_stage(run_dir, "dedup", deduplicated, len(validated), counters)
    rows = [record.derive({
        "content": record["kept"][0]["content"], "language": record["language"], "name": record["name"],
        "function": record["function"], "function_id": record["function_id"], "solution": 0,
        "pass_rate": record["pass_rate"], "status": "OK", "seconds": VERDICT_SECONDS[record["language"]]},
        stage="dataset") for record in deduplicated]
    if "dataset" in done:
        _write_stage(run_dir, "dataset", rows, len(deduplicated), {})
    return run_dir
