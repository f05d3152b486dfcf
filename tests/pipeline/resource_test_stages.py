"""A stage written for the resource tests (not part of multiplt): it uses ``ctx.llm`` and
``ctx.sandbox`` and writes down, in every record, which process served it and how many
times that process opened the backend, made a warm pool and started a warm worker.

The counts come from wrapping, in each worker process, the functions that open those
resources (instrumentation only: the real backend, sandbox and warm workers run).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from multiplt.llm import Request
from multiplt.pipeline import Context, Stage
from multiplt.program import Program
from multiplt.records import Record
import multiplt.sandbox.warm as warm
from multiplt.sandbox.warm.worker import WarmWorker

made: Counter[str] = Counter()  # per process: warm pools made, warm workers started

_make_pool = warm.make_pool
_start = WarmWorker.start


def _counting_make_pool(code: str, **options):  # type: ignore[no-untyped-def]
    made["warm_pools"] += 1
    return _make_pool(code, **options)


def _counting_start(self: WarmWorker) -> None:
    made["warm_workers"] += 1
    _start(self)


warm.make_pool = _counting_make_pool  # type: ignore[assignment]
WarmWorker.start = _counting_start  # type: ignore[method-assign]


class AskOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    barrier: str = ""
    workers: int = 1
    max_tokens: int = 2


class AskAndRun(Stage):
    """Asks the LLM to continue one short prompt per record (the whole batch in one call),
    then runs a Python program per record in the sandbox (the whole batch in one map).

    With ``barrier`` set, a process's first batch waits until ``workers`` processes
    have each started one, so every worker of the pool is sure to take a part.
    """

    name = "ask_and_run"
    Options = AskOptions

    def __init__(self, barrier: str = "", workers: int = 1, max_tokens: int = 2) -> None:
        super().__init__()
        self.barrier = Path(barrier) if barrier else None
        self.workers = workers
        self.max_tokens = max_tokens
        self.waited = False

    def _wait_for_the_other_workers(self) -> None:
        if self.barrier is None or self.waited:
            return
        self.barrier.mkdir(parents=True, exist_ok=True)
        (self.barrier / str(os.getpid())).touch()
        deadline = time.monotonic() + 120
        while len(list(self.barrier.iterdir())) < self.workers:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(list(self.barrier.iterdir()))} of {self.workers} workers took a part")
            time.sleep(0.05)
        self.waited = True

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        self._wait_for_the_other_workers()
        requests = [Request(f"{record['n']} + 1 =", temperature=0.0, max_tokens=self.max_tokens) for record in batch]
        completions = list(ctx.llm.complete(requests))
        programs = [Program("py", f"n = {record['n']}\nassert n * n == {record['n'] ** 2}\nprint(n * n)\n")
                    for record in batch]
        verdicts = list(ctx.sandbox.map(programs))
        for record, samples, verdict in zip(batch, completions, verdicts, strict=True):
            yield record.derive({
                "n": record["n"],
                "completion": samples[0],
                "status": verdict.status.value,
                "stdout": verdict.stdout,
                "pid": os.getpid(),
                "backend": ctx.llm.kind,
                "base_url": getattr(ctx.llm, "base_url", None),
                "llm_opened": ctx.resources.opened["llm"],
                "sandbox_opened": ctx.resources.opened["sandbox"],
                "warm_pools": made["warm_pools"],
                "warm_workers": made["warm_workers"],
            }, stage=ctx.stage)


class SandboxShare(Stage):
    """Writes down how many programs at once its worker's sandbox runs (``ctx.sandbox.jobs``)."""

    name = "sandbox_share"

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        for record in batch:
            yield record.derive({"n": record["n"], "sandbox_jobs": ctx.sandbox.jobs, "pid": os.getpid()},
                                stage=ctx.stage)
