"""`multiplt data ...`: each stage as its own command, each reading the folder the one before wrote."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from runtimes import require_runtime
from typer.testing import CliRunner

from multiplt.cli.main import app
from multiplt.pipeline import parts

sys.path.insert(0, str(Path(__file__).parents[1] / "translate"))
from humaneval_records import humaneval_records  # noqa: E402


def test_the_five_commands_chain_from_tested_functions_to_a_dataset(tmp_path: Path) -> None:
    require_runtime("lua")
    records = humaneval_records()
    tested = tmp_path / "tested.jsonl"
    tested.write_text(json.dumps(records["HumanEval_53_add"]) + "\n")
    runs = str(tmp_path / "runs")
    runner = CliRunner()

    result = runner.invoke(app, ["data", "translate", str(tested), "-l", "lua", "--runs-dir", runs])
    assert result.exit_code == 0, result.output
    [problem] = [record.data for record in parts.iter_records(tmp_path / "runs" / "translate" / "translate")]
    replay = tmp_path / "completions"
    replay.mkdir()
    with gzip.open(replay / f"{problem['name']}.json.gz", "wt") as handle:
        json.dump({**problem, "completions": ["  return x + y\nend", "  return x * y\nend"]}, handle)

    steps = [["generate", "--replay", str(replay), "--n", "2"], ["validate", "--timeouts", "racket=2,lua=3"], ["dedup"], ["dataset", "--no-hf"]]
    previous = tmp_path / "runs" / "translate" / "translate"
    for step in steps:
        result = runner.invoke(app, ["data", step[0], str(previous), *step[1:], "--runs-dir", runs])
        assert result.exit_code == 0, result.output
        previous = tmp_path / "runs" / step[0] / step[0]
    [validated] = [record.data for record in parts.iter_records(tmp_path / "runs" / "validate" / "validate")]
    assert validated["limits"] == {"timeout_s": 5.0, "memory_mb": 512, "timeouts": {"lua": 3.0, "rkt": 2.0}}
    [row] = [json.loads(line) for line in (previous / "lua.jsonl").read_text().splitlines()]
    assert row["content"].endswith("local function add(x, y)\n  return x + y\nend\n")


def test_a_bad_stage_option_is_one_located_error_line(tmp_path: Path) -> None:
    tested = tmp_path / "tested.jsonl"
    tested.write_text("{}\n")
    result = CliRunner().invoke(app, ["data", "dedup", str(tested), "--threshold", "2", "--runs-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "threshold" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("timeouts", "says"), [("lua", "not CODE=SECONDS"), ("cobol=1", "unknown language 'cobol'")])
def test_bad_timeouts_are_one_error_line(tmp_path: Path, timeouts: str, says: str) -> None:
    tested = tmp_path / "tested.jsonl"
    tested.write_text("{}\n")
    result = CliRunner().invoke(app, ["data", "validate", str(tested), "--timeouts", timeouts, "--runs-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
