"""SQLite sample cache: (backend kind, model, prompt, sampling params, sample index) -> text.

One file per run (``runs/<name>/cache/llm.sqlite``). Samples are committed as they
arrive, so a killed run keeps everything that finished and a resumed one asks the
model only for what is missing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from multiplt.llm.base import Request

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    model TEXT NOT NULL,
    params TEXT NOT NULL,
    prompt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS samples (
    key TEXT NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (key, idx)
);
"""


def _params(request: Request) -> dict[str, object]:
    return {
        "temperature": request.temperature,
        "top_p": request.top_p,
        "max_tokens": request.max_tokens,
        "stop": list(request.stop),
        "seed": request.seed,
    }


def request_key(kind: str, model: str, request: Request) -> str:
    """The cache key of a request's samples: everything that shapes them except ``n``."""
    payload = json.dumps([kind, model, request.prompt, _params(request)], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class SampleCache:
    """Samples already generated, keyed by `request_key` and sample index."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, timeout=60.0, isolation_level=None)
            # WAL lets several processes of one run share the file; NORMAL sync keeps
            # per-sample commits cheap while still surviving a killed process.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise sqlite3.DatabaseError(f"cannot open the LLM cache {path}: {error}") from error
        self.path = path

    def lookup(self, key: str, n: int) -> dict[int, str]:
        """Cached samples with index below ``n``, as index -> text."""
        rows = self._db.execute("SELECT idx, text FROM samples WHERE key = ? AND idx < ?", (key, n))
        return dict(rows.fetchall())

    def store(self, key: str, kind: str, model: str, request: Request, samples: Iterable[tuple[int, str]]) -> None:
        """Record samples (index, text) of one request and commit at once."""
        self.store_many([(key, kind, model, request, list(samples))])

    def store_many(self, entries: Sequence[tuple[str, str, str, Request, Sequence[tuple[int, str]]]]) -> None:
        """Record the samples of several requests, (key, kind, model, request, samples), in one commit."""
        now = time.time()
        rows = [(key, index, text, now) for key, _, _, _, samples in entries for index, text in samples]
        if not rows:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO requests (key, kind, model, params, prompt) VALUES (?, ?, ?, ?, ?)",
                [
                    (key, kind, model, json.dumps(_params(request), sort_keys=True), request.prompt)
                    for key, kind, model, request, _ in entries
                ],
            )
            self._db.executemany("INSERT OR REPLACE INTO samples (key, idx, text, created) VALUES (?, ?, ?, ?)", rows)

    def count(self) -> int:
        """How many samples the cache holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM samples").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()
