"""Stages reach the run's LLM backend and sandbox through ``ctx.llm`` and ``ctx.sandbox``:
opened once per worker process on first use, kept across parts, closed when the worker
exits. Against a real llama.cpp server and the real sandbox (warm Python workers)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from llm_servers import CountingProxy
from pipeline_helpers import TEST_STAGES, write_config, write_numbers

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute

pytestmark = pytest.mark.runtime("py")

RECORDS = 8
PART_SIZE = 2  # 4 parts


def _config(tmp_path: Path, base_url: str, *, jobs: int, name: str = "resources", llm: bool = True) -> Path:
    write_numbers(tmp_path / "numbers.jsonl", RECORDS)
    sections = f"""
[[stages]]
kind = "resource_test_stages:AskAndRun"
options = {{ barrier = "{tmp_path / 'barrier'}", workers = {jobs} }}

[sandbox]
isolation = "warm"
cache = false
"""
    if llm:
        sections += f'[llm]\nbackend = "openai"\nbase_url = "{base_url}"\nmodel = "gemma3-270m"\ncache = false\n'
    config = write_config(tmp_path, name=name, part_size=PART_SIZE, batch_size=PART_SIZE, jobs=jobs,
                          stages=sections)
    config.write_text(config.read_text().replace("[source]", f"cores = {jobs}\n\n[source]"), encoding="utf-8")
    return config


def _records(run_dir: Path) -> list[dict]:
    return [record.data for record in parts.iter_records(run_dir / "ask_and_run")]


def _events(run_dir: Path, event: str) -> list[dict]:
    return [line for line in read_events(run_dir / "log.jsonl") if line["event"] == event]


def test_two_workers_each_open_the_backend_and_the_warm_pool_once(tmp_path: Path, llm_proxy: CountingProxy) -> None:
    result = execute(load_config(_config(tmp_path, llm_proxy.base_url, jobs=2)))
    records = _records(result.run_dir)
    assert [record["n"] for record in records] == list(range(RECORDS))
    assert all(record["status"] == "OK" and record["stdout"].strip() == str(record["n"] ** 2) for record in records)
    assert all(isinstance(record["completion"], str) for record in records)
    by_pid: dict[int, list[dict]] = defaultdict(list)
    for record in records:
        by_pid[record["pid"]].append(record)
    assert len(by_pid) == 2 and os.getpid() not in by_pid, "the two pool workers should each have taken parts"
    for served in by_pid.values():
        # whatever part a record came from, its process had opened each resource exactly once
        assert {(r["llm_opened"], r["sandbox_opened"], r["warm_pools"], r["warm_workers"]) for r in served} == {(1, 1, 1, 1)}
    assert llm_proxy.requests == RECORDS  # one request per record (n = 1)


def test_workers_close_their_resources_when_they_exit(tmp_path: Path, llm_proxy: CountingProxy) -> None:
    result = execute(load_config(_config(tmp_path, llm_proxy.base_url, jobs=2)))
    pids = {record["pid"] for record in _records(result.run_dir)}
    opened = sorted((event["pid"], event["resource"]) for event in _events(result.run_dir, "resource_opened"))
    closed = sorted((event["pid"], event["resource"]) for event in _events(result.run_dir, "resource_closed"))
    expected = sorted((pid, resource) for pid in pids for resource in ("llm", "sandbox"))
    assert opened == expected
    assert closed == expected
    requests = sum(event["requests"] for event in _events(result.run_dir, "resource_closed") if event["resource"] == "llm")
    assert requests == RECORDS


def test_one_process_run_opens_once_and_closes_at_the_end(tmp_path: Path, llm_proxy: CountingProxy) -> None:
    result = execute(load_config(_config(tmp_path, llm_proxy.base_url, jobs=1)))
    records = _records(result.run_dir)
    assert {record["pid"] for record in records} == {os.getpid()}
    assert {(r["llm_opened"], r["sandbox_opened"]) for r in records} == {(1, 1)}
    events = [event["event"] for event in read_events(result.run_dir / "log.jsonl")]
    closes = [index for index, event in enumerate(events) if event == "resource_closed"]
    assert len(closes) == 2 and closes[-1] < events.index("run_done")


def test_run_flags_choose_the_backend_a_stage_gets(tmp_path: Path, llm_proxy: CountingProxy) -> None:
    config = _config(tmp_path, "unused", jobs=1, llm=False)  # [llm] left at its default: llamacpp
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(TEST_STAGES), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from multiplt.cli.main import main; main()", "run", str(config),
               "--backend", "openai", "--base-url", llm_proxy.base_url, "--model", "gemma3-270m"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    records = _records(tmp_path / "runs" / "resources")
    assert {(record["backend"], record["base_url"]) for record in records} == {("openai", llm_proxy.base_url)}
    assert llm_proxy.requests == RECORDS
    saved = (tmp_path / "runs" / "resources" / "config.toml").read_text(encoding="utf-8")
    assert f'base_url = "{llm_proxy.base_url}"' in saved and 'backend = "openai"' in saved


def test_each_part_marker_keeps_the_llm_use_of_that_part(tmp_path: Path, llm_proxy: CountingProxy) -> None:
    result = execute(load_config(_config(tmp_path, llm_proxy.base_url, jobs=1, name="metered")))
    folder = result.run_dir / "ask_and_run"
    markers = [parts.read_marker(folder, index) for index in parts.part_indices(folder)]
    assert len(markers) == RECORDS // PART_SIZE
    for marker in markers:
        assert marker is not None
        # Each part asks one request per record; the server reports the tokens of each.
        assert marker.counters["llm.requests"] == PART_SIZE
        assert marker.counters["llm.completion_tokens"] > 0
        assert marker.counters["llm.prompt_tokens"] > 0
        assert marker.counters["llm.ms"] >= 0
