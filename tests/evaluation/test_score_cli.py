"""`multiplt eval score` as a user runs it: a real process, its exit status, resuming after a kill."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runtimes import require_runtime

from multiplt.multiple_files import read_json

DATA = Path(__file__).parents[1] / "data" / "evaluation" / "completions"
MULTIPLT = [str(Path(sys.executable).with_name("multiplt"))]


def _score(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MULTIPLT, "eval", "score", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(autouse=True)
def _needs_lua() -> None:
    require_runtime("lua")


def test_bad_file_makes_exit_status_one_names_the_file_and_the_rest_is_scored(tmp_path: Path) -> None:
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    (tmp_path / "HumanEval_0_cut.json.gz").write_bytes((DATA / "lua" / "HumanEval_23_strlen.json.gz").read_bytes()[:50])
    done = _score(str(tmp_path), "--jobs", "2")
    assert done.returncode == 1
    assert f"{tmp_path / 'HumanEval_0_cut.json.gz'}: not a readable gzip file" in done.stderr
    assert (tmp_path / "HumanEval_53_add.results.json.gz").exists()


def test_clean_run_exits_zero(tmp_path: Path) -> None:
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    assert _score(str(tmp_path), "--jobs", "1").returncode == 0


def test_interrupted_score_resumes_without_rerunning_finished_files(tmp_path: Path) -> None:
    shutil.copy(DATA / "lua" / "HumanEval_53_add.json.gz", tmp_path)
    slow = {**read_json(DATA / "lua" / "HumanEval_53_add.json.gz"), "name": "HumanEval_99_slow", "completions": ["  while true do end\nend\n"]}
    with gzip.open(tmp_path / "HumanEval_99_slow.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(slow, handle)
    finished = tmp_path / "HumanEval_53_add.results.json.gz"
    unfinished = tmp_path / "HumanEval_99_slow.results.json.gz"

    first = subprocess.Popen(
        [*MULTIPLT, "eval", "score", str(tmp_path), "--jobs", "2", "--timeout", "120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not finished.exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.2)
        assert finished.exists(), "the quick file was never scored"
        assert first.poll() is None, "the run ended before it could be interrupted"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert not unfinished.exists()
    finished_mtime = finished.stat().st_mtime_ns

    second = _score(str(tmp_path), "--jobs", "2", "--timeout", "1")
    assert second.returncode == 0, second.stderr
    assert "1 files to score (1 programs); 1 already scored." in second.stdout
    assert finished.stat().st_mtime_ns == finished_mtime
    assert [entry["status"] for entry in read_json(unfinished)["results"]] == ["Timeout"]


@pytest.mark.parametrize("value", ["1e7", "inf", "nan"])
def test_an_absurd_timeout_is_refused_in_one_line_before_scoring(tmp_path: Path, value: str) -> None:
    folder = tmp_path / "completions"
    shutil.copytree(DATA, folder)
    result = _score(str(folder), "--timeout", value)
    assert result.returncode == 2, result
    assert "--timeout" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(folder.rglob("*.results.json.gz"))
