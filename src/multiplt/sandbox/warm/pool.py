"""A pool of warm workers for one language, used by the Sandbox from many threads."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from multiplt.languages import get_language
from multiplt.program import Program, Verdict
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.process import ProcessExecutor
from multiplt.sandbox.warm.runtimes import WarmRuntime
from multiplt.sandbox.warm.spawner import Spawner
from multiplt.sandbox.warm.worker import Launcher, WarmWorker, WorkerFailed, bwrap_launcher, launch_key, sweep_legacy_worker_folders

log = logging.getLogger(__name__)

_START_FAILURES_BEFORE_GIVING_UP = 3


class WarmPool:
    """Up to ``size`` warm workers of one language, started on demand.

    A worker is started under one program's memory, process and file-size limits and
    serves the programs that share them (usually all of a run); a program with other
    limits gets a worker of its own, replacing an idle one if the pool is full.
    ``execute`` runs a program on an idle worker. A worker that fails (dies, hangs,
    cannot start) is thrown away and the program runs again on a fresh one, up to
    ``retries`` times; after that, or once workers for some limits keep failing to
    start, programs go to ``fallback`` (one process per program), so a verdict is never lost.
    """

    def __init__(
        self,
        runtime: WarmRuntime,
        *,
        size: int,
        scratch_root: Path | None = None,
        launcher: Launcher | None = None,
        fallback: ProcessExecutor | None = None,
        retries: int = 2,
    ) -> None:
        self.runtime = runtime
        self.size = max(1, size)
        self.retries = retries
        self.scratch_root = scratch_root
        self.fallback = fallback or ProcessExecutor(scratch_root, get_language(runtime.code))
        self.replaced = 0  # workers thrown away after a failure (not those killed with their program)
        self.fell_back = 0  # programs run by the fallback
        self._launcher = launcher or bwrap_launcher(runtime.code)
        sweep_legacy_worker_folders()  # what killed workers of earlier versions left in /dev/shm
        self._spawner = Spawner(f"warm-{runtime.code}-spawner")
        self._idle: list[WarmWorker] = []
        self._started = 0
        self._start_failures: dict[tuple[int, int, int], int] = {}  # by launch limits
        self._closed = False
        self._lock = threading.Condition()

    def run(self, program: Program) -> Verdict:
        """Run ``program`` under the limits it asks for."""
        return self.execute(program, Limits.for_program(program))

    def execute(self, program: Program, limits: Limits) -> Verdict:
        """Run ``program`` under ``limits`` on a warm worker (thread-safe)."""
        if self.runtime.process_only is not None and self.runtime.process_only.search(program.source):
            self.fell_back += 1
            return self.fallback.execute(program, limits)
        for _attempt in range(self.retries + 1):
            worker = self._acquire(limits)
            if worker is None:
                break
            try:
                verdict = worker.execute(program, limits)
            except WorkerFailed as error:
                log.warning("%s worker failed, replacing it: %s", self.runtime.code, error)
                self._discard(worker, failed=True)
                continue
            except BaseException:  # any other error must not leak the worker: the pool would wait for it forever
                self._discard(worker, failed=True)
                raise
            self._release(worker)
            return verdict
        self.fell_back += 1
        return self.fallback.execute(program, limits)

    def close(self) -> None:
        """Stop every worker and the spawner thread."""
        with self._lock:
            self._closed = True
            workers, self._idle = self._idle, []
            self._lock.notify_all()
        for worker in workers:
            worker.close()
        self._spawner.close()

    def _acquire(self, limits: Limits) -> WarmWorker | None:
        """An idle worker for ``limits``, a new one if there is room, else wait; None to fall back."""
        key = launch_key(limits)
        unfit: WarmWorker | None = None
        with self._lock:
            while True:
                if self._closed or self._start_failures.get(key, 0) >= _START_FAILURES_BEFORE_GIVING_UP:
                    return None
                fitting = [worker for worker in self._idle if worker.launch_key == key]
                if fitting:
                    self._idle.remove(fitting[-1])
                    return fitting[-1]
                if self._started < self.size:
                    self._started += 1
                    break
                if self._idle:  # full of workers for other limits: swap one for ours
                    unfit = self._idle.pop(0)
                    break
                self._lock.wait()
        if unfit is not None:
            unfit.close()
        worker = WarmWorker(self.runtime, limits, spawner=self._spawner, launcher=self._launcher, scratch_root=self.scratch_root)
        try:
            worker.start()
        except (WorkerFailed, OSError) as error:
            log.warning("cannot start a %s worker: %s", self.runtime.code, error)
            worker.close()
            with self._lock:
                self._started -= 1
                self._start_failures[key] = self._start_failures.get(key, 0) + 1
                self._lock.notify()
            return self._acquire(limits)
        with self._lock:
            self._start_failures.pop(key, None)
        return worker

    def _release(self, worker: WarmWorker) -> None:
        retire_at = self.runtime.max_programs
        if worker.dead or (retire_at is not None and worker.programs_run >= retire_at):
            self._discard(worker, failed=False)
            return
        with self._lock:
            if self._closed:
                worker.close()
                return
            self._idle.append(worker)
            self._lock.notify()

    def _discard(self, worker: WarmWorker, *, failed: bool) -> None:
        worker.close()
        with self._lock:
            self._started -= 1
            self.replaced += failed
            self._lock.notify()
