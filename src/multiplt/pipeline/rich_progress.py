"""`RichProgress`: the runner's progress as a Rich bar per stage and a summary line after each."""

from __future__ import annotations

import threading

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "- rec/s", style="progress.data.speed")


class RichProgress:
    """One live bar per stage (records, rate, ETA) on ``console``; summary lines and notes printed unwrapped."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._name = ""
        self._lock = threading.Lock()

    def stage_started(self, name: str, total: int | None, completed: int) -> None:
        """Start the stage's bar."""
        with self._lock:
            self._stop()
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(), RateColumn(),
                TextColumn("eta"), TimeRemainingColumn(compact=True), console=self.console,
            )
            self._progress.start()
            self._task = self._progress.add_task(name, total=total, completed=completed)
            self._name = name

    def advance(self, name: str, count: int) -> None:
        """Move the stage's bar on."""
        with self._lock:
            if self._progress is not None and self._task is not None and name == self._name:
                self._progress.advance(self._task, count)

    def stage_finished(self, name: str, summary_line: str) -> None:
        """Close the bar at its final count and print the summary line."""
        with self._lock:
            if self._progress is not None and self._task is not None and name == self._name:
                task = self._progress.tasks[0]
                self._progress.update(self._task, total=task.total if task.total is not None else task.completed)
            self._stop()
        self.console.print(summary_line, highlight=False, soft_wrap=True, markup=False)

    def note(self, line: str) -> None:
        """Print ``line`` above the bar, unwrapped and verbatim (paths may hold ``[...]``)."""
        self.console.print(line, highlight=False, soft_wrap=True, markup=False, emoji=False)

    def _stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None
