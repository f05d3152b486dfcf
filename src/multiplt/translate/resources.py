"""The sandbox and LLM backend a stage of this family uses, and the log of what it dropped.

A stage uses the worker's ``ctx.sandbox`` and ``ctx.llm`` (opened once per worker
process by the runner). A stage called outside a runner, whose context has no
resources, opens its own sandbox for the part (with the run's verdict cache) and
closes it after; the stage option ``replay`` replaces ``ctx.llm`` with a replay backend. Dropped items are written, with the
runtime's or the translator's message, to ``<stage>/_dropped/part-NNNNN.jsonl``: the
counters say how many, this file says which and why.
"""

from __future__ import annotations

from typing import Any

from multiplt.llm import Backend, open_backend
from multiplt.pipeline.droplog import DropLog
from multiplt.pipeline.resources import ResourceError
from multiplt.pipeline.stage import Context
from multiplt.sandbox import Sandbox

__all__ = ["DropLog", "OwnedResources"]


class OwnedResources:
    """A sandbox and a backend for one part: the context's, or opened here and closed in ``close``."""

    def __init__(self) -> None:
        self._sandbox: Sandbox | None = None
        self._backend: Backend | None = None
        self._owned: list[Any] = []

    def sandbox(self, ctx: Context) -> Sandbox:
        """``ctx.sandbox``; outside a runner, a warm sandbox caching in the run's exec.sqlite."""
        if self._sandbox is None:
            try:
                self._sandbox = ctx.sandbox
            except ResourceError:  # called outside a runner
                self._sandbox = Sandbox(cache_path=ctx.cache_path("exec.sqlite"))
                self._owned.append(self._sandbox)
        return self._sandbox

    def backend(self, ctx: Context, replay: str | None = None) -> Backend:
        """A replay backend when ``replay`` (a file or a completions folder) is given, else ``ctx.llm``."""
        if self._backend is None:
            if replay is not None:
                self._backend = open_backend("replay", replay)
                self._owned.append(self._backend)
            else:
                self._backend = ctx.llm
        return self._backend

    def close(self) -> None:
        """Close what was opened here (never the context's own resources)."""
        for resource in reversed(self._owned):
            resource.close()
        self._owned.clear()
        self._sandbox = None
        self._backend = None
