"""LocalRunner: moves parts of records through a chain of stages with a process pool.

Part ``k`` of a stage is made from part ``k`` of the stage before it, so every output
part has exactly one input and a resumed run redoes only the parts that have no done
marker. Workers write their part and its marker themselves; the main process owns the
progress bars, the summary lines and the JSON-lines log.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.util
import queue
import signal
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from multiplt.pipeline import parts
from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.resources import Resources, ResourceSettings
from multiplt.pipeline.runlog import RunLog
from multiplt.pipeline.sources import Source
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record

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


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "- rec/s", style="progress.data.speed")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=24),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(compact=True),
        console=console,
    )


# --- worker side -------------------------------------------------------------

_progress_queue: multiprocessing.Queue | None = None  # type: ignore[type-arg]
_worker_resources: Resources | None = None

PR_SET_PDEATHSIG = 1
# Run before multiprocessing's own exit finalizers (the queue's is 10), so the
# resource_closed events still reach the main process.
_CLOSE_PRIORITY = 100


def _init_worker(progress_queue: multiprocessing.Queue, settings: ResourceSettings | None) -> None:  # type: ignore[type-arg]
    global _progress_queue, _worker_resources
    _progress_queue = progress_queue
    _worker_resources = Resources(settings, sink=_event_to_queue)
    # A pool worker leaves through multiprocessing's exit path, which runs these
    # finalizers (atexit handlers are not run in its children).
    multiprocessing.util.Finalize(None, _worker_resources.close, exitpriority=_CLOSE_PRIORITY)
    # A worker must die with the runner: an orphan still writing parts after a
    # SIGKILL would race the resumed run.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _report_to_queue(stage_name: str, count: int) -> None:
    if _progress_queue is not None:
        _progress_queue.put(("progress", stage_name, count))


def _event_to_queue(event: str, **fields: object) -> None:
    if _progress_queue is not None:
        _progress_queue.put(("event", event, fields))


def process_part(
    stage: Stage,
    stage_name: str,
    run_dir: Path,
    input_path: Path,
    output_folder: Path,
    index: int,
    batch_size: int,
    report: Callable[[str, int], None] | None = None,
    resources: Resources | None = None,
) -> PartResult:
    """Run one stage over one input part; write the output part, then its done marker.

    ``resources`` are this process's (a pool worker's own when None).
    """
    report = report or _report_to_queue
    resources = resources or _worker_resources or Resources(None)
    started = time.monotonic()
    records = parts.read_part(input_path)
    ctx = Context(stage=stage_name, run_dir=run_dir, part=index, resources=resources)
    outputs: list[Record] = []
    stage.setup(ctx)
    try:
        for start in range(0, len(records), batch_size):
            batch = records[start : start + batch_size]
            outputs.extend(stage(batch, ctx))
            report(stage_name, len(batch))
    finally:
        stage.teardown()
    parts.write_part(output_folder, index, outputs)
    result = PartResult(
        index=index,
        records_in=len(records),
        records_out=len(outputs),
        counters=dict(ctx.counters),
        seconds=time.monotonic() - started,
    )
    parts.mark_done(output_folder, result)
    return result


# --- main side ----------------------------------------------------------------


class LocalRunner:
    """Runs a source and a chain of stages in a run folder, resuming from done markers.

    ``jobs`` > 1 runs parts in that many worker processes; ``jobs`` = 1 runs them in
    this process (same results, easier to debug).
    """

    def __init__(
        self,
        run_dir: Path,
        *,
        jobs: int = 1,
        part_size: int = 1000,
        batch_size: int = 100,
        console: Console | None = None,
        log: RunLog | None = None,
        resources: ResourceSettings | None = None,
    ) -> None:
        self.run_dir = Path(run_dir)
        self.resources = resources
        self.jobs = max(1, jobs)
        self.part_size = part_size
        self.batch_size = batch_size
        self.console = console or Console(stderr=True)
        self.log = log

    def _event(self, event: str, **fields: object) -> None:
        if self.log is not None:
            self.log.event(event, **fields)

    def run(self, source: Source, stages: Sequence[tuple[str, Stage]]) -> list[StageSummary]:
        """Materialise the source into parts, then run each stage; return per-stage totals."""
        summaries = [self._materialise_source(source)]
        folder = self.run_dir / SOURCE_FOLDER
        if not stages:
            return summaries
        progress_queue: multiprocessing.Queue | None = None  # type: ignore[type-arg]
        pool: Executor | None = None
        self._local_resources = Resources(self.resources, sink=self._event)
        if self.jobs > 1:
            context = multiprocessing.get_context("spawn")
            progress_queue = context.Queue()
            pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=_init_worker,
                initargs=(progress_queue, self.resources),
            )
        try:
            for name, stage in stages:
                output_folder = self.run_dir / name
                summaries.append(self._run_stage(name, stage, folder, output_folder, pool, progress_queue))
                folder = output_folder
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
                self._drain_events(progress_queue)
            self._local_resources.close()
        return summaries

    def _drain_events(self, progress_queue: multiprocessing.Queue | None) -> None:  # type: ignore[type-arg]
        """Log what exited workers sent last (their resource_closed events)."""
        while progress_queue is not None:
            try:
                message = progress_queue.get(timeout=0.05)
            except (queue.Empty, OSError, EOFError):
                return
            if message[0] == "event":
                self._event(message[1], **message[2])

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
            self.console.print(summary.line())
            return summary

        self._event("source_start", source=source.describe(), part_size=self.part_size)
        skipped: Counter[str] = Counter()

        def skip(reason: str, where: str) -> None:
            skipped[f"dropped.{reason}"] += 1
            self._event("input_skipped", stage=SOURCE_FOLDER, reason=reason, where=where)

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

        with _progress(self.console) as progress:
            task = progress.add_task(f"{SOURCE_FOLDER} ({source.path.name})", total=None)
            chunk: list[Record] = []
            index = 0
            for record in source.records(skip):
                chunk.append(record)
                progress.advance(task)
                if len(chunk) == self.part_size:
                    flush(index, chunk)
                    chunk, index = [], index + 1
            if chunk or index == 0:
                flush(index, chunk)
            progress.update(task, total=progress.tasks[0].completed)
        parts.write_atomic_bytes(complete_marker, str(summary.parts).encode())
        summary.seconds = time.monotonic() - started
        self._event("stage_done", **summary.to_dict())
        self.console.print(summary.line())
        return summary

    def _run_stage(
        self,
        name: str,
        stage: Stage,
        input_folder: Path,
        output_folder: Path,
        pool: Executor | None,
        progress_queue: multiprocessing.Queue | None,  # type: ignore[type-arg]
    ) -> StageSummary:
        output_folder.mkdir(parents=True, exist_ok=True)
        removed = parts.remove_temporaries(output_folder)
        summary = StageSummary(name=name)
        started = time.monotonic()
        indices = parts.part_indices(input_folder)
        sizes = {index: parts.count_rows(parts.part_path(input_folder, index)) for index in indices}
        pending: list[int] = []
        for index in indices:
            marker = parts.read_marker(output_folder, index)
            if marker is None:
                pending.append(index)
            else:
                summary.add(marker)
                summary.resumed_parts += 1
        self._event(
            "stage_start",
            stage=name,
            parts=len(indices),
            pending=len(pending),
            resumed=summary.resumed_parts,
            temporaries_removed=removed,
        )
        with _progress(self.console) as progress:
            task = progress.add_task(name, total=sum(sizes.values()), completed=summary.records_in)
            results = self._run_parts(name, stage, input_folder, output_folder, pending, pool, progress_queue,
                                      lambda count: progress.advance(task, count))
            for result in results:
                summary.add(result)
                self._event("part_done", stage=name, part=result.index, records_in=result.records_in,
                            records_out=result.records_out, counters=result.counters,
                            seconds=round(result.seconds, 3))
            progress.update(task, completed=summary.records_in)
        summary.seconds = time.monotonic() - started
        self._event("stage_done", **summary.to_dict())
        self.console.print(summary.line())
        return summary

    def _run_parts(
        self,
        name: str,
        stage: Stage,
        input_folder: Path,
        output_folder: Path,
        pending: list[int],
        pool: Executor | None,
        progress_queue: multiprocessing.Queue | None,  # type: ignore[type-arg]
        advance: Callable[[int], None],
    ) -> Iterable[PartResult]:
        def call(index: int) -> tuple[Path, Path, int]:
            return parts.part_path(input_folder, index), output_folder, index

        if pool is None:
            for index in pending:
                try:
                    yield process_part(stage, name, self.run_dir, *call(index), self.batch_size,
                                       report=lambda _stage, count: advance(count), resources=self._local_resources)
                except Exception as error:
                    raise self._failed(name, index, error) from error
            return

        stop_draining = threading.Event()
        drainer = threading.Thread(target=_drain, args=(progress_queue, name, advance, self._event, stop_draining),
                                   daemon=True)
        drainer.start()
        futures: dict[Future[PartResult], int] = {
            pool.submit(process_part, stage, name, self.run_dir, *call(index), self.batch_size): index
            for index in pending
        }
        try:
            for future in as_completed(futures):
                index = futures[future]
                try:
                    result = future.result()
                except Exception as error:
                    for other in futures:
                        other.cancel()
                    raise self._failed(name, index, error) from error
                yield result
        finally:
            stop_draining.set()
            drainer.join()

    def _failed(self, name: str, index: int, error: BaseException) -> StageFailed:
        details = "".join(traceback.format_exception(error))
        self._event("part_failed", stage=name, part=index, error=f"{type(error).__name__}: {error}",
                    traceback=details)
        where = f" (details in {self.log.path})" if self.log is not None else ""
        return StageFailed(f"stage {name!r} failed on {parts.part_name(index)}: {type(error).__name__}: {error}{where}")


def _drain(
    progress_queue: multiprocessing.Queue | None,  # type: ignore[type-arg]
    stage_name: str,
    advance: Callable[[int], None],
    log_event: Callable[..., None],
    stop: threading.Event,
) -> None:
    if progress_queue is None:
        return
    while True:
        try:
            message = progress_queue.get(timeout=0.1)
        except queue.Empty:
            if stop.is_set():
                return
            continue
        if message[0] == "event":
            log_event(message[1], **message[2])
        elif message[1] == stage_name:
            advance(message[2])
