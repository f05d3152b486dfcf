"""The runner seam: the core (resume, markers, summaries, log, progress) works with any
scheduler that keeps the contract, and reports progress through a callback, not Rich."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline_helpers import SQUARE, write_config

from multiplt.config import load_config
from multiplt.pipeline import PartTask, Runner, Stage, parts, process_part
from multiplt.pipeline.build import build_source, build_stages
from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.resources import EventSink, Resources, ResourceSettings
from multiplt.pipeline.session import execute


class BackwardsScheduler:
    """A scheduler written against the interface alone: runs parts here, last part first."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.resources: Resources | None = None

    def open(self, resources: ResourceSettings | None, event: EventSink) -> None:
        self.calls.append("open")
        self.resources = Resources(resources, sink=event)

    def run_parts(self, stage: Stage, tasks: Sequence[PartTask], advance: Callable[[int], None]) -> Iterator[PartResult]:
        self.calls.append(f"run_parts {len(tasks)}")
        assert self.resources is not None
        for task in reversed(tasks):
            yield process_part(stage, task, self.resources, advance)

    def close(self) -> None:
        self.calls.append("close")


class RecordingProgress:
    """A progress reporter that remembers what it heard."""

    def __init__(self) -> None:
        self.started: dict[str, tuple[int | None, int]] = {}
        self.advanced: Counter[str] = Counter()
        self.lines: list[str] = []

    def stage_started(self, name: str, total: int | None, completed: int) -> None:
        self.started[name] = (total, completed)

    def advance(self, name: str, count: int) -> None:
        self.advanced[name] += count

    def stage_finished(self, name: str, summary_line: str) -> None:
        self.lines.append(summary_line)

    def note(self, line: str) -> None:
        self.lines.append(line)


def _runner(config_path: Path, scheduler, progress=None) -> tuple[Runner, list]:
    config = load_config(config_path)
    runner = Runner(config.run.run_dir, scheduler, part_size=config.run.part_size, batch_size=config.run.batch_size,
                    progress=progress)
    return runner, runner.run(build_source(config), build_stages(config))


def test_another_scheduler_gives_the_records_the_local_one_gives(tmp_path: Path, numbers: Path) -> None:
    local = execute(load_config(write_config(tmp_path, name="local", jobs=2, stages=SQUARE.format(delay_s=0))))
    scheduler = BackwardsScheduler()
    _, summaries = _runner(write_config(tmp_path, name="backwards", stages=SQUARE.format(delay_s=0)), scheduler)
    backwards = tmp_path / "runs" / "backwards" / "square"
    assert list(parts.iter_records(backwards)) == list(parts.iter_records(local.final_folder))
    assert summaries[-1].line().startswith("square: 1,000 in, 1,028 out, 143 dropped (multiple_of_seven 143)")
    assert scheduler.calls == ["open", "run_parts 10", "close"]


def test_the_core_gives_a_scheduler_only_the_parts_without_markers(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages=SQUARE.format(delay_s=0))
    first = execute(load_config(config))
    for index in (2, 7):
        parts.marker_path(first.final_folder, index).unlink()
    scheduler = BackwardsScheduler()
    _, summaries = _runner(config, scheduler)
    assert scheduler.calls == ["open", "run_parts 2", "close"]
    assert (summaries[-1].resumed_parts, summaries[-1].records_out) == (8, 1028)


def test_progress_reaches_the_callback_for_every_record(tmp_path: Path, numbers: Path) -> None:
    progress = RecordingProgress()
    _runner(write_config(tmp_path, jobs=1, stages=SQUARE.format(delay_s=0)), BackwardsScheduler(), progress)
    assert progress.started["square"] == (1000, 0)
    assert progress.advanced["square"] == 1000
    assert progress.advanced["source (numbers.jsonl)"] == 1000
    assert [line.split(":")[0] for line in progress.lines] == ["source", "square"]


def test_each_skipped_input_line_reaches_the_callback_as_one_note(tmp_path: Path) -> None:
    source = tmp_path / "numbers.jsonl"
    source.write_text('{"n": 1}\n{"n": \n[1, 2]\n', encoding="utf-8")
    progress = RecordingProgress()
    _runner(write_config(tmp_path), BackwardsScheduler(), progress)
    notes = [line for line in progress.lines if line.startswith("skipped ")]
    assert notes == [f"skipped {source}:2: not JSON (Expecting value at column 7) (malformed_json)",
                     f"skipped {source}:3: a JSON list, not an object (not_an_object)"]


def test_the_core_and_the_local_scheduler_do_not_import_rich() -> None:
    code = ("import sys, multiplt.pipeline.runner, multiplt.pipeline.scheduler, multiplt.pipeline.local; "
            "print(sorted(name for name in sys.modules if name.split('.')[0] == 'rich'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
