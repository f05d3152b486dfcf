"""How a runner reports progress: a small callback interface, so the core never imports a UI.

The runner calls ``stage_started`` once per stage (the source included), ``advance``
as records are processed (from whatever thread hears of them), and ``stage_finished``
with the stage's summary line, and ``note`` with a one-line message such as a skipped input
line and its ``file:line: reason``. `multiplt run` passes a Rich implementation
(``pipeline/rich_progress.py``); library callers and tests may pass nothing.
"""

from __future__ import annotations

from typing import Protocol


class ProgressReporter(Protocol):
    """Receives a run's progress; every method must return quickly."""

    def stage_started(self, name: str, total: int | None, completed: int) -> None:
        """A stage begins: ``total`` records to go through (None: unknown), ``completed`` already done."""
        ...

    def advance(self, name: str, count: int) -> None:
        """``count`` more records of stage ``name`` are done."""
        ...

    def stage_finished(self, name: str, summary_line: str) -> None:
        """The stage is done; ``summary_line`` is its one-line summary."""
        ...

    def note(self, line: str) -> None:
        """A one-line message for the user (an input the run skipped, with its place and reason)."""
        ...


class NoProgress:
    """Reports nothing (the default when a runner is given no reporter)."""

    def stage_started(self, name: str, total: int | None, completed: int) -> None:
        """Ignore."""

    def advance(self, name: str, count: int) -> None:
        """Ignore."""

    def stage_finished(self, name: str, summary_line: str) -> None:
        """Ignore."""

    def note(self, line: str) -> None:
        """Ignore."""
