"""The runner core: moves parts of records through a chain of stages, resuming from done markers.

Part ``k`` of a stage is made from part ``k`` of the stage before it, so every output
part has exactly one input and a resumed run redoes only the parts that have no done
marker. What every runner shares lives here: materialising the source, the resume
scan, per-stage summaries, the JSON-lines event log, and progress through a
:class:`~multiplt.pipeline.progress.ProgressReporter`. Where parts run is a
:class:`~multiplt.pipeline.scheduler.Scheduler`'s business (``run.runner``); the
local one is ``pipeline/local.py``.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from multiplt import storage
from multiplt.io import atomic_write_text
from multiplt.pipeline import parts
from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.progress import NoProgress, ProgressReporter
from multiplt.pipeline.resources import ResourceSettings
from multiplt.pipeline.runlog import RunLog
from multiplt.pipeline.scheduler import PartFailed, PartTask, Scheduler
from multiplt.pipeline.sources import Source
from multiplt.pipeline.stage import Stage
from multiplt.records import Record

if TYPE_CHECKING:
    from multiplt.storage import RunPath

SOURCE_FOLDER = "source"
SOURCE_COMPLETE = "_complete"


class StageFailed(RuntimeError):
    """A stage raised on a part; the message names the stage, the part and the log."""


@dataclass
class StageSummary:
    """Totals of one stage over all its parts, resumed ones included."""

    name: str
    parts: int = 0
    resumed_parts: int = 0
    records_in: int = 0
    records_out: int = 0
    counters: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, result: PartResult) -> None:
        """Fold one part's marker into the totals."""
        self.parts += 1
        self.records_in += result.records_in
        self.records_out += result.records_out
        self.counters.update(result.counters)

    @property
    def dropped(self) -> dict[str, int]:
        """Records dropped, by reason, as the stage reported them."""
        return {
            key.removeprefix("dropped."): value
            for key, value in sorted(self.counters.items())
            if key.startswith("dropped.") and value
        }

    def line(self) -> str:
        """The one-line summary printed after the stage: in, out, dropped by reason."""
        dropped = self.dropped
        text = f"{self.name}: {self.records_in:,} in, {self.records_out:,} out"
        if dropped:
            reasons = ", ".join(f"{reason} {count:,}" for reason, count in dropped.items())
            text += f", {sum(dropped.values()):,} dropped ({reasons})"
        else:
            text += ", 0 dropped"
        others = {key: value for key, value in sorted(self.counters.items()) if not key.startswith("dropped.")}
        if others:
            text += "; " + ", ".join(f"{key} {value:,}" for key, value in others.items())
        resumed = f", {self.resumed_parts} resumed" if self.resumed_parts else ""
        text += f" [{self.parts} parts{resumed}, {self.seconds:.1f}s]"
        return text

    def to_dict(self) -> dict[str, object]:
        """The summary as plain data for the JSON log."""
        return {
            "stage": self.name,
            "parts": self.parts,
            "resumed_parts": self.resumed_parts,
            "records_in": self.records_in,
            "records_out": self.records_out,
            "dropped": self.dropped,
            "counters": dict(self.counters),
            "seconds": round(self.seconds, 3),
        }


class Runner:
    """Runs a source and a chain of stages in a run folder, resuming from done markers.

    ``scheduler`` runs the parts (see :mod:`multiplt.pipeline.scheduler`); every
    process it runs them in opens ``resources`` for its stages. ``progress`` hears of
    every stage's start, records done and summary line; ``log`` gets the events.
    """

    def __init__(
        self,
        run_dir: RunPath | str,
        scheduler: Scheduler,
        *,
        part_size: int = 1000,
        batch_size: int = 100,
        progress: ProgressReporter | None = None,
        log: RunLog | None = None,
        resources: ResourceSettings | None = None,
    ) -> None:
        self.run_dir = storage.run_path(run_dir)
        self.scheduler = scheduler
        self.part_size = part_size
        self.batch_size = batch_size
        self.progress: ProgressReporter = progress or NoProgress()
        self.log = log
        self.resources = resources

    def _event(self, event: str, **fields: Any) -> None:
        if self.log is not None:
            self.log.event(event, **fields)

    def run(self, source: Source, stages: Sequence[tuple[str, Stage]]) -> list[StageSummary]:
        """Materialise the source into parts, then run each stage; return per-stage totals."""
        summaries = [self._materialise_source(source)]
        folder = self.run_dir / SOURCE_FOLDER
        if not stages:
            return summaries
        self.scheduler.open(self.resources, self._event)
        try:
            for name, stage in stages:
                output_folder = self.run_dir / name
                summaries.append(self._run_stage(name, stage, folder, output_folder))
                folder = output_folder
        finally:
            self.scheduler.close()
        return summaries

    # The source is read in this process: reading is sequential anyway, and its
    # order fixes the part boundaries that every later stage inherits.
    def _materialise_source(self, source: Source) -> StageSummary:
        folder = self.run_dir / SOURCE_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        parts.remove_temporaries(folder)
        summary = StageSummary(name=SOURCE_FOLDER)
        started = time.monotonic()
        complete_marker = folder / parts.DONE_DIR / SOURCE_COMPLETE
        if complete_marker.exists():
            for index in parts.part_indices(folder):
                marker = parts.read_marker(folder, index)
                if marker is not None:
                    summary.add(marker)
                    summary.resumed_parts += 1
            summary.seconds = time.monotonic() - started
            self._event("stage_skipped", reason="already complete", **summary.to_dict())
            self.progress.stage_finished(SOURCE_FOLDER, summary.line())
            return summary

        self._event("source_start", source=source.describe(), part_size=self.part_size)
        skipped: Counter[str] = Counter()

        def skip(reason: str, where: str) -> None:
            skipped[f"dropped.{reason}"] += 1
            self._event("input_skipped", stage=SOURCE_FOLDER, reason=reason, where=where)
            self.progress.note(f"skipped {where} ({reason})")

        def flush(index: int, chunk: list[Record]) -> None:
            done = parts.read_marker(folder, index)
            if done is None:
                chunk_started = time.monotonic()
                parts.write_part(folder, index, chunk)
                done = PartResult(
                    index=index,
                    records_in=len(chunk) + sum(skipped.values()),
                    records_out=len(chunk),
                    counters=dict(skipped),
                    seconds=time.monotonic() - chunk_started,
                )
                parts.mark_done(folder, done)
            else:
                summary.resumed_parts += 1
            summary.add(done)
            skipped.clear()

        label = f"{SOURCE_FOLDER} ({source.path.name})"
        self.progress.stage_started(label, None, 0)
        chunk: list[Record] = []
        index = 0
        for record in source.records(skip):
            chunk.append(record)
            self.progress.advance(label, 1)
            if len(chunk) == self.part_size:
                flush(index, chunk)
                chunk, index = [], index + 1
        if chunk or index == 0:
            flush(index, chunk)
        atomic_write_text(complete_marker, str(summary.parts))
        summary.seconds = time.monotonic() - started
        self._event("stage_done", **summary.to_dict())
        self.progress.stage_finished(label, summary.line())
        return summary

    def _run_stage(self, name: str, stage: Stage, input_folder: RunPath, output_folder: RunPath) -> StageSummary:
        output_folder.mkdir(parents=True, exist_ok=True)
        removed = parts.remove_temporaries(output_folder)
        summary = StageSummary(name=name)
        started = time.monotonic()
        indices = parts.part_indices(input_folder)
        total = sum(parts.count_rows(parts.part_path(input_folder, index)) for index in indices)
        pending: list[PartTask] = []
        for index in indices:
            marker = parts.read_marker(output_folder, index)
            if marker is None:
                pending.append(PartTask(name, self.run_dir, parts.part_path(input_folder, index), output_folder,
                                        index, stage.batch_size or self.batch_size))
            else:
                summary.add(marker)
                summary.resumed_parts += 1
        self._event("stage_start", stage=name, parts=len(indices), pending=len(pending),
                    resumed=summary.resumed_parts, temporaries_removed=removed)
        self.progress.stage_started(name, total, summary.records_in)
        try:
            for result in self.scheduler.run_parts(stage, pending, lambda count: self.progress.advance(name, count)):
                summary.add(result)
                self._event("part_done", stage=name, part=result.index, records_in=result.records_in,
                            records_out=result.records_out, counters=result.counters,
                            seconds=round(result.seconds, 3))
        except PartFailed as failure:
            raise self._failed(name, failure.index, failure.cause) from failure.cause
        summary.seconds = time.monotonic() - started
        self._event("stage_done", **summary.to_dict())
        self.progress.stage_finished(name, summary.line())
        return summary

    def _failed(self, name: str, index: int, error: BaseException) -> StageFailed:
        details = "".join(traceback.format_exception(error))
        self._event("part_failed", stage=name, part=index, error=f"{type(error).__name__}: {error}",
                    traceback=details)
        where = f" (details in {self.log.path})" if self.log is not None else ""
        return StageFailed(f"stage {name!r} failed on {parts.part_name(index)}: {type(error).__name__}: {error}{where}")


class LocalRunner(Runner):
    """A :class:`Runner` with the local scheduler: ``jobs`` > 1 worker processes, or this process."""

    def __init__(self, run_dir: RunPath | str, *, jobs: int = 1, **options: Any) -> None:
        from multiplt.pipeline.local import LocalScheduler

        super().__init__(run_dir, LocalScheduler(jobs), **options)
