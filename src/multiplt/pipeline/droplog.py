"""The log of what a stage dropped in one part, beside its parts: which items and why.

The counters say how many were dropped by reason; ``<stage>/_dropped/part-NNNNN.jsonl``
says which, one JSON object a line: ``reason``, ``detail`` and whatever fields name the
item (docs/records.md, "Dropped items").
"""

from __future__ import annotations

import json
from typing import Any

from multiplt.io import atomic_write_text
from multiplt.pipeline.parts import part_name
from multiplt.pipeline.stage import Context

DROPPED_DIR = "_dropped"


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
        path = ctx.run_dir / ctx.stage / DROPPED_DIR / f"{part_name(ctx.part)}.jsonl"
        text = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in self.entries)
        atomic_write_text(path, text)
        self.entries.clear()
