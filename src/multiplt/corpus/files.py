"""The ``python`` source: Python files from a folder tree, one file, or a list of files.

``path`` is a ``.py`` file, a folder (every ``*.py`` under it, symlinked folders not
followed, in sorted order), or a ``.txt`` list with one path per line (``#`` comments);
a line ``stdlib:<path>`` names a file of this interpreter's standard library, so a config
can name a slice of it on any machine. Each file becomes one record
``{"path", "text", "provenance"}`` for the ``mine`` stage.

What cannot be a Python source file is skipped with a reason and its path, never raised:
``unreadable`` (permissions, a dangling link, a link loop), ``not_a_file`` (a folder, a
named pipe, a device or a socket named ``*.py``), ``binary`` (NUL bytes), ``not_utf8``,
``too_large`` (over ``MAX_FILE_BYTES``).
"""

from __future__ import annotations

import functools
import os
import stat
import sysconfig
from collections.abc import Generator, Iterator
from pathlib import Path

from multiplt.pipeline.sources import SkipReporter, Source, SourceError
from multiplt.records import Record

MAX_FILE_BYTES = 1_000_000
STDLIB_PREFIX = "stdlib:"
STDLIB_LICENSE = "PSF-2.0"


@functools.cache  # sysconfig expands its path templates anew on every call: most of reading's cost
def stdlib_folder() -> Path:
    """This interpreter's standard-library folder."""
    return Path(sysconfig.get_paths()["stdlib"])


class PythonFilesSource(Source):
    """Python files as ``{"path", "text", "provenance"}`` records, in a fixed order."""

    kind = "python"

    def _listed(self) -> Iterator[tuple[Path, Path, str | None]]:
        """(file, the folder its path is relative to, license) for each file the source names."""
        if self.path.is_dir():
            for folder, subfolders, names in os.walk(self.path, followlinks=False):
                subfolders.sort()
                for name in sorted(names):
                    if name.endswith(".py"):
                        yield Path(folder) / name, self.path, None
        elif self.path.suffix == ".txt":
            for raw in self.path.read_text(encoding="utf-8").splitlines():
                line = raw.split("#", 1)[0].strip()
                if line.startswith(STDLIB_PREFIX):
                    yield stdlib_folder() / line[len(STDLIB_PREFIX):], stdlib_folder(), STDLIB_LICENSE
                elif line:
                    yield self.path.parent / line, self.path.parent, None
        elif self.path.is_file():
            yield self.path, self.path.parent, None
        else:
            raise SourceError(f"{self.path}: not a .py file, a folder or a .txt list of files")

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """One record per usable file; each unusable one reported through ``skip``."""
        for file, base, license_name in self._listed():
            text = _read(file, skip)
            if text is None:
                continue
            path = str(file.relative_to(base)) if file.is_relative_to(base) else str(file)
            repository = "python-stdlib" if base == stdlib_folder() else str(base)
            yield Record.root({"path": path, "text": text, "provenance": {
                "source": f"{self.kind}:{file}", "repository": repository, "path": path, "license": license_name}})


def _read(file: Path, skip: SkipReporter) -> str | None:
    """The file's text, or None after reporting why it cannot be read as Python source."""
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            # A FIFO would block the read forever, a device (a link to /dev/zero) never end.
            skip("not_a_file", f"{file}: {_file_kind(status.st_mode)}, not a regular file")
            return None
        if status.st_size > MAX_FILE_BYTES:
            skip("too_large", f"{file}: {status.st_size} bytes, over {MAX_FILE_BYTES}")
            return None
        with open(file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a file growing while read still stops here
    except OSError as error:  # permissions, dangling links, link loops
        skip("unreadable", f"{file}: {error.strerror or error}")
        return None
    return source_text(data, str(file), skip)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def source_text(data: bytes | str, where: str, skip: SkipReporter) -> str | None:
    """``data`` as Python source text, or None after reporting (at ``where``) why it cannot be.

    Every reader judges its files this way: ``too_large`` over ``MAX_FILE_BYTES``,
    ``binary`` (NUL bytes), ``not_utf8``.
    """
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_FILE_BYTES:
        skip("too_large", f"{where}: {size} bytes, over {MAX_FILE_BYTES}")
        return None
    if (b"\0" if isinstance(data, bytes) else "\0") in data:
        skip("binary", f"{where}: NUL bytes")
        return None
    if isinstance(data, str):
        try:
            data.encode("utf-8")  # lone surrogates: text that was not UTF-8 before it was decoded leniently
        except UnicodeEncodeError as error:
            skip("not_utf8", f"{where}: character {error.start}: not UTF-8")
            return None
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        skip("not_utf8", f"{where}: byte {error.start}: not UTF-8")
        return None
