"""`multiplt testgen`: a one-stage run from mined functions to tested ones, resumable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from testgen_records import mined

from multiplt.pipeline.parts import read_part

MULTIPLT = str(Path(sys.executable).with_name("multiplt"))
INC = "def inc(x):\n    return x + 1\n"
HALVE = 'def halve(n):\n    """Half of n."""\n    if n % 2:\n        raise ValueError(n)\n    return n // 2\n'


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "mined.jsonl"
    source.write_text(json.dumps(mined(INC)) + "\n" + json.dumps(mined(HALVE)) + "\n{broken\n", encoding="utf-8")
    replay = tmp_path / "replay.jsonl"
    replay.write_text(
        json.dumps({"name": "inc", "completions": ["1) == 2\nassert inc(-1) == 0"]}) + "\n"
        + json.dumps({"name": "halve", "completions": ["4) == 2"]}) + "\n",
        encoding="utf-8",
    )
    return source, replay


def test_the_command_writes_tested_functions_and_counts_why_others_went(tmp_path: Path) -> None:
    source, replay = _inputs(tmp_path)
    command = [MULTIPLT, "testgen", str(source), "--replay", str(replay), "--samples", "1", "--runs-dir", str(tmp_path / "runs")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "runs" / "testgen" / "testgen"
    records = [record for part in sorted(folder.glob("part-*.parquet")) for record in read_part(part)]
    assert [(record["name"], record["tests"]) for record in records] == [("inc", ["assert inc(1) == 2", "assert inc(-1) == 0"])]
    marker = json.loads((folder / "_done" / "part-00000").read_text())
    assert marker["counters"]["dropped.low_coverage"] == 1  # halve's raise is never reached: 2 of 3
    assert "1 dropped (malformed_json 1)" in done.stderr  # the broken line, counted by the source
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "resumed" in again.stderr


def _narrow_env() -> dict[str, str]:
    """A wide terminal and little else; PYTHONPATH kept, so a worktree's sources are the ones tested."""
    env = {"COLUMNS": "200", "PATH": "/usr/bin:/bin"}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def test_help_names_what_the_command_keeps() -> None:
    done = subprocess.run([MULTIPLT, "testgen", "--help"], capture_output=True, text=True, timeout=60, env=_narrow_env())
    assert done.returncode == 0
    assert "--min-coverage" in done.stdout and "coverage.py in the sandbox" in done.stdout
    assert "--augment" in done.stdout


def test_augment_keeps_a_function_its_one_model_test_left_under_covered(tmp_path: Path) -> None:
    clamp = "def clamp(x, low, high):\n    if x < low:\n        return low\n    if x > high:\n        return high\n    return x\n"
    source = tmp_path / "mined.jsonl"
    source.write_text(json.dumps(mined(clamp)) + "\n", encoding="utf-8")
    replay = tmp_path / "replay.jsonl"
    replay.write_text(json.dumps({"name": "clamp", "completions": ["5, 0, 10) == 5"]}) + "\n", encoding="utf-8")
    command = [MULTIPLT, "testgen", str(source), "--replay", str(replay), "--samples", "1", "--augment", "--runs-dir", str(tmp_path / "runs")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "runs" / "testgen" / "testgen"
    (record,) = [record for part in sorted(folder.glob("part-*.parquet")) for record in read_part(part)]
    assert record["test_origins"] == {"llm": 1, "doctest": 0, "augment": 2}
    marker = json.loads((folder / "_done" / "part-00000").read_text())
    assert marker["counters"]["augment.functions_reached"] == 1
