"""A SQLite cache of verdicts keyed by (language, program text, limits).

Safe to share between processes (WAL journal, busy timeout) and between threads of
one process (one connection behind a lock).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

from multiplt.program import Status, Verdict
from multiplt.sandbox.limits import Limits

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    exit_code INTEGER NOT NULL,
    stdout TEXT NOT NULL,
    stderr TEXT NOT NULL,
    seconds REAL NOT NULL
)
"""


def cache_key(language_code: str, source: str, limits: Limits) -> str:
    """The hex SHA-256 of the language code, the limits and the program text."""
    digest = hashlib.sha256()
    for part in (language_code, limits.key(), source):
        digest.update(part.encode("utf-8", errors="surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class VerdictCache:
    """Verdicts stored in the SQLite file at ``path`` (created with its folder)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=60.0, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, key: str) -> Verdict | None:
        """The stored verdict for ``key``, if any."""
        with self._lock:
            row = self._db.execute("SELECT status, exit_code, stdout, stderr, seconds FROM verdicts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        status, exit_code, stdout, stderr, seconds = row
        return Verdict(Status(status), exit_code, stdout, stderr, seconds)

    def put(self, key: str, verdict: Verdict) -> None:
        """Store ``verdict`` under ``key``; SandboxError verdicts are not stored (they may pass later)."""
        if verdict.status is Status.SANDBOX_ERROR:
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?)",
                (key, verdict.status.value, verdict.exit_code, verdict.stdout, verdict.stderr, verdict.seconds),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

