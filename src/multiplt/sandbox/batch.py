"""Run a JSONL file of programs through a Sandbox, line by line, in bounded memory.

Input lines are objects with ``language`` and ``program`` (optionally ``timeout_s`` and
``memory_mb``) plus any other fields, which are passed through to the output line
together with the verdict's fields (``status``, ``exit_code``, ``stdout``, ``stderr``,
``seconds``). A malformed line is skipped and reported with its line number.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multiplt.io import BadLine, atomic_open, read_jsonl
from multiplt.languages.registry import UnknownLanguageError, get_language
from multiplt.program import DEFAULT_MEMORY_MB, Program
from multiplt.sandbox.limits import check_memory, check_timeout
from multiplt.sandbox.sandbox import Sandbox


@dataclass
class BatchReport:
    """What a batch run did: lines read, programs run, malformed lines and why."""

    lines: int = 0
    ran: int = 0
    passed: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)
    replaced: list[tuple[int, int]] = field(default_factory=list)  # (line, bytes that were not UTF-8)


class BatchOutputError(ValueError):
    """``--out`` cannot be written (a folder, or in a folder that cannot be made); raised before anything runs."""


def check_output(out: Path) -> None:
    """Raise BatchOutputError unless ``out`` can be written (its folder is created)."""
    if out.is_dir():
        raise BatchOutputError(f"{out}: is a folder, not a file to write")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BatchOutputError(f"{out}: cannot create its folder ({error.strerror or error})") from None
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise BatchOutputError(f"{out}: its folder is not writable")


def parse_record(record: Any, *, timeout_s: float | None = None, memory_mb: int | None = None) -> tuple[dict[str, Any], Program]:
    """The Program one JSONL line's value asks for; ValueError saying what is wrong.

    The record's own ``timeout_s``/``memory_mb`` win over the given defaults, which win
    over the language's reference timeout and ``DEFAULT_MEMORY_MB`` (1024 MB).
    """
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    for key in ("language", "program"):
        if not isinstance(record.get(key), str):
            raise ValueError(f"key {key!r} missing or not a string")
    try:
        language = get_language(record["language"])
    except UnknownLanguageError as error:
        raise ValueError(str(error)) from None
    timeout = check_timeout(record.get("timeout_s", timeout_s if timeout_s is not None else language.timeout_s), "key 'timeout_s'")
    memory = check_memory(record.get("memory_mb", memory_mb if memory_mb is not None else DEFAULT_MEMORY_MB), "key 'memory_mb'")
    return record, Program(language.code, record["program"], timeout_s=timeout, memory_mb=memory)


def run_jsonl(
    sandbox: Sandbox,
    source: Path,
    out: Path,
    *,
    timeout_s: float | None = None,
    memory_mb: int | None = None,
    on_result: Callable[[], None] = lambda: None,
    on_malformed: Callable[[int, str], None] = lambda line_number, reason: None,
    on_replaced: Callable[[int, int], None] = lambda line_number, count: None,
) -> BatchReport:
    """Run every program in ``source``, writing one result line each to ``out``.

    ``out`` appears only when complete (written to a temporary name of its own, unique
    to this run, then renamed); ``BatchOutputError`` before anything runs if it cannot.
    ``on_result`` is called after each result line (a progress bar), ``on_malformed``
    with the line number and reason of each skipped line, ``on_replaced`` with the
    line number and count of bytes that were not UTF-8 (replaced; the line still runs).
    """
    check_output(out)
    report = BatchReport()
    pending: deque[dict[str, Any]] = deque()

    def malformed(bad: BadLine) -> None:
        report.malformed.append((bad.line, bad.reason))
        on_malformed(bad.line, bad.reason)

    def replaced(line_number: int, count: int) -> None:
        report.replaced.append((line_number, count))
        on_replaced(line_number, count)

    def programs() -> Iterator[Program]:
        for line_number, value in read_jsonl(source, malformed, on_replaced=replaced):
            try:
                record, program = parse_record(value, timeout_s=timeout_s, memory_mb=memory_mb)
            except ValueError as error:
                malformed(BadLine(source, line_number, str(error)))
                continue
            pending.append(record)
            yield program
        report.lines = count_lines(source)

    with atomic_open(out, "w") as sink:
        for verdict in sandbox.map(programs()):
            record = pending.popleft()  # map keeps input order
            sink.write(json.dumps({**record, **verdict.to_dict()}, ensure_ascii=False) + "\n")
            report.ran += 1
            report.passed += verdict.passed
            on_result()
    return report


def count_lines(path: Path) -> int:
    """The number of lines in ``path`` (for a progress bar's total)."""
    with path.open("rb") as data:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: data.read(1 << 20), b""))
