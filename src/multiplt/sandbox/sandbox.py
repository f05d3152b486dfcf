"""`Sandbox`: run many untrusted programs in parallel, in isolation, cached."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from multiplt.languages.registry import UnknownLanguageError, get_language
from multiplt.program import Program, Verdict
from multiplt.sandbox.bwrap import sweep_stale_scratch
from multiplt.sandbox.cache import VerdictCache, cache_key
from multiplt.sandbox.executor import ISOLATIONS, Executor, make_executor
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.process import sandbox_error

_MEMO_ENTRIES = 4096  # verdicts remembered in memory when there is no cache file


class Sandbox:
    """Runs programs under their limits with ``jobs`` in parallel.

    ``isolation="warm"`` uses warm per-language workers where they exist and one fresh
    sandbox per program elsewhere; ``"process"`` always uses the latter. With
    ``cache_path``, verdicts are stored in SQLite and a program already judged under
    the same limits is not run again. Use as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        jobs: int | None = None,
        isolation: str = "warm",
        cache_path: Path | None = None,
        *,
        scratch_root: Path | None = None,
    ) -> None:
        if isolation not in ISOLATIONS:
            raise ValueError(f"unknown isolation {isolation!r}; choose one of: {', '.join(ISOLATIONS)}")
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.isolation = isolation
        self.scratch_root = scratch_root
        sweep_stale_scratch(scratch_root)  # folders of runs that were killed mid-program
        self.cache = VerdictCache(cache_path) if cache_path is not None else None
        self.cache_hits = 0
        self._memo: OrderedDict[str, Verdict] = OrderedDict()
        self._executors: dict[str, Executor] = {}
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="sandbox")

    def run(self, program: Program) -> Verdict:
        """Run one program and return its verdict."""
        return next(self.map([program]))

    def map(self, programs: Iterable[Program]) -> Iterator[Verdict]:
        """Verdicts of ``programs``, in input order, ``jobs`` running at a time.

        Reads ahead at most a few programs per job, so memory stays bounded however
        long the input is. Identical programs in flight run once.
        """
        window: deque[tuple[str | None, Future[Verdict] | Verdict]] = deque()
        in_flight: dict[str, Future[Verdict]] = {}
        for program in programs:
            window.append(self._submit(program, in_flight))
            while len(window) >= 4 * self.jobs:
                yield self._settle(window.popleft(), in_flight)
        while window:
            yield self._settle(window.popleft(), in_flight)

    def _submit(self, program: Program, in_flight: dict[str, Future[Verdict]]) -> tuple[str | None, Future[Verdict] | Verdict]:
        try:
            code = get_language(program.language).code
        except UnknownLanguageError as error:
            return None, sandbox_error(f"multiplt: {error}")
        try:
            limits = Limits.for_program(program)
        except ValueError as error:  # the caller's limits, refused before any worker is involved
            return None, sandbox_error(f"multiplt: {error}")
        key = cache_key(code, program.source, limits)
        known = self._lookup(key)
        if known is not None:
            self.cache_hits += 1
            return key, known
        if key in in_flight:
            self.cache_hits += 1
            return key, in_flight[key]
        executor = self._executor(code)
        future = self._threads.submit(executor.execute, program, limits)
        in_flight[key] = future
        return key, future

    def _settle(self, entry: tuple[str | None, Future[Verdict] | Verdict], in_flight: dict[str, Future[Verdict]]) -> Verdict:
        key, pending = entry
        if isinstance(pending, Verdict):
            return pending
        try:
            verdict = pending.result()
        except Exception as error:  # an executor bug must not end a run of millions
            verdict = sandbox_error(f"multiplt: sandbox failed: {type(error).__name__}: {error}")
        if key is not None and in_flight.get(key) is pending:
            del in_flight[key]
            self._remember(key, verdict)
        return verdict

    def _lookup(self, key: str) -> Verdict | None:
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        return self.cache.get(key) if self.cache is not None else None

    def _remember(self, key: str, verdict: Verdict) -> None:
        if self.cache is not None:
            self.cache.put(key, verdict)
            return
        self._memo[key] = verdict
        if len(self._memo) > _MEMO_ENTRIES:
            self._memo.popitem(last=False)

    def _executor(self, code: str) -> Executor:
        with self._lock:
            if code not in self._executors:
                self._executors[code] = make_executor(code, self.isolation, jobs=self.jobs, scratch_root=self.scratch_root)
            return self._executors[code]

    def close(self) -> None:
        """Wait for running programs, stop warm workers, close the cache."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for executor in self._executors.values():
                executor.close()
            self._executors.clear()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
