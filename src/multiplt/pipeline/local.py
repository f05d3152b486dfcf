"""`LocalScheduler` (``run.runner = "local"``): parts run in this process, or in a pool of processes.

``jobs`` = 1 runs every part here, in order (same results, easier to debug). ``jobs``
> 1 runs them in a spawn-context process pool: each worker holds its own resources
for its life, dies with the runner (``PR_SET_PDEATHSIG``, so no orphan writes a part
after a kill), and sends progress and events back through one queue.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.util
import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.resources import EventSink, Resources, ResourceSettings
from multiplt.pipeline.scheduler import PartFailed, PartTask, process_part
from multiplt.pipeline.stage import Stage

PR_SET_PDEATHSIG = 1
# Run before multiprocessing's own exit finalizers (the queue's is 10), so the
# resource_closed events still reach the main process.
_CLOSE_PRIORITY = 100

# --- worker side -------------------------------------------------------------

_queue: multiprocessing.Queue | None = None  # type: ignore[type-arg]
_resources: Resources | None = None


def _init_worker(messages: multiprocessing.Queue, settings: ResourceSettings | None) -> None:  # type: ignore[type-arg]
    global _queue, _resources
    _queue = messages
    _resources = Resources(settings, sink=_send_event)
    # A pool worker leaves through multiprocessing's exit path, which runs these
    # finalizers (atexit handlers are not run in its children).
    multiprocessing.util.Finalize(None, _resources.close, exitpriority=_CLOSE_PRIORITY)
    # A worker must die with the runner: an orphan still writing parts after a
    # SIGKILL would race the resumed run.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _send_event(event: str, **fields: Any) -> None:
    if _queue is not None:
        _queue.put(("event", event, fields))


def _run_in_worker(stage: Stage, task: PartTask) -> PartResult:
    assert _resources is not None, "the pool initializer did not run"
    name = task.stage_name

    def report(count: int) -> None:
        if _queue is not None:
            _queue.put(("progress", name, count))

    return process_part(stage, task, _resources, report)


# --- main side ----------------------------------------------------------------


class LocalScheduler:
    """Runs parts in this process (``jobs`` = 1) or in ``jobs`` worker processes."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)
        self._event: EventSink = lambda event, **fields: None
        self._here: Resources | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._queue: multiprocessing.Queue | None = None  # type: ignore[type-arg]

    def open(self, resources: ResourceSettings | None, event: EventSink) -> None:
        """Make this process's resources, or start the pool (its workers make their own)."""
        self._event = event
        if self.jobs == 1:
            self._here = Resources(resources, sink=event)
            return
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=_init_worker,
                                         initargs=(self._queue, resources))

    def run_parts(self, stage: Stage, tasks: Sequence[PartTask], advance: Callable[[int], None]) -> Iterator[PartResult]:
        """Each task's result as it finishes; `PartFailed` on the first part that raises."""
        if self._pool is None:
            assert self._here is not None, "open() was not called"
            for task in tasks:
                try:
                    yield process_part(stage, task, self._here, advance)
                except Exception as error:
                    raise PartFailed(task.index, error) from error
            return
        name = tasks[0].stage_name if tasks else ""
        stop = threading.Event()
        drainer = threading.Thread(target=self._drain, args=(name, advance, stop), daemon=True)
        drainer.start()
        futures: dict[Future[PartResult], int] = {
            self._pool.submit(_run_in_worker, stage, task): task.index for task in tasks
        }
        try:
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as error:
                    for other in futures:
                        other.cancel()
                    raise PartFailed(futures[future], error) from error
                yield result
        finally:
            stop.set()
            drainer.join()

    def close(self) -> None:
        """Stop the pool (its workers close their resources as they exit) and log their last events."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._drain_rest()
        if self._here is not None:
            self._here.close()
            self._here = None

    def _drain(self, stage_name: str, advance: Callable[[int], None], stop: threading.Event) -> None:
        while True:
            try:
                message = self._queue.get(timeout=0.1)  # type: ignore[union-attr]
            except queue.Empty:
                if stop.is_set():
                    return
                continue
            self._handle(message, stage_name, advance)

    def _drain_rest(self) -> None:
        while self._queue is not None:
            try:
                message = self._queue.get(timeout=0.05)
            except (queue.Empty, OSError, EOFError):
                return
            self._handle(message, "", lambda count: None)

    def _handle(self, message: tuple[Any, ...], stage_name: str, advance: Callable[[int], None]) -> None:
        if message[0] == "event":
            self._event(message[1], **message[2])
        elif message[1] == stage_name:  # progress of an earlier stage arriving late is dropped
            advance(message[2])
