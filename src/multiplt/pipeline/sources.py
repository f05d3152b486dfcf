"""Sources: where a run's records come from before the first stage.

A source yields root records and reports each input it cannot use (a malformed JSON
line, a row that is not an object) through ``skip(reason, where)``, so bad input is
counted and logged with its file and line, never a traceback and never silently lost.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import itertools
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from multiplt.io import read_jsonl
from multiplt.pipeline.parts import part_indices, part_path, read_marker, read_part
from multiplt.records import Record

SkipReporter = Callable[[str, str], None]
"""``skip(reason, where)``: one unusable input, with a reason and a ``file:line`` place."""


class SourceError(Exception):
    """A source cannot be read at all (missing file, unfinished stage folder)."""


class Source(ABC):
    """Something that yields the records a run starts from."""

    kind: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel] | None] = None
    """The source's own keys (``[source] options = {...}``), validated; None: it takes none."""

    def __init__(self, path: Path, limit: int | None = None, **options: Any) -> None:
        self.path = Path(path)
        self.limit = limit
        if self.Options is not None:
            self.options: BaseModel | None = self.Options.model_validate(options)
        elif options:
            raise TypeError(f"source {self.kind!r} takes no options, got: {', '.join(sorted(options))}")
        else:
            self.options = None

    def records(self, skip: SkipReporter) -> Iterator[Record]:
        """Yield root records in a fixed order, at most ``limit``, reporting unusable inputs through ``skip``."""
        rows = self.read(skip)
        try:  # stop reading at the limit: nothing past it is read or reported
            yield from itertools.islice(rows, self.limit)
        finally:
            rows.close()  # a reader may hold a subprocess or a file open

    @abstractmethod
    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """Every record of the source in a fixed order (the limit is applied by `records`)."""

    def describe(self) -> str:
        """A short human description for logs and progress bars."""
        return f"{self.kind}:{self.path}"


class JsonlSource(Source):
    """One JSON object per line; each object becomes a record whose id is its content's digest."""

    kind = "jsonl"

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """One record per well-formed object line, in file order."""
        files = sorted(self.path.glob("*.jsonl")) if self.path.is_dir() else [self.path]
        if not files or not all(file.is_file() for file in files):
            raise SourceError(f"{self.path}: no such JSONL file or folder of .jsonl files")
        for file in files:
            for line_number, value in read_jsonl(file, lambda bad: skip("malformed_json", str(bad))):
                if not isinstance(value, dict):
                    skip("not_an_object", f"{file}:{line_number}: a JSON {type(value).__name__}, not an object")
                    continue
                yield Record.root(value)


class PartsSource(Source):
    """The finished output folder of a stage (this run's or another's): records keep their ids."""

    kind = "parts"

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """The folder's records part by part; refuse a folder with unfinished parts."""
        indices = part_indices(self.path)
        if not indices:
            raise SourceError(f"{self.path}: no part-*.parquet files (is this a stage folder?)")
        unfinished = [index for index in indices if read_marker(self.path, index) is None]
        if unfinished:
            raise SourceError(f"{self.path}: {len(unfinished)} part(s) without a done marker; finish that run first")
        for index in indices:
            yield from read_part(part_path(self.path, index))
