"""The loop end to end with the replay backend: SIGKILLed in the middle, resumed, same dataset.

Tested functions (HumanEval's, as the testgen stage writes them) go through translate,
generate (replayed completions: the hand-written solution, a wrong body, the solution
again), validate, dedup and dataset in Lua and Racket, one function per part. One run
goes through uninterrupted; another is killed with SIGKILL as soon as a validate part is
done, then the same command resumes it. The exported datasets must be identical.
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

sys.path.insert(0, str(Path(__file__).parents[1] / "translate"))
from humaneval_records import humaneval_records  # noqa: E402

SOLUTIONS = Path(__file__).parents[1] / "data" / "solutions"
PROBLEMS = ["HumanEval_53_add", "HumanEval_23_strlen", "HumanEval_30_get_positive", "HumanEval_42_incr_list"]
LANGUAGES = ["lua", "rkt"]
WRONG = {"lua": "  return nil\nend", "rkt": "  #f)"}
WAIT_LIMIT_S = 300.0

pytestmark = pytest.mark.slow


def _cli(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from multiplt.cli.main import main; main()", "run", str(config), *extra]


def _config(tmp_path: Path, name: str) -> Path:
    stages: list[dict[str, Any]] = [
        {"kind": "translate", "options": {"languages": LANGUAGES}},
        {"kind": "generate", "options": {"replay": str(tmp_path / "completions"), "n": 3}},
        {"kind": "validate"}, {"kind": "dedup"}, {"kind": "dataset"},
    ]
    config = {"run": {"name": name, "runs_dir": str(tmp_path / "runs"), "jobs": 1, "part_size": 1},
              "source": {"kind": "jsonl", "path": str(tmp_path / "tested.jsonl")}, "stages": stages,
              "sandbox": {"cache": False}}
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


def _write_replay(folder: Path, problem_names: list[tuple[str, str, dict[str, Any]]]) -> None:
    for language, function, problem in problem_names:
        [solution_file] = [path for path in SOLUTIONS.glob(f"{language}/HumanEval_*_{function}.*")
                           if path.stem.endswith("_" + function)]
        solution = solution_file.read_text(encoding="utf-8")
        (folder / language).mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / language / f"{problem['name']}.json.gz", "wt") as handle:
            json.dump({**problem, "completions": [solution, WRONG[language], solution]}, handle)


def _prepare(tmp_path: Path) -> None:
    records = humaneval_records()
    (tmp_path / "tested.jsonl").write_text("".join(json.dumps(records[name]) + "\n" for name in PROBLEMS),
                                           encoding="utf-8")
    # The problems' names and prompts come from translate itself: run it alone once.
    probe = _config(tmp_path, "probe")
    subprocess.run(_cli(probe, "--until", "translate"), check=True, capture_output=True, timeout=WAIT_LIMIT_S)
    problems = [record.data for record in parts.iter_records(tmp_path / "runs" / "probe" / "translate")]
    _write_replay(tmp_path / "completions", [(p["language"], p["function"], p) for p in problems])


def _dataset_files(run_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((run_dir / "dataset").glob("*.jsonl"))}


def test_killed_and_resumed_loop_exports_the_uninterrupted_dataset(tmp_path: Path) -> None:
    for code in LANGUAGES:
        require_runtime(code)
    _prepare(tmp_path)

    reference = subprocess.run(_cli(_config(tmp_path, "whole")), capture_output=True, text=True,
                               timeout=WAIT_LIMIT_S, check=False)
    assert reference.returncode == 0, reference.stderr
    expected = _dataset_files(tmp_path / "runs" / "whole")
    assert sorted(expected) == ["lua.jsonl", "rkt.jsonl"]
    assert all(len(content.splitlines()) == 4 for content in expected.values())

    config = _config(tmp_path, "killed")
    run_dir = tmp_path / "runs" / "killed"
    run_killed_after_a_part(_cli(config), run_dir / "validate", WAIT_LIMIT_S)
    state = read_run(run_dir)
    assert not state.finished
    assert not state.stage("dataset").complete, "the run finished before the kill"

    resumed = subprocess.run(_cli(config), capture_output=True, text=True, timeout=WAIT_LIMIT_S, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert read_run(run_dir).finished
    starts = [event for event in read_events(run_dir / "log.jsonl") if event["event"] == "stage_start"]
    assert any(event["resumed"] > 0 for event in starts), "the resumed run redid everything"
    assert _dataset_files(run_dir) == expected
