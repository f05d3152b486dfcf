"""The run's structured log: one JSON object per line in ``runs/<name>/log.jsonl``.

Object storage cannot append, so the log of a remote run folder is appended to a local
copy (`multiplt.storage.local_mirror`) and uploaded whole after each stage and when the
run ends; a run killed mid-stage leaves the remote log as it was after the last stage,
and its local copy, which a run resumed on the same machine goes on from.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from multiplt import storage
from multiplt.io import atomic_write_bytes, read_jsonl

if TYPE_CHECKING:
    from multiplt.storage import RunPath

UPLOAD_AFTER = frozenset({"stage_done", "stage_skipped"})
"""Events after which a remote log is uploaded (and always when it is closed)."""


class RunLog:
    """Append-only JSON-lines event log; each line is flushed as it is written.

    Only the runner's main process writes it (workers' events reach it through a
    queue), and a lock keeps its threads' lines whole.
    """

    def __init__(self, path: RunPath) -> None:
        self.path = path
        self._local = storage.local_mirror(path)
        self._local.parent.mkdir(parents=True, exist_ok=True)
        if storage.is_remote(path):
            _start_local_copy(path, self._local)
        self._handle: TextIO = open(self._local, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def event(self, event: str, **fields: Any) -> None:
        """Write one event with a UTC timestamp."""
        line = {"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "event": event, **fields}
        text = json.dumps(line, sort_keys=False, default=str) + "\n"
        with self._lock:
            self._handle.write(text)
            self._handle.flush()
            if event in UPLOAD_AFTER:
                self._upload()

    def _upload(self) -> None:
        if storage.is_remote(self.path):
            atomic_write_bytes(self.path, self._local.read_bytes())

    def close(self) -> None:
        """Close the file (uploading a remote log whole)."""
        with self._lock:
            self._handle.close()
            self._upload()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _start_local_copy(remote: RunPath, local: Path) -> None:
    """Make ``local`` the remote log to append to: kept when it extends the remote one (a run killed here)."""
    try:
        uploaded = remote.read_bytes()
    except FileNotFoundError:
        uploaded = b""
    if uploaded and local.exists() and local.read_bytes().startswith(uploaded):
        return
    local.write_bytes(uploaded)


def read_events(path: RunPath) -> list[dict[str, Any]]:
    """Every event of a run log, in order (a torn last line, from a killed run, is skipped)."""
    # The log is ours, appended line by line: the only bad line it can hold is the last
    # one, torn by a kill, and dropping it loses nothing that was ever complete.
    with storage.local_file(path) as local:
        return [event for _, event in read_jsonl(local, lambda bad: None)]
