"""`eval summary` over results files written by hand: pass@k, status counts, CSV/JSON, bad files."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multiplt.cli.main import app
from multiplt.evaluation.summary import experiment_rows, load_results, problem_rows, summarise


def _result(status: str, exit_code: int | None = None) -> dict[str, object]:
    code = exit_code if exit_code is not None else (0 if status == "OK" else 1)
    return {"program": "", "stdout": "", "stderr": "", "exit_code": code, "status": status, "timestamp": 1}


def _write(path: Path, statuses: list[str], **fields: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"name": path.name.split(".")[0], "language": "lua", "temperature": 0.2, **fields, "results": [_result(s) for s in statuses]}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)


def test_pass_at_1_is_averaged_over_problems(tmp_path: Path) -> None:
    _write(tmp_path / "lua" / "a.results.json.gz", ["OK", "AssertionError", "OK", "Timeout", "OK"])  # 3/5
    _write(tmp_path / "lua" / "b.results.json.gz", ["SyntaxError"] * 5)  # 0/5
    (summary,) = summarise(load_results([tmp_path]).problems)
    assert summary.pass_at == {1: pytest.approx(0.3)}
    assert (summary.problems, summary.min_samples, summary.max_samples) == (2, 5, 5)


def test_pass_at_10_appears_once_every_problem_has_ten_samples(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "a.results.json.gz", ["OK"] * 2 + ["Exception"] * 8)
    _write(tmp_path / "x" / "b.results.json.gz", ["Exception"] * 12)
    (summary,) = summarise(load_results([tmp_path]).problems)
    # a: 1 - C(8,10)/C(10,10) = 1 (fewer than 10 failures); b: 0
    assert summary.pass_at == {1: pytest.approx((0.2 + 0.0) / 2), 10: pytest.approx(0.5)}


def test_ok_with_nonzero_exit_code_does_not_pass(tmp_path: Path) -> None:
    path = tmp_path / "x" / "a.results.json.gz"
    path.parent.mkdir()
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"name": "a", "language": "lua", "results": [_result("OK", exit_code=1), _result("OK")]}, handle)
    (problem,) = load_results([tmp_path]).problems
    assert (problem.samples, problem.passed) == (2, 1)


def test_status_counts_are_summed_per_experiment(tmp_path: Path) -> None:
    _write(tmp_path / "lua" / "a.results.json.gz", ["OK", "Timeout", "Timeout"])
    _write(tmp_path / "lua" / "b.results.json.gz", ["SyntaxError", "Timeout", "OK"])
    (summary,) = summarise(load_results([tmp_path]).problems)
    assert dict(summary.statuses) == {"OK": 2, "Timeout": 3, "SyntaxError": 1}


def test_each_folder_is_one_experiment_labelled_from_the_root(tmp_path: Path) -> None:
    _write(tmp_path / "runs" / "humaneval-lua" / "a.results.json.gz", ["OK"], model="m1")
    _write(tmp_path / "runs" / "humaneval-rkt" / "a.results.json.gz", ["OK"], language="rkt", model="m1")
    rows = experiment_rows(summarise(load_results([tmp_path / "runs"]).problems))
    assert [(row["experiment"], row["language"], row["model"]) for row in rows] == [("runs/humaneval-lua", "lua", "m1"), ("runs/humaneval-rkt", "rkt", "m1")]


def test_plain_json_results_from_other_tools_are_read(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    data = {"name": "a", "language": "racket", "results": [_result("OK"), _result("Exception")]}
    (tmp_path / "x" / "a.results.json").write_text(json.dumps(data), encoding="utf-8")
    (problem,) = load_results([tmp_path]).problems
    assert (problem.language, problem.samples, problem.passed) == ("rkt", 2, 1)


def test_bad_results_files_are_reported_and_the_rest_summarised(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "good.results.json.gz", ["OK"])
    (tmp_path / "x" / "cut.results.json.gz").write_bytes(gzip.compress(b'{"results": []}')[:12])
    (tmp_path / "x" / "nostatus.results.json").write_text(json.dumps({"results": [{"exit_code": 0}]}), encoding="utf-8")
    loaded = load_results([tmp_path])
    assert [problem.name for problem in loaded.problems] == ["good"]
    assert [line.split(": ")[0] for line in loaded.errors] == [str(tmp_path / "x" / "cut.results.json.gz"), str(tmp_path / "x" / "nostatus.results.json")]
    assert loaded.errors[1].endswith("results[0] has no 'status' string")


def test_by_problem_rows_give_each_problems_counts(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "b.results.json.gz", ["OK", "OK", "Exception", "Exception"])
    rows = problem_rows(load_results([tmp_path]).problems)
    assert (rows[0]["problem"], rows[0]["samples"], rows[0]["passed"], rows[0]["pass@1"], rows[0]["pass@10"]) == ("b", 4, 2, 0.5, None)


def test_summary_command_writes_csv_and_json_and_says_where(tmp_path: Path) -> None:
    _write(tmp_path / "lua" / "a.results.json.gz", ["OK", "AssertionError"])
    outcome = CliRunner().invoke(app, ["eval", "summary", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert f"Wrote {tmp_path / 'summary.csv'}, {tmp_path / 'summary.json'}" in outcome.output
    with (tmp_path / "summary.csv").open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["language"], row["problems"], float(row["pass@1"]), row["pass@10"], row["AssertionError"]) == ("lua", "1", 0.5, "", "1")
    (record,) = json.loads((tmp_path / "summary.json").read_text())
    assert (record["pass@1"], record["pass@10"], record["OK"]) == (0.5, None, 1)


def test_summary_command_exits_one_on_a_bad_file_and_still_prints_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "lua" / "a.results.json.gz", ["OK"])
    (tmp_path / "lua" / "b.results.json.gz").write_bytes(b"not gzip")
    outcome = CliRunner().invoke(app, ["eval", "summary", str(tmp_path)])
    assert outcome.exit_code == 1
    assert "b.results.json.gz: not a readable gzip file" in outcome.output
    assert (tmp_path / "summary.json").exists()


def test_folder_without_results_is_an_error(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(app, ["eval", "summary", str(tmp_path)])
    assert outcome.exit_code == 1
    assert "no results files found" in outcome.output


def test_a_problem_without_results_file_is_reported_not_silently_left_out(tmp_path: Path) -> None:
    _write(tmp_path / "lua" / "HumanEval_1_a.results.json.gz", ["OK"])
    completions = {"name": "HumanEval_2_b", "language": "lua", "prompt": "", "tests": "", "completions": ["x"]}
    with gzip.open(tmp_path / "lua" / "HumanEval_2_b.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(completions, handle)
    loaded = load_results([tmp_path])
    assert [problem.name for problem in loaded.problems] == ["HumanEval_1_a"]
    assert loaded.errors == [f"{tmp_path / 'lua' / 'HumanEval_2_b.json.gz'}: no results file (not scored yet: run `multiplt eval score`); left out"]
    outcome = CliRunner().invoke(app, ["eval", "summary", str(tmp_path)])
    assert outcome.exit_code == 1 and "HumanEval_2_b.json.gz: no results file" in outcome.output
