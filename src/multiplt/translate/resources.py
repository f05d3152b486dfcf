"""The sandbox and LLM backend a stage of this family uses, and the log of what it dropped.

A stage uses the worker's ``ctx.sandbox`` and ``ctx.llm`` (opened once per worker
process by the runner). A stage called outside a runner, whose context has no
resources, opens its own sandbox for the part (with the run's verdict cache) and
closes it after; the stage option ``replay`` replaces ``ctx.llm`` with a replay backend. Dropped items are written, with the
runtime's or the translator's message, to ``<stage>/_dropped/part-NNNNN.jsonl``: the
counters say how many, this file says which and why.
"""

from __future__ import annotations

import json
from typing import Any

from multiplt.llm import Backend, open_backend
from multiplt.pipeline.parts import part_name, write_atomic_bytes
from multiplt.pipeline.resources import ResourceError
from multiplt.pipeline.stage import Context
from multiplt.sandbox import Sandbox


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


class DropLog:
    """The items a stage dropped in one part, with reasons, written beside its parts."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, ctx: Context, reason: str, detail: str, language: str | None = None, **fields: Any) -> None:
        """Count ``reason`` (and ``<language>/dropped.<reason>``) and keep the detail."""
        ctx.drop(reason)
        if language is not None:
            ctx.count(f"{language}/dropped.{reason}")
        self.entries.append({"reason": reason, "detail": detail, "language": language, **fields})

    def write(self, ctx: Context) -> None:
        """Write this part's entries to ``<run>/<stage>/_dropped/part-NNNNN.jsonl`` (atomically)."""
        if not self.entries:
            return
        path = ctx.run_dir / ctx.stage / "_dropped" / f"{part_name(ctx.part)}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in self.entries)
        write_atomic_bytes(path, text.encode("utf-8"))
        self.entries.clear()
