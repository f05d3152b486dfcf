"""The runner seam: what a scheduler does, and the work of one part that every scheduler runs.

The runner core (``runner.py``) decides *what* to run: it materialises the source,
scans done markers to find the pending parts of each stage, folds part results into
summaries, writes the event log and reports progress. A scheduler decides *where*:
it runs :func:`process_part` for each pending part and yields the results. A new
scheduler (Ray, in its own issue) implements the three methods of :class:`Scheduler`,
adds one line to ``SCHEDULERS`` and one value to ``run.runner``; nothing else changes.

The contract a scheduler keeps:

- ``open(resources, event)`` once per run, before any stage. Every process that runs
  parts holds one :class:`~multiplt.pipeline.resources.Resources` made from
  ``resources``, for its whole life (so ``ctx.llm`` and ``ctx.sandbox`` open once per
  process), and closes it when that process ends. Events from those processes
  (``resource_opened``...) are handed to ``event(name, **fields)`` in this process.
- ``run_parts(stage, tasks, advance)`` per stage: run every task (in any order, in
  parallel if it likes), call ``advance(count)`` in this process as records are done,
  and yield each part's :class:`~multiplt.pipeline.parts.PartResult` as it finishes.
  Only ``process_part`` writes parts and markers, so a part is done exactly when its
  marker exists, whatever the scheduler. On the first part that raises, stop the
  others and raise :class:`PartFailed`.
- ``close()`` once at the end, even after a failure: stop the workers, close the
  resources of this process, deliver the workers' last events.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from multiplt.pipeline import parts
from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.resources import EventSink, Resources, ResourceSettings
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record

if TYPE_CHECKING:
    from multiplt.storage import RunPath

SCHEDULERS: dict[str, str] = {
    "local": "multiplt.pipeline.local:LocalScheduler",
    "ray": "multiplt.pipeline.ray_scheduler:RayScheduler",
}


@dataclass(frozen=True)
class PartTask:
    """One part of one stage to make: read ``input_path``, write part ``index`` into ``output_folder``."""

    stage_name: str
    run_dir: RunPath
    input_path: RunPath
    output_folder: RunPath
    index: int
    batch_size: int


class PartFailed(Exception):
    """A part raised; ``index`` names it and ``cause`` is what it raised."""

    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(f"part {index}: {type(cause).__name__}: {cause}")
        self.index = index
        self.cause = cause


class Scheduler(Protocol):
    """Runs the pending parts of each stage somewhere (see the module docstring for the contract)."""

    def open(self, resources: ResourceSettings | None, event: EventSink) -> None:
        """Prepare workers for a run whose stages get ``resources``."""
        ...

    def run_parts(self, stage: Stage, tasks: Sequence[PartTask], advance: Callable[[int], None]) -> Iterator[PartResult]:
        """Run ``tasks`` of ``stage``; yield each part's result as it finishes."""
        ...

    def close(self) -> None:
        """Stop the workers and close their resources."""
        ...


def make_scheduler(kind: str, jobs: int, **options: object) -> Scheduler:
    """The scheduler ``run.runner`` names, with ``jobs`` workers and its own ``options`` (Ray's ``address``)."""
    module_name, _, class_name = SCHEDULERS[kind].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    scheduler: Scheduler = cls(jobs=jobs, **options)
    return scheduler


def process_part(stage: Stage, task: PartTask, resources: Resources, report: Callable[[int], None]) -> PartResult:
    """Run ``stage`` over one input part; write the output part, then its done marker.

    ``report(count)`` is called after each batch; ``resources`` are the calling
    process's own, shared by every part it runs.
    """
    started = time.monotonic()
    records = parts.read_part(task.input_path)
    ctx = Context(stage=task.stage_name, run_dir=task.run_dir, part=task.index, resources=resources,
                  input_folder=task.input_path.parent)
    usage_before = resources.llm_usage()
    outputs: list[Record] = []
    stage.setup(ctx)
    try:
        for start in range(0, len(records), task.batch_size):
            batch = records[start : start + task.batch_size]
            outputs.extend(stage(batch, ctx))
            report(len(batch))
    finally:
        stage.teardown()
    for key, value in resources.llm_usage().items():
        if value != usage_before.get(key, 0):  # a stage that never asked the LLM reports no llm.* zeros
            ctx.count(key, value - usage_before.get(key, 0))
    parts.write_part(task.output_folder, task.index, outputs)
    result = PartResult(
        index=task.index,
        records_in=len(records),
        records_out=len(outputs),
        counters=dict(ctx.counters),
        seconds=time.monotonic() - started,
    )
    parts.mark_done(task.output_folder, result)
    return result
