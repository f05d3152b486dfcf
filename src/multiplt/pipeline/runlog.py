"""The run's structured log: one JSON object per line in ``runs/<name>/log.jsonl``."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from multiplt.io import read_jsonl


class RunLog:
    """Append-only JSON-lines event log; each line is flushed as it is written.

    Only the runner's main process writes it (workers' events reach it through a
    queue), and a lock keeps its threads' lines whole.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: TextIO = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def event(self, event: str, **fields: Any) -> None:
        """Write one event with a UTC timestamp."""
        line = {"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "event": event, **fields}
        text = json.dumps(line, sort_keys=False, default=str) + "\n"
        with self._lock:
            self._handle.write(text)
            self._handle.flush()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def read_events(path: Path) -> list[dict[str, Any]]:
    """Every event of a run log, in order (a torn last line, from a killed run, is skipped)."""
    # The log is ours, appended line by line: the only bad line it can hold is the last
    # one, torn by a kill, and dropping it loses nothing that was ever complete.
    return [event for _, event in read_jsonl(path, lambda bad: None)]
