"""`eval score` on completion files written for the suite, in every installed language.

Each language folder holds ``HumanEval_23_strlen.json.gz`` as `eval generate` writes it
(completions: correct, wrong, syntax error, infinite loop) and ``HumanEval_53_add.json.gz``
exactly as MultiPL-E writes it (wrong, correct, correct). Runtimes that are absent
are skipped with a reason.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from runtimes import require_runtime

from multiplt.evaluation.score import build_program, plan_scoring, program_source, run_scoring
from multiplt.evaluation.summary import load_results, summarise
from multiplt.multiple_files import read_completions, read_json
from multiplt.sandbox import Sandbox, available

DATA = Path(__file__).parents[1] / "data" / "evaluation" / "completions"
LANGUAGES = ["lua", "rkt", "ml", "r", "jl", "py"]
RUNTIMES = {"lua": "lua5.4", "rkt": "racket", "ml": "ocaml", "r": "Rscript", "jl": "julia", "py": "python3"}
# Long enough for a slow Racket start on a busy machine, short enough to keep the loops cheap.
TEST_TIMEOUT_S = 8.0


def _require(code: str) -> None:
    require_runtime(code)


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All installed languages' files, scored once."""
    root = tmp_path_factory.mktemp("scored")
    for code in LANGUAGES:
        if available(code):
            shutil.copytree(DATA / code, root / code)
    plan = plan_scoring([root], available)
    with Sandbox(jobs=2) as sandbox:
        run_scoring(plan, sandbox, timeout_s=TEST_TIMEOUT_S)
    return root


def _statuses(path: Path) -> list[str]:
    return [entry["status"] for entry in read_json(path)["results"]]


@pytest.mark.parametrize("code", LANGUAGES)
def test_correct_wrong_syntax_error_and_infinite_loop_get_their_statuses(scored: Path, code: str) -> None:
    _require(code)
    assert _statuses(scored / code / "HumanEval_23_strlen.results.json.gz") == ["OK", "AssertionError", "SyntaxError", "Timeout"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_multipl_e_written_file_is_scored(scored: Path, code: str) -> None:
    _require(code)
    assert _statuses(scored / code / "HumanEval_53_add.results.json.gz") == ["AssertionError", "OK", "OK"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_pass_at_1_is_the_mean_of_the_problems_estimates(scored: Path, code: str) -> None:
    _require(code)
    (summary,) = summarise(load_results([scored / code]).problems)
    # strlen: 1 of 4 passes; add: 2 of 3 pass.
    assert summary.pass_at == {1: pytest.approx((1 / 4 + 2 / 3) / 2)}
    assert summary.statuses["OK"] == 3


def test_results_file_copies_the_completion_fields_and_adds_results(scored: Path) -> None:
    _require("lua")
    data = read_json(scored / "lua" / "HumanEval_53_add.results.json.gz")
    assert "completions" not in data
    assert (data["name"], data["language"], data["temperature"], data["top_p"], data["max_tokens"]) == ("HumanEval_53_add", "lua", 0.2, 0.95, 512)
    assert set(data["results"][0]) == {"program", "stdout", "stderr", "exit_code", "status", "timestamp"}


def test_program_is_prompt_then_completion_newline_tests(scored: Path) -> None:
    _require("lua")
    source = read_completions(DATA / "lua" / "HumanEval_53_add.json.gz")
    data = read_json(scored / "lua" / "HumanEval_53_add.results.json.gz")
    assert data["results"][1]["program"] == source.prompt + source.completions[1] + "\n" + source.tests


def test_passing_result_exits_zero_and_failing_one_does_not(scored: Path) -> None:
    _require("ml")
    results = read_json(scored / "ml" / "HumanEval_53_add.results.json.gz")["results"]
    assert [entry["exit_code"] == 0 for entry in results] == [False, True, True]


def test_program_runs_under_its_languages_timeout() -> None:
    timeouts = {code: build_program(read_completions(DATA / code / "HumanEval_53_add.json.gz"), 0).timeout_s for code in LANGUAGES}
    assert timeouts == {"lua": 15.0, "rkt": 15.0, "ml": 15.0, "r": 5.0, "jl": 5.0, "py": 5.0}


def test_timeout_option_overrides_every_language() -> None:
    source = read_completions(DATA / "rkt" / "HumanEval_53_add.json.gz")
    assert build_program(source, 0, timeout_s=2.5).timeout_s == 2.5


def test_files_already_scored_are_skipped(scored: Path) -> None:
    plan = plan_scoring([scored], available)
    assert plan.jobs == []
    assert plan.already_scored == len(list(scored.rglob("*.results.json.gz")))


def test_language_without_runtime_is_reported_and_not_written(tmp_path: Path) -> None:
    if available("jl"):
        pytest.skip("julia is installed: nothing is missing")
    shutil.copytree(DATA / "jl", tmp_path / "jl")
    plan = plan_scoring([tmp_path], available)
    assert plan.jobs == []
    assert plan.errors == [
        f"{tmp_path / 'jl' / 'HumanEval_23_strlen.json.gz'}: the Julia runtime is not installed; not scored",
        f"{tmp_path / 'jl' / 'HumanEval_53_add.json.gz'}: the Julia runtime is not installed; not scored",
    ]


def _write_gz(path: Path, data: object) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)


def test_bad_files_are_reported_and_the_rest_scored(tmp_path: Path) -> None:
    _require("lua")
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    good = read_json(DATA / "lua" / "HumanEval_53_add.json.gz")
    whole = (DATA / "lua" / "HumanEval_23_strlen.json.gz").read_bytes()
    (tmp_path / "truncated.json.gz").write_bytes(whole[:40])
    _write_gz(tmp_path / "no_tests.json.gz", {key: value for key, value in good.items() if key != "tests"})
    _write_gz(tmp_path / "not_string.json.gz", {**good, "completions": ["  return 1\nend", None]})
    _write_gz(tmp_path / "cobol.json.gz", {**good, "language": "cobol"})
    plan = plan_scoring([tmp_path], available)
    with Sandbox(jobs=2) as sandbox:
        report = run_scoring(plan, sandbox)
    assert sorted(line.split(": ", 1)[0] for line in plan.errors) == sorted(
        str(tmp_path / name) for name in ["truncated.json.gz", "no_tests.json.gz", "not_string.json.gz", "cobol.json.gz"]
    )
    assert report.files_written == 1
    assert _statuses(tmp_path / "HumanEval_53_add.results.json.gz") == ["AssertionError", "OK", "OK"]


def test_partial_results_file_is_extended_without_rerunning_its_results(tmp_path: Path) -> None:
    _require("lua")
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    fields = {key: value for key, value in read_json(tmp_path / "HumanEval_53_add.json.gz").items() if key != "completions"}
    # As MultiPL-E leaves a file it was stopped in: one result of three.
    kept = {"program": "(kept)", "stdout": "", "stderr": "", "exit_code": 1, "status": "AssertionError", "timestamp": 1}
    _write_gz(tmp_path / "HumanEval_53_add.results.json.gz", {**fields, "results": [kept]})
    plan = plan_scoring([tmp_path], available)
    with Sandbox(jobs=2) as sandbox:
        report = run_scoring(plan, sandbox)
    assert report.programs_run == 2
    results = read_json(tmp_path / "HumanEval_53_add.results.json.gz")["results"]
    assert results[0] == kept
    assert [entry["status"] for entry in results[1:]] == ["OK", "OK"]


def test_more_results_than_completions_is_reported(tmp_path: Path) -> None:
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    entry = {"program": "", "stdout": "", "stderr": "", "exit_code": 0, "status": "OK", "timestamp": 1}
    _write_gz(tmp_path / "HumanEval_53_add.results.json.gz", {"results": [entry] * 4})
    plan = plan_scoring([tmp_path], available)
    assert plan.errors == [f"{tmp_path / 'HumanEval_53_add.results.json.gz'}: holds 4 results for 3 completions; delete it to rescore"]


def test_file_without_completions_is_neither_scored_nor_written(tmp_path: Path) -> None:
    _write_gz(tmp_path / "HumanEval_53_add.json.gz", {**read_json(DATA / "lua" / "HumanEval_53_add.json.gz"), "completions": []})
    plan = plan_scoring([tmp_path], available)
    assert (plan.jobs, plan.already_scored, plan.empty, plan.errors) == ([], 0, 1, [])


def test_file_with_a_sandbox_error_is_written_reported_and_retried_next_run(tmp_path: Path) -> None:
    if available("jl"):
        pytest.skip("julia is installed: the sandbox cannot be made to fail this way")
    shutil.copy(DATA / "jl" / "HumanEval_53_add.json.gz", tmp_path)
    # Claim the runtime is there, so the sandbox itself fails to run the programs.
    plan = plan_scoring([tmp_path], lambda code: True)
    with Sandbox(jobs=1, isolation="process") as sandbox:
        report = run_scoring(plan, sandbox)
    assert report.files_written == 1
    assert report.errors[0].startswith(f"{tmp_path / 'HumanEval_53_add.json.gz'}: sandbox failed on 3 programs (")
    assert _statuses(tmp_path / "HumanEval_53_add.results.json.gz") == ["SandboxError"] * 3
    again = plan_scoring([tmp_path], lambda code: True)
    assert [list(job.pending) for job in again.jobs] == [[0, 1, 2]]  # the sandbox's failures are run again


def test_a_completion_printing_a_bubblewrap_error_does_not_stop_its_file(tmp_path: Path) -> None:
    _require("lua")
    data = read_json(DATA / "lua" / "HumanEval_53_add.json.gz")
    spoof = "io.stderr:write(\"bwrap: Can't mount proc on /newroot/proc: Operation not permitted\\n\")\nos.exit(1)\n"
    data["completions"] = [data["completions"][1], spoof + "end\n", data["completions"][2]]
    _write_gz(tmp_path / "HumanEval_53_add.json.gz", data)
    plan = plan_scoring([tmp_path], available)
    with Sandbox(jobs=1) as sandbox:
        report = run_scoring(plan, sandbox)
    assert (report.files_written, report.errors) == (1, [])
    statuses = _statuses(tmp_path / "HumanEval_53_add.results.json.gz")
    assert statuses[0] == "OK" and statuses[2] == "OK" and statuses[1] not in ("OK", "SandboxError"), statuses


def test_completion_that_already_holds_the_prompt_is_not_prefixed_again() -> None:
    assert program_source("local function f()", "local function f()\n  return 1\nend", "TESTS") == "local function f()\n  return 1\nend\nTESTS"
    assert program_source("local function f()\n", "  return 1\nend", "TESTS") == "local function f()\n  return 1\nend\nTESTS"


def test_bigcode_harness_file_is_scored_into_a_plain_json_results_file(tmp_path: Path) -> None:
    _require("lua")
    source = read_completions(DATA / "lua" / "HumanEval_53_add.json.gz")
    # The harness strips the prompt, puts it in front of each completion, writes plain JSON.
    prompt = source.prompt.strip()
    data = {"name": source.name, "language": "lua", "prompt": prompt, "tests": source.tests, "completions": [prompt + "\n" + text for text in source.completions[:2]]}
    (tmp_path / "HumanEval_53_add.json").write_text(json.dumps(data), encoding="utf-8")
    plan = plan_scoring([tmp_path], available)
    with Sandbox(jobs=2) as sandbox:
        run_scoring(plan, sandbox)
    assert _statuses(tmp_path / "HumanEval_53_add.results.json") == ["AssertionError", "OK"]
