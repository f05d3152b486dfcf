"""A run SIGKILLed in the middle of a stage resumes to exactly the records of an uninterrupted run.

The run is a real `multiplt run` subprocess over 3,000 records and a stage slow enough
(SquareSlowly with a per-record delay) to be killed after some of its parts are done
and before all are.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pipeline_helpers import SQUARE, TEST_STAGES, write_config, write_numbers

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute

RECORDS = 3000
PART_SIZE = 150  # 20 parts
WAIT_LIMIT_S = 120.0


def _cli(config: Path) -> list[str]:
    return [sys.executable, "-c", "from multiplt.cli.main import main; main()", "run", str(config)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TEST_STAGES), env.get("PYTHONPATH")]))
    return env


def _children(pid: int) -> set[int]:
    try:
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _kill_mid_stage(config: Path, stage_folder: Path) -> set[int]:
    """Start the run, SIGKILL it once 3 or more of the stage's parts are done; return its workers."""
    process = subprocess.Popen(_cli(config), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT_LIMIT_S
    workers: set[int] = set()
    try:
        while time.monotonic() < deadline:
            workers |= _children(process.pid)
            done = len(list((stage_folder / parts.DONE_DIR).glob("part-*")))
            if done >= 3:
                break
            if process.poll() is not None:
                pytest.fail(f"run ended (exit {process.returncode}) before it could be killed")
            time.sleep(0.01)
        else:
            pytest.fail("the stage finished no part in time")
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    done = len(list((stage_folder / parts.DONE_DIR).glob("part-*")))
    assert done < RECORDS // PART_SIZE, "the run finished before the kill: slow the test stage down"
    return workers


def _reference(tmp_path: Path) -> list:
    config = write_config(tmp_path, name="reference", part_size=PART_SIZE, batch_size=50, jobs=1,
                          stages=SQUARE.format(delay_s=0))
    return list(parts.iter_records(execute(load_config(config)).final_folder))


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "process-pool"])
def test_killed_and_resumed_run_has_exactly_the_uninterrupted_records(tmp_path: Path, jobs: int) -> None:
    write_numbers(tmp_path / "numbers.jsonl", RECORDS)
    config = write_config(tmp_path, name="killed", part_size=PART_SIZE, batch_size=50, jobs=jobs,
                          stages=SQUARE.format(delay_s=0.002))
    run_dir = tmp_path / "runs" / "killed"
    _kill_mid_stage(config, run_dir / "square")

    resumed = subprocess.run(_cli(config), env=_env(), capture_output=True, text=True, timeout=600, check=False)
    assert resumed.returncode == 0, resumed.stderr

    records = list(parts.iter_records(run_dir / "square"))
    ids = [record.id for record in records]
    reference = _reference(tmp_path)
    assert len(ids) == len(set(ids)), "a record was written twice"
    assert sorted(ids) == sorted(record.id for record in reference), "records lost or changed"
    assert records == reference


def test_resumed_run_skips_the_parts_finished_before_the_kill(tmp_path: Path) -> None:
    write_numbers(tmp_path / "numbers.jsonl", RECORDS)
    config = write_config(tmp_path, name="killed", part_size=PART_SIZE, batch_size=50, jobs=2,
                          stages=SQUARE.format(delay_s=0.002))
    run_dir = tmp_path / "runs" / "killed"
    _kill_mid_stage(config, run_dir / "square")
    done_before = len(list((run_dir / "square" / parts.DONE_DIR).glob("part-*")))

    subprocess.run(_cli(config), env=_env(), capture_output=True, timeout=600, check=True)

    starts = [event for event in read_events(run_dir / "log.jsonl")
              if event["event"] == "stage_start" and event["stage"] == "square"]
    assert starts[-1]["resumed"] == done_before >= 3


def test_pool_workers_die_with_a_killed_runner(tmp_path: Path) -> None:
    write_numbers(tmp_path / "numbers.jsonl", RECORDS)
    config = write_config(tmp_path, name="killed", part_size=PART_SIZE, batch_size=50, jobs=2,
                          stages=SQUARE.format(delay_s=0.002))
    workers = _kill_mid_stage(config, tmp_path / "runs" / "killed" / "square")
    assert workers, "no worker processes were seen"
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "orphaned workers outlived the killed runner"
