"""Prompt files for `multiplt generate`: JSONL lines ``{"prompt": ..., ...}``.

Extra fields pass through to the output untouched; a ``stop_tokens`` list (as in
MultiPL-E problem files) adds to the stop sequences of that line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multiplt.io import read_jsonl, atomic_open


@dataclass
class PromptFile:
    """The usable records of a prompts file and the lines that were skipped, with why."""

    path: Path
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (line number, record)
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    def malformed_summary(self, limit: int = 5) -> str:
        """One line naming the file and the first skipped lines, e.g. for a warning."""
        shown = "; ".join(f"line {number}: {reason}" for number, reason in self.malformed[:limit])
        more = f"; and {len(self.malformed) - limit} more" if len(self.malformed) > limit else ""
        return f"skipped {len(self.malformed)} malformed line(s) in {self.path}: {shown}{more}"


def _problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if not isinstance(record.get("prompt"), str):
        return 'no "prompt" string'
    stop = record.get("stop_tokens")
    if stop is not None and not (isinstance(stop, list) and all(isinstance(item, str) for item in stop)):
        return '"stop_tokens" is not a list of strings'
    return None


def read_prompts(path: Path) -> PromptFile:
    """Read a JSONL prompts file; malformed lines are collected, not raised. Blank lines are ignored."""
    prompts = PromptFile(Path(path))
    for number, record in read_jsonl(path, lambda bad: prompts.malformed.append((bad.line, bad.reason))):
        problem = _problem(record)
        if problem is not None:
            prompts.malformed.append((number, problem))
            continue
        prompts.records.append((number, record))
    return prompts


def stop_for(record: dict[str, Any], extra_stop: Sequence[str]) -> tuple[str, ...]:
    """The stop sequences of one record: the command's, then the record's own ``stop_tokens``."""
    merged = list(extra_stop)
    for sequence in record.get("stop_tokens") or ():
        if sequence not in merged:
            merged.append(sequence)
    return tuple(merged)


def write_completions(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    """Write rows as JSONL to a temporary name, renamed when complete; returns the row count."""
    count = 0
    with atomic_open(path, "w") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
