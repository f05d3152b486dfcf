"""run.cores bounds the whole run: worker processes x sandbox programs per worker never exceed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_helpers import write_config, write_numbers

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.resources import plan_cores
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute


def test_defaults_give_one_worker_per_core_and_one_program_each() -> None:
    plan = plan_cores(0, 0, 0, 0, available=8)
    assert (plan.cores, plan.workers, plan.sandbox_jobs, plan.llm_threads, plan.notes) == (8, 8, 1, 1, ())


def test_fewer_workers_each_get_an_equal_share() -> None:
    plan = plan_cores(8, 2, 0, 0, available=64)
    assert (plan.cores, plan.workers, plan.sandbox_jobs, plan.llm_threads, plan.notes) == (8, 2, 4, 4, ())


def test_a_share_that_does_not_divide_evenly_rounds_down() -> None:
    plan = plan_cores(7, 2, 0, 0)
    assert (plan.workers, plan.sandbox_jobs) == (2, 3)


def test_sandbox_jobs_beyond_the_share_are_lowered_with_a_note() -> None:
    plan = plan_cores(8, 2, 16, 0)
    assert (plan.workers, plan.sandbox_jobs) == (2, 4)
    assert plan.notes == ("sandbox.jobs = 16 lowered to 4: 2 workers share 8 cores (run.jobs x sandbox.jobs <= run.cores)",)


def test_sandbox_jobs_within_the_share_are_kept() -> None:
    assert plan_cores(8, 2, 3, 0).sandbox_jobs == 3


def test_more_workers_than_cores_are_lowered_to_the_cores() -> None:
    plan = plan_cores(4, 8, 0, 0)
    assert (plan.workers, plan.sandbox_jobs) == (4, 1)
    assert plan.notes == ("run.jobs = 8 lowered to 4: the run has 4 cores (run.cores)",)


def test_llama_threads_follow_the_same_share() -> None:
    plan = plan_cores(12, 3, 0, 16)
    assert plan.llm_threads == 4 and "llm.threads = 16 lowered to 4" in plan.notes[0]


@pytest.mark.parametrize("cores", [1, 2, 3, 5, 8, 16])
def test_workers_times_programs_never_exceed_the_cores(cores: int) -> None:
    for jobs in range(0, 20):
        for sandbox_jobs in range(0, 20):
            plan = plan_cores(cores, jobs, sandbox_jobs, 0)
            assert plan.workers * plan.sandbox_jobs <= cores, (jobs, sandbox_jobs)


def test_a_run_gives_each_worker_its_share_and_logs_the_plan(tmp_path: Path) -> None:
    write_numbers(tmp_path / "numbers.jsonl", 40)
    stages = '[[stages]]\nkind = "resource_test_stages:SandboxShare"\n\n[sandbox]\njobs = 8\ncache = false\n'
    config = write_config(tmp_path, part_size=10, jobs=2, stages=stages)
    result = execute(load_config(config, {"run.cores": 4}))
    assert {record["sandbox_jobs"] for record in parts.iter_records(result.final_folder)} == {2}
    [start] = [event for event in read_events(result.run_dir / "log.jsonl") if event["event"] == "run_start"]
    assert (start["cores"], start["jobs"], start["sandbox_jobs"]) == (4, 2, 2)
    assert start["notes"] == ["sandbox.jobs = 8 lowered to 2: 2 workers share 4 cores (run.jobs x sandbox.jobs <= run.cores)"]
