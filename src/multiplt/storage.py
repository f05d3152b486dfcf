"""Run folders on local disk or on object storage (S3 and other fsspec filesystems).

``run.runs_dir`` is a plain path (the run folder is a `pathlib.Path`, and nothing about a
local run changes) or a URL with a protocol, ``s3://bucket/prefix`` (the run folder is a
``UPath`` from universal_pathlib over an fsspec filesystem: ``pip install 'multiplt[s3]'``).
Both answer the pathlib calls the pipeline makes (``/``, ``exists``, ``glob``,
``read_text``); what differs between them lives here:

- **Atomic writes.** Locally a file is written under a temporary name and renamed over
  its target (`multiplt.io.atomic_path`). Object storage has no rename, but a PUT (one
  request, or a multipart upload once it is completed) becomes visible only whole, never
  half-written: a writer fills a local temporary file and `upload` sends it straight to
  its final key. A part's done marker is still written after the part, so the marker
  stays the commit point: a part without one is redone, whatever a killed run left at
  its key.
- **No listing cache.** Remote folders are opened with ``use_listings_cache=False``:
  several processes and nodes write one folder, and a cached listing would hide their parts.
- **Exclusive creation** (`create_exclusive`): the run lock on object storage is an object
  created only if absent (s3fs ``mode="xb"``, an S3 PUT with ``If-None-Match: *``).
- **Local mirrors** (`local_mirror`): what cannot live on object storage, SQLite caches and
  the log while it is appended, lives on the local disk of each node, in
  ``$MULTIPLT_CACHE_DIR/remote/<protocol>/<bucket>/<prefix>`` (default
  ``~/.cache/multiplt``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from upath import UPath

    RunPath: TypeAlias = Path | UPath
    """A run folder or a file in one: local, or on an fsspec filesystem."""

LOCAL_PROTOCOLS = ("file", "local")
INSTALL_HINT = "pip install 'multiplt[s3]'"
CACHE_ENV = "MULTIPLT_CACHE_DIR"


class RemoteNotSupported(RuntimeError):
    """A command or stage that needs a run folder on local disk was given one on object storage."""


def protocol(location: str) -> str:
    """The URL protocol of ``location`` (``s3`` for ``s3://bucket``), or '' for a plain path."""
    head, separator, _ = location.partition("://")
    return head.lower() if separator and head.replace("+", "").replace("-", "").isalnum() else ""


def is_url(location: str) -> bool:
    """Whether ``location`` names a folder on a remote filesystem (a URL whose protocol is not ``file``)."""
    return protocol(location) not in ("", *LOCAL_PROTOCOLS)


def location_problem(location: str) -> str | None:
    """Why ``location`` cannot be opened here (its filesystem package is missing), or None."""
    if not is_url(location):
        return None
    try:
        import fsspec
        import upath  # noqa: F401
    except ImportError:
        return f"{location}: a run folder on object storage needs universal_pathlib and fsspec; run: {INSTALL_HINT}"
    try:
        fsspec.get_filesystem_class(protocol(location))
    except ValueError:
        return f"{location}: fsspec knows no filesystem for {protocol(location)}://"
    except ImportError as error:
        return f"{location}: {error}"
    return None


def run_path(location: str | RunPath, storage_options: Mapping[str, Any] | None = None) -> RunPath:
    """``location`` as a path: a `Path` for a plain path or ``file://`` URL, else a ``UPath``.

    ``storage_options`` go to the fsspec filesystem (``endpoint_url``, ``profile``...); the
    UPath carries them, so a path sent to another process or node opens the same storage.
    A ``UPath`` is returned as it is.
    """
    if not isinstance(location, (str, PurePath)):
        return location
    text = str(location)
    if not is_url(text):
        return Path(text.partition("://")[2]) if protocol(text) else Path(location)
    problem = location_problem(text)
    if problem is not None:
        raise RemoteNotSupported(problem)
    from upath import UPath

    return UPath(text, **{"use_listings_cache": False, **(storage_options or {})})


def is_remote(path: RunPath) -> bool:
    """Whether ``path`` lives on a remote filesystem (not a local `Path`)."""
    return not isinstance(path, PurePath)


def cache_root() -> Path:
    """Where local mirrors of remote run folders live: ``$MULTIPLT_CACHE_DIR`` or ``~/.cache/multiplt``."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "multiplt")


def local_mirror(path: RunPath) -> Path:
    """``path`` itself when local; else its place on this node's disk, under `cache_root`."""
    if not is_remote(path):
        return Path(path)
    return cache_root() / "remote" / str(path.protocol) / str(path.path).strip("/")


def upload(local: Path, target: RunPath) -> None:
    """Send the local file ``local`` to ``target`` whole: one PUT, or a completed multipart upload."""
    target.fs.put_file(str(local), target.path)


@contextlib.contextmanager
def local_file(path: RunPath) -> Iterator[Path]:
    """Yield a local path holding ``path``'s content: ``path`` itself when local, else a downloaded copy."""
    if not is_remote(path):
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="multiplt-download-") as folder:
        copy = Path(folder) / path.name
        path.fs.get_file(path.path, str(copy))
        yield copy


def create_exclusive(path: RunPath, data: bytes) -> None:
    """Create ``path`` holding ``data``, or raise `FileExistsError` when it exists (no race between two creators)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "xb") if not is_remote(path) else path.fs.open(path.path, "xb")
    with handle:
        handle.write(data)


def remove_tree(path: RunPath) -> None:
    """Delete the folder ``path`` and everything under it (nothing when it does not exist)."""
    if not is_remote(path):
        shutil.rmtree(path, ignore_errors=False)
    elif path.exists():
        path.fs.rm(path.path, recursive=True)


def arrow_source(path: RunPath) -> tuple[str, Any]:
    """``(path, filesystem)`` for pyarrow's readers: the filesystem is None for a local path."""
    if not is_remote(path):
        return str(path), None
    return str(path.path), path.fs
