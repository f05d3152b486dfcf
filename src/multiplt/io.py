"""Files written whole or not at all, and JSONL read line by line with its bad lines named.

Every file multiplt writes for a user or for a later stage goes through `atomic_path`
(or the helpers built on it): the content is written under a temporary name unique to
the writer, in the target's folder, flushed to disk, then renamed over the target, so
a reader sees the old file or the new one, never half of one, two writers never share
a temporary file, and a failed write leaves nothing behind. A target on object storage
(a remote run folder, `multiplt.storage`) is written to a local temporary file and
uploaded whole to its final key: a PUT is visible only once complete.

`read_jsonl` is the one JSONL reader: it yields each line's value with its line number
and hands every line it cannot use to a callback as a `BadLine` (``file:line: reason``),
so callers count and report bad input instead of crashing on it or dropping it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from multiplt import storage

if TYPE_CHECKING:
    from multiplt.storage import RunPath

TEMP_MARK = ".tmp-"
"""Part of every temporary name `atomic_path` makes, so sweeps can recognise leftovers."""


def temp_beside(path: Path) -> Path:
    """A fresh name in ``path``'s folder, unique to this process and call."""
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:12]}")


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def _remote_atomic_path(target: RunPath) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="multiplt-upload-") as folder:
        temp = Path(folder) / target.name
        yield temp
        if temp.is_dir():
            raise IsADirectoryError(f"{target}: a folder cannot be written whole to object storage")
        storage.upload(temp, target)


@contextlib.contextmanager
def atomic_path(path: RunPath | str, *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path to write ``path``'s new content to (a file or a folder).

    When the block ends normally the temporary is flushed to disk, given permissions
    ``mode`` (files only), and renamed over ``path``; an existing folder at ``path`` is
    moved aside first and removed after. When the block raises, the temporary is
    removed and ``path`` is left as it was. A remote ``path`` (files only) gets a local
    temporary file, uploaded to it whole when the block ends normally.
    """
    if not isinstance(path, str) and storage.is_remote(path):
        with _remote_atomic_path(path) as temp:
            yield temp
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_beside(target)
    try:
        yield temp
        if temp.is_file():
            os.chmod(temp, mode)
            _fsync_file(temp)
        if target.is_dir() and not target.is_symlink():
            old = temp_beside(target)
            target.rename(old)
            temp.rename(target)
            _remove(old)
        else:
            os.replace(temp, target)
        _fsync_folder(target.parent)
    except BaseException:
        _remove(temp)
        raise


@contextlib.contextmanager
def atomic_open(path: RunPath | str, mode: Literal["w", "wb"] = "w", *, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Open ``path`` for writing through `atomic_path`; gzip-compressed if its name ends in ``.gz``."""
    with atomic_path(path) as temp:
        compressed = str(path).endswith(".gz")
        if mode == "w":
            handle: IO[Any] = gzip.open(temp, "wt", encoding=encoding) if compressed else open(temp, "w", encoding=encoding)
        else:
            handle = gzip.open(temp, "wb") if compressed else open(temp, "wb")
        with handle:
            yield handle


def atomic_write_bytes(path: RunPath | str, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: RunPath | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all."""
    with atomic_open(path, "w") as handle:
        handle.write(text)


@dataclass(frozen=True)
class BadLine:
    """A line of an input file that cannot be used, and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _count_undecodable(raw: bytes) -> int:
    bad = 0
    position = 0
    while position < len(raw):
        try:
            raw[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            bad += error.end - error.start
            position += error.end
    return bad


def read_jsonl(
    path: Path | str,
    on_bad: Callable[[BadLine], None],
    *,
    on_replaced: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, value)`` for every JSON line of ``path`` (gzipped if it ends in ``.gz``).

    Blank lines are skipped. A line that is not JSON (``NaN`` and ``Infinity`` are not
    JSON) is handed to ``on_bad`` and skipped. A line that is not UTF-8 is bad too,
    unless ``on_replaced`` is given: then its undecodable bytes are replaced, the line
    is used, and ``on_replaced(line_number, count_of_bytes)`` is called. Raises
    ``OSError`` if the file cannot be opened.
    """
    source = Path(path)
    opener = gzip.open if source.name.endswith(".gz") else open
    with opener(source, "rb") as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                if on_replaced is None:
                    on_bad(BadLine(source, number, f"not UTF-8 ({error.reason} at byte {error.start})"))
                    continue
                line = raw.decode("utf-8", errors="replace")
                on_replaced(number, _count_undecodable(raw))
            if not line.strip():
                continue
            try:  # without its newline, so an error's column counts on this line
                value = json.loads(line.rstrip("\r\n"), parse_constant=_reject_constant)
            except json.JSONDecodeError as error:
                on_bad(BadLine(source, number, f"not JSON ({error.msg} at column {error.colno})"))
                continue
            except ValueError as error:
                on_bad(BadLine(source, number, f"not JSON ({error})"))
                continue
            yield number, value
