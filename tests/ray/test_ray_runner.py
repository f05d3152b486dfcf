"""`run.runner = "ray"` on a real loopback cluster (a head and two worker nodes, 1 CPU each):
the same records as the local runner, resume across runners both ways, and a worker node
killed mid-stage with nothing lost and nothing done twice."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline_helpers import SQUARE, write_config
from ray_cluster import LocalRayCluster

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.session import RunResult, execute

SANDBOX = """
[[stages]]
kind = "ray_test_stages:SandboxSquare"
"""


class Recorder:
    """A progress reporter that remembers what it heard."""

    def __init__(self) -> None:
        self.advanced: Counter[str] = Counter()
        self.lines: list[str] = []

    def stage_started(self, name: str, total: int | None, completed: int) -> None:
        pass

    def advance(self, name: str, count: int) -> None:
        self.advanced[name] += count

    def stage_finished(self, name: str, summary_line: str) -> None:
        self.lines.append(summary_line)

    def note(self, line: str) -> None:
        self.lines.append(line)


def _run(tmp_path: Path, name: str, *, cluster: LocalRayCluster | None = None, delay_s: float = 0,
         until: str | None = None, progress: Recorder | None = None) -> RunResult:
    path = write_config(tmp_path, name=name, stages=SQUARE.format(delay_s=delay_s) + SANDBOX)
    overrides: dict[str, Any] = {}
    if cluster is not None:
        overrides = {"run.runner": "ray", "run.address": cluster.address, "run.jobs": 0}  # an actor per CPU
    return execute(load_config(path, overrides), progress=progress or Recorder(), until=until)


def _events(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run_dir / "log.jsonl").read_text().splitlines()]


def _without_seconds(lines: list[str]) -> list[str]:
    return [re.sub(r", [0-9.]+s\]$", "]", line) for line in lines]


def test_a_ray_run_gives_the_local_runners_records_and_summaries(tmp_path: Path, numbers: Path,
                                                                  cluster: LocalRayCluster) -> None:
    local_progress, ray_progress = Recorder(), Recorder()
    local = _run(tmp_path, "local", progress=local_progress)
    on_ray = _run(tmp_path, "onray", cluster=cluster, progress=ray_progress)

    assert list(parts.iter_records(on_ray.final_folder)) == list(parts.iter_records(local.final_folder))
    # 1,000 numbers: 143 multiples of 7 dropped, 858 - 143 + 172 ... written out by hand:
    # square keeps 857 numbers, doubling the 172 multiples of 5 that are not multiples of 35 -> 1,028.
    assert ray_progress.lines[1].startswith("square: 1,000 in, 1,028 out, 143 dropped (multiple_of_seven 143)")
    assert _without_seconds(ray_progress.lines) == _without_seconds(local_progress.lines)
    assert ray_progress.advanced == local_progress.advanced == Counter({"source (numbers.jsonl)": 1000,
                                                                      "square": 1000, "sandbox_square": 1028})
    events = _events(on_ray.run_dir)
    done = Counter((event["stage"], event["part"]) for event in events if event["event"] == "part_done")
    assert done == Counter({(stage, index): 1 for stage in ("square", "sandbox_square") for index in range(10)})
    ready = [event for event in events if event["event"] == "ray_actor_ready"]
    assert len({event["node_id"] for event in ready}) == 3  # one actor on each node
    # The sandbox opens once per actor for the whole run, not once per part (20 parts here).
    opened = [event for event in events if event["event"] == "resource_opened" and event["resource"] == "sandbox"]
    assert 1 <= len(opened) <= 3
    assert len({(event["node_id"], event["worker_pid"]) for event in opened}) == len(opened)


def test_a_run_started_locally_finishes_on_ray_and_the_reverse(tmp_path: Path, numbers: Path,
                                                              cluster: LocalRayCluster) -> None:
    reference = _run(tmp_path, "reference")
    _run(tmp_path, "mixed", until="square")  # local, first stage only
    progress = Recorder()
    mixed = _run(tmp_path, "mixed", cluster=cluster, progress=progress)
    assert "[10 parts, 10 resumed" in progress.lines[1]
    assert list(parts.iter_records(mixed.final_folder)) == list(parts.iter_records(reference.final_folder))

    for index in range(5):  # half of the last stage undone: the local runner redoes those five
        parts.marker_path(mixed.final_folder, index).unlink()
    progress = Recorder()
    again = _run(tmp_path, "mixed", progress=progress)
    assert "[10 parts, 5 resumed" in progress.lines[-1]
    assert list(parts.iter_records(again.final_folder)) == list(parts.iter_records(reference.final_folder))


def test_a_worker_node_killed_mid_stage_loses_nothing_and_repeats_nothing(tmp_path: Path, numbers: Path,
                                                                        cluster: LocalRayCluster) -> None:
    reference = _run(tmp_path, "reference")
    progress = Recorder()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            # 10 ms a record: each part of square takes about a second on its node.
            outcome["result"] = _run(tmp_path, "killed", cluster=cluster, delay_s=0.01, progress=progress)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    markers = tmp_path / "runs" / "killed" / "square" / parts.DONE_DIR
    deadline = time.monotonic() + 120
    while not (markers.is_dir() and any(markers.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.05)
    victim = cluster.workers[0]
    cluster.kill(victim)  # mid-stage: square has parts left, and every actor is busy with one
    thread.join(timeout=300)
    try:
        assert "error" not in outcome, outcome.get("error")
        result = outcome["result"]
        records = list(parts.iter_records(result.final_folder))
        assert records == list(parts.iter_records(reference.final_folder))
        assert len({record.id for record in records}) == len(records)
        events = _events(result.run_dir)
        lost = [event for event in events if event["event"] == "ray_actor_lost" and "part" in event]
        assert lost, "the killed node was running no part"
        done = Counter((event["stage"], event["part"]) for event in events if event["event"] == "part_done")
        assert done == Counter({(stage, index): 1 for stage in ("square", "sandbox_square") for index in range(10)})
        assert progress.advanced["square"] == 1000  # the lost attempt's records are not counted twice
        assert progress.lines[1].startswith("square: 1,000 in, 1,028 out, 143 dropped (multiple_of_seven 143)")
    finally:
        cluster.workers.remove(victim)
        cluster.workers.append(cluster.add_worker())
        cluster.wait_for_cpus(3)
        shutil.rmtree(tmp_path / "runs", ignore_errors=True)
