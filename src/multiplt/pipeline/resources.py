"""What stages reach through their context: the LLM backend and the sandbox of one process.

Each worker process (and the main process when the run has one worker) holds one
:class:`Resources`. It opens the backend on the first ``ctx.llm`` and the sandbox on
the first ``ctx.sandbox``, keeps them for the process's life, so every part the
process handles shares one loaded model, one HTTP connection pool and one set of
warm workers, and closes them when the process ends. A stage uses them like this::

    class Complete(Stage):
        def process(self, batch, ctx):
            # one call for the whole batch: an HTTP backend runs the requests concurrently
            requests = [Request(record["prompt"], max_tokens=64, stop=("\\n\\n",)) for record in batch]
            for record, [text] in zip(batch, ctx.llm.complete(requests)):
                verdict = ctx.sandbox.run(Program("py", record["prompt"] + text + record["tests"]))
                if not verdict.passed:  # a pass is status OK and exit code 0
                    ctx.drop(verdict.status.value)
                    continue
                yield record.derive({**record.data, "completion": text}, stage=ctx.stage)

``ctx.sandbox.map(programs)`` runs many programs at once (``sandbox.jobs`` of them).

How many cores each worker's share is, is :func:`plan_cores`'s rule: run.jobs worker
processes times sandbox.jobs programs per worker never exceed run.cores.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multiplt import storage
from multiplt.config import RunConfig
from multiplt.llm.settings import BackendSettings

if TYPE_CHECKING:
    from multiplt.storage import RunPath
    from multiplt.llm.base import Backend
    from multiplt.sandbox.sandbox import Sandbox

LLM_CACHE = "llm.sqlite"
EXEC_CACHE = "exec.sqlite"

EventSink = Callable[..., None]
"""``sink(event, **fields)``: where a process's resource events go (the run log, via the main process)."""


def available_cores() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class CorePlan:
    """How a run's cores are split: ``workers`` processes, each running at most ``per_worker`` things at once.

    ``notes`` says, one line each, which requested value was lowered to fit.
    """

    cores: int
    workers: int
    sandbox_jobs: int
    llm_threads: int
    notes: tuple[str, ...] = ()


def plan_cores(run_cores: int, run_jobs: int, sandbox_jobs: int, llm_threads: int,
               available: int | None = None) -> CorePlan:
    """Split the run's cores so that worker processes x programs per worker stays within them.

    The rule: ``cores`` is ``run.cores`` (0: every core available); ``workers`` is
    ``run.jobs`` (0: one per core), at most ``cores``; each worker's share is
    ``cores // workers``; the sandbox runs ``sandbox.jobs`` programs at once per worker
    (0: the whole share) and llama.cpp uses ``llm.threads`` threads (0: the whole
    share), each at most the share. A worker's LLM and sandbox take turns (a stage
    generates, then runs), so each may use the whole share.
    """
    cores = run_cores or available or available_cores()
    notes: list[str] = []
    workers = run_jobs or cores
    if workers > cores:
        notes.append(f"run.jobs = {workers} lowered to {cores}: the run has {cores} core{'s' * (cores != 1)} (run.cores)")
        workers = cores
    share = max(1, cores // workers)

    def fit(value: int, key: str) -> int:
        if value > share:
            notes.append(f"{key} = {value} lowered to {share}: {workers} workers share {cores} cores "
                         f"(run.jobs x {key} <= run.cores)")
            return share
        return value or share

    return CorePlan(cores=cores, workers=workers, sandbox_jobs=fit(sandbox_jobs, "sandbox.jobs"),
                    llm_threads=fit(llm_threads, "llm.threads"), notes=tuple(notes))


@dataclass(frozen=True)
class ResourceSettings:
    """What a process needs to open its resources: picklable, sent to every worker."""

    llm: BackendSettings
    isolation: str = "warm"
    sandbox_jobs: int = 1
    sandbox_cache: Path | None = None


def cache_folder(run_dir: RunPath) -> Path:
    """The run's cache folder (``llm.sqlite``, ``exec.sqlite``): ``cache/`` in the run folder, or in
    this node's local mirror of it when the run folder is on object storage (SQLite needs a local disk)."""
    return storage.local_mirror(run_dir) / "cache"


def resource_settings(config: RunConfig, plan: CorePlan, api_key: str | None = None) -> ResourceSettings:
    """The resources a run config asks for, with each worker's share of the cores.

    The caches live in the run folder's ``cache/`` (``llm.sqlite``, ``exec.sqlite``),
    shared by all workers, unless ``llm.cache`` or ``sandbox.cache`` is false. SQLite needs
    a local disk: for a run folder on object storage they live in each node's local
    mirror of it (`multiplt.storage.local_mirror`).
    """
    cache = cache_folder(config.run.run_dir)
    llm = config.llm
    backend = BackendSettings(
        kind=llm.backend, model=llm.model, base_url=llm.base_url, api_key=api_key, api_key_env=llm.api_key_env,
        concurrency=llm.concurrency, chat=llm.chat, timeout_s=llm.timeout_s, retries=llm.retries, seed=llm.seed,
        n_ctx=llm.n_ctx, threads=plan.llm_threads, cache_path=cache / LLM_CACHE if llm.cache else None,
    )
    return ResourceSettings(llm=backend, isolation=config.sandbox.isolation, sandbox_jobs=plan.sandbox_jobs,
                            sandbox_cache=cache / EXEC_CACHE if config.sandbox.cache else None)


class ResourceError(RuntimeError):
    """A stage asked for a resource its context does not have, or the resource would not open."""


@dataclass
class Resources:
    """One process's LLM backend and sandbox, each opened on first use and closed by :meth:`close`.

    ``opened`` counts how often each was opened in this process (1 at most, by
    design); ``sink`` receives ``resource_opened``/``resource_closed`` events.
    """

    settings: ResourceSettings | None
    sink: EventSink | None = None
    opened: Counter[str] = field(default_factory=Counter)
    _llm: Backend | None = None
    _sandbox: Sandbox | None = None

    def _event(self, event: str, **fields: Any) -> None:
        if self.sink is not None:
            self.sink(event, pid=os.getpid(), **fields)

    def _settings(self, what: str) -> ResourceSettings:
        if self.settings is None:
            raise ResourceError(f"no {what} here: this context was made without resources "
                                "(stages get them when a runner runs them)")
        return self.settings

    @property
    def llm(self) -> Backend:
        """The backend of ``[llm]``, opened now if this is the first use in this process."""
        if self._llm is None:
            from multiplt.llm import open_from_settings

            settings = self._settings("LLM backend").llm
            started = time.monotonic()
            self._llm = open_from_settings(settings)
            self.opened["llm"] += 1
            self._event("resource_opened", resource="llm", kind=settings.kind, model=settings.model,
                        seconds=round(time.monotonic() - started, 3))
        return self._llm

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox of ``[sandbox]``, opened now if this is the first use in this process."""
        if self._sandbox is None:
            from multiplt.sandbox.sandbox import Sandbox

            settings = self._settings("sandbox")
            started = time.monotonic()
            self._sandbox = Sandbox(jobs=settings.sandbox_jobs, isolation=settings.isolation,
                                    cache_path=settings.sandbox_cache)
            self.opened["sandbox"] += 1
            self._event("resource_opened", resource="sandbox", isolation=settings.isolation,
                        jobs=settings.sandbox_jobs, seconds=round(time.monotonic() - started, 3))
        return self._sandbox

    def llm_usage(self) -> dict[str, int]:
        """What the backend has done so far in this process, as counters (empty before it is opened).

        The runner takes this before and after each part and keeps the difference in the
        part's marker (``llm.requests``, ``llm.prompt_tokens``, ``llm.completion_tokens``,
        ``llm.ms``; see docs/records.md).
        """
        if self._llm is None:
            return {}
        stats = self._llm.stats
        return {"llm.requests": stats.requests, "llm.cache_hits": stats.cache_hits,
                "llm.prompt_tokens": stats.prompt_tokens, "llm.completion_tokens": stats.completion_tokens,
                "llm.ms": int(stats.seconds * 1000)}

    def close(self) -> None:
        """Close what was opened (the backend, then the sandbox and its warm workers); safe to call twice."""
        if self._llm is not None:
            backend, self._llm = self._llm, None
            try:
                backend.close()
            finally:
                stats = backend.stats
                self._event("resource_closed", resource="llm", requests=stats.requests, cache_hits=stats.cache_hits,
                            generated=stats.generated, completion_tokens=stats.completion_tokens)
        if self._sandbox is not None:
            sandbox, self._sandbox = self._sandbox, None
            try:
                sandbox.close()
            finally:
                self._event("resource_closed", resource="sandbox", cache_hits=sandbox.cache_hits)
