"""The whole loop from mined functions with the replay backend: killed mid-way, resumed, same dataset.

Two real standard-library files (``calendar.py``, ``string.py``, named by a ``python``
source list) go through mine (``isleap``, ``leapdays``, ``weekday``, ``capwords``), testgen
(replayed tests: right ones for ``isleap`` and ``leapdays``, wrong ones for ``weekday``
and ``capwords``), translate, generate
(replayed completions: a hand-written solution, a wrong body, the solution again),
validate, dedup and dataset in Lua and Racket, one function per part. One run goes
through uninterrupted; another is killed with SIGKILL as soon as a generate part is done
and resumed by the same command. The exported datasets must be identical byte for byte,
and ``multiplt status`` and ``multiplt report`` must read the finished run.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from runtimes import require_runtime
import tomli_w
from kill_runs import run_killed_after_a_part

from multiplt.pipeline import parts
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.status import read_run

LANGUAGES = ["lua", "rkt"]
WAIT_LIMIT_S = 300.0
TESTS = {  # the continuation of the prompt's `assert f(`, as a model writes it
    "isleap": "2000) == True\nassert isleap(1900) == False\nassert isleap(2024) == True\nassert isleap(2023) == False",
    "leapdays": "2000, 2024) == 6\nassert leapdays(1900, 1904) == 0\nassert leapdays(1, 5) == 1",
    "weekday": "2024, 1, 1) == 3",  # a Monday: weekday gives 0
    "capwords": "'hello world', ' ') == 'hello world'",
}
SOLUTIONS = {
    ("lua", "isleap"): "  return year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0)\nend",
    ("rkt", "isleap"): "  (and (= (modulo year 4) 0) (or (not (= (modulo year 100) 0)) (= (modulo year 400) 0))))",
    ("lua", "leapdays"): "  y1 = y1 - 1\n  y2 = y2 - 1\n  return (y2 // 4 - y1 // 4) - (y2 // 100 - y1 // 100) + (y2 // 400 - y1 // 400)\nend",
    ("rkt", "leapdays"): ("  (let ([a (- y1 1)] [b (- y2 1)])\n"
                          "    (+ (- (quotient b 4) (quotient a 4)) (- (quotient a 100) (quotient b 100)) (- (quotient b 400) (quotient a 400)))))"),
}
WRONG = {"lua": "  return nil\nend", "rkt": "  #f)"}

pytestmark = pytest.mark.slow


def _cli(*arguments: str) -> list[str]:
    return [sys.executable, "-c", "from multiplt.cli.main import main; main()", *arguments]


def _config(tmp_path: Path, name: str) -> Path:
    stages: list[dict[str, Any]] = [
        {"kind": "mine"},
        {"kind": "testgen", "options": {"replay": str(tmp_path / "tests.jsonl"), "samples": 1}},
        {"kind": "translate", "options": {"languages": LANGUAGES}},
        {"kind": "generate", "options": {"replay": str(tmp_path / "completions"), "n": 3}},
        {"kind": "validate"}, {"kind": "dedup"}, {"kind": "dataset"},
    ]
    config = {"run": {"name": name, "runs_dir": str(tmp_path / "runs"), "jobs": 1, "part_size": 1},
              "source": {"kind": "python", "path": str(tmp_path / "files.txt")}, "stages": stages,
              "sandbox": {"cache": False}}
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


def _prepare(tmp_path: Path) -> None:
    (tmp_path / "files.txt").write_text("stdlib:calendar.py\nstdlib:string.py\n", encoding="utf-8")
    (tmp_path / "tests.jsonl").write_text(
        "".join(json.dumps({"name": name, "completions": [text]}) + "\n" for name, text in TESTS.items()), encoding="utf-8")
    # The problems' names and prompts come from translate itself: run up to it once.
    subprocess.run(_cli("run", str(_config(tmp_path, "probe")), "--until", "translate"),
                   check=True, capture_output=True, timeout=WAIT_LIMIT_S)
    for record in parts.iter_records(tmp_path / "runs" / "probe" / "translate"):
        problem = record.data
        solution = SOLUTIONS[(problem["language"], problem["function"])]
        folder = tmp_path / "completions" / problem["language"]
        folder.mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / f"{problem['name']}.json.gz", "wt") as handle:
            json.dump({**problem, "completions": [solution, WRONG[problem["language"]], solution]}, handle)


def _dataset_files(run_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((run_dir / "dataset").glob("*.jsonl"))}


def test_whole_loop_killed_and_resumed_exports_the_uninterrupted_dataset(tmp_path: Path) -> None:
    for code in LANGUAGES:
        require_runtime(code)
    _prepare(tmp_path)

    reference = subprocess.run(_cli("run", str(_config(tmp_path, "whole"))), capture_output=True, text=True,
                               timeout=WAIT_LIMIT_S, check=False)
    assert reference.returncode == 0, reference.stderr
    expected = _dataset_files(tmp_path / "runs" / "whole")
    # isleap and leapdays in both languages, one row each (the second right sample is an exact duplicate).
    assert sorted(expected) == ["lua.jsonl", "rkt.jsonl"]
    for content in expected.values():
        assert sorted(json.loads(line)["function"] for line in content.splitlines()) == ["isleap", "leapdays"]

    config = _config(tmp_path, "killed")
    run_dir = tmp_path / "runs" / "killed"
    run_killed_after_a_part(_cli("run", str(config)), run_dir / "generate", WAIT_LIMIT_S)
    assert not read_run(run_dir).stage("dataset").complete, "the run finished before the kill"

    resumed = subprocess.run(_cli("run", str(config)), capture_output=True, text=True, timeout=WAIT_LIMIT_S, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert read_run(run_dir).finished
    starts = [event for event in read_events(run_dir / "log.jsonl") if event["event"] == "stage_start"]
    assert any(event["resumed"] > 0 for event in starts), "the resumed run redid everything"
    assert _dataset_files(run_dir) == expected
    # Every stage ended with its summary line; testgen's names the wrong test's function.
    for stage in ("source", "mine", "testgen", "translate", "generate", "validate", "dedup", "dataset"):
        assert f"\n{stage}: " in "\n" + reference.stdout + reference.stderr, stage
    assert "testgen: 4 in, 2 out, 2 dropped (no_passing_test 2)" in reference.stdout + reference.stderr

    status = subprocess.run(_cli("status", str(run_dir), "--json"), capture_output=True, text=True, timeout=60, check=True)
    stages = {stage["stage"]: stage for stage in json.loads(status.stdout)["stages"]}
    assert [stages[name]["records_out"] for name in ("source", "mine", "testgen", "translate", "dataset")] == [2, 4, 2, 4, 4]
    assert all(stage["parts_left"] == 0 for stage in stages.values())
    assert stages["testgen"]["dropped"] == {"no_passing_test": 2}
    assert stages["validate"]["sandbox_seconds"] > 0
    report = subprocess.run(_cli("report", str(run_dir)), capture_output=True, text=True, timeout=120, check=False)
    assert report.returncode == 0, report.stderr
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "isleap" in page and "leapdays" in page and "Traceback (most recent call last)" not in page
