"""More sources of Python files beside ``python`` (files.py): a git checkout, The Stack's
JSONL/Parquet rows, and a Hugging Face dataset saved to disk.

Each yields the same ``{"path", "text", "provenance"}`` records as the ``python`` source,
judged by `files.source_text` (``too_large``, ``binary``, ``not_utf8``), and reports
every file or row it cannot use through ``skip(reason, "file:line: why")``, never
raising on one bad input:

- ``git``: the ``.py`` files of a local checkout as committed at ``HEAD`` (``git ls-tree``
  and ``git cat-file --batch``: the committed blobs, not the working tree), each with the
  commit and its path; links and submodules are skipped.
- ``stack``: a ``.jsonl``/``.parquet`` file, or a folder of them, with The Stack's columns
  (``content``; ``max_stars_repo_path`` or ``path``; ``max_stars_repo_name``;
  ``max_stars_repo_licenses``); the names are options (``content_column``,
  ``path_columns``, ``repository_columns``, ``license_columns``). A malformed line is ``malformed_json``,
  a line that is not an object ``not_an_object``, a row without text ``no_content``.
- ``hf``: a ``datasets`` folder written by ``save_to_disk`` (a ``Dataset`` or a
  ``DatasetDict``: every split in name order, or ``split``), read row by row from its
  memory-mapped Arrow files; or ``hf:NAME``, a dataset on the Hugging Face hub (or a
  local dataset repository folder), opened by ``datasets.load_dataset(NAME,
  streaming=True)`` so rows arrive as they download and nothing is cached whole. The
  same columns as ``stack``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from multiplt.config import hub_name
from multiplt.corpus.files import source_text
from multiplt.io import BadLine, read_jsonl
from multiplt.pipeline.sources import SkipReporter, Source, SourceError
from multiplt.records import Record


def _file_record(path: str, text: str, provenance: dict[str, Any]) -> Record:
    return Record.root({"path": path, "text": text, "provenance": provenance})


# --- git -----------------------------------------------------------------------------


class GitOptions(BaseModel):
    """Options of the ``git`` source."""

    model_config = ConfigDict(extra="forbid")

    license: str | None = Field(None, description="the checkout's license (SPDX), given to every file (none: unknown)")
    repository: str | None = Field(None, description="the repository's name in the provenance (default: origin's URL, else the folder's name)")


def _git(root: Path, *arguments: str) -> bytes:
    done = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, timeout=600, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1] or ["failed"]
        raise SourceError(f"{root}: git {arguments[0]}: {message[0]}")
    return done.stdout


class GitSource(Source):
    """The ``.py`` files of a git checkout at ``HEAD``, with the commit in their provenance."""

    kind = "git"
    Options: ClassVar[type[BaseModel]] = GitOptions

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """One record per committed ``.py`` blob, in path order."""
        if not self.path.is_dir():
            raise SourceError(f"{self.path}: not a folder (a git checkout)")
        options = self.options
        assert isinstance(options, GitOptions)
        commit = _git(self.path, "rev-parse", "--verify", "HEAD^{commit}").decode().strip()
        repository = options.repository or self._repository()
        entries: list[tuple[str | None, str, str]] = []  # (blob id or None: not a file, path, kind)
        for entry in _git(self.path, "ls-tree", "-r", "-z", "--full-tree", commit).split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split()
            if not raw_path.endswith(b".py"):
                continue
            try:
                path = raw_path.decode("utf-8")
            except UnicodeDecodeError:
                skip("not_utf8", f"{self.path}/{raw_path.decode('utf-8', 'replace')}: the path is not UTF-8")
                continue
            is_file = kind == "blob" and mode != "120000"
            entries.append((blob if is_file else None, path, "symbolic link" if mode == "120000" else kind))
        contents = self._blobs([blob for blob, _, _ in entries if blob is not None])
        try:
            yield from self._records(entries, contents, commit, repository, options, skip)
        finally:
            contents.close()

    def _records(self, entries: list[tuple[str | None, str, str]], contents: Iterator[bytes | None], commit: str,
                 repository: str, options: GitOptions, skip: SkipReporter) -> Iterator[Record]:
        for blob, path, kind in entries:
            if blob is None:
                skip("not_a_file", f"{self.path}/{path}: a {kind} in the commit")
                continue
            data = next(contents)
            where = f"{self.path}/{path}@{commit[:12]}"
            if data is None:
                skip("unreadable", f"{where}: git cat-file has no such object")
                continue
            text = source_text(data, where, skip)
            if text is None:
                continue
            yield _file_record(path, text, {"source": f"git:{self.path}@{commit}", "repository": repository,
                                            "path": path, "license": options.license, "commit": commit})

    def _repository(self) -> str:
        done = subprocess.run(["git", "-C", str(self.path), "remote", "get-url", "origin"],
                              capture_output=True, text=True, timeout=60, check=False)
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else self.path.resolve().name

    def _blobs(self, blobs: list[str]) -> Generator[bytes | None, None, None]:
        """The contents of ``blobs`` in order, through one ``git cat-file --batch`` process."""
        if not blobs:
            return
        with subprocess.Popen(["git", "-C", str(self.path), "cat-file", "--batch"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
            assert process.stdin is not None and process.stdout is not None
            try:
                for blob in blobs:
                    process.stdin.write(f"{blob}\n".encode())
                    process.stdin.flush()
                    header = process.stdout.readline().split()
                    if len(header) != 3:  # "<id> missing"
                        yield None
                        continue
                    size = int(header[2])
                    data = process.stdout.read(size)
                    process.stdout.read(1)  # the newline after each object
                    yield data
            finally:
                process.stdin.close()
                process.kill()


# --- tables with The Stack's columns ---------------------------------------------------


class ColumnOptions(BaseModel):
    """Which columns of a table hold a file's text and provenance (The Stack's names by default)."""

    model_config = ConfigDict(extra="forbid")

    content_column: str = Field("content", description="the column holding the file's text")
    path_columns: list[str] = Field(default_factory=lambda: ["max_stars_repo_path", "path"],
                            description="the file's path: the first of these columns with a value")
    repository_columns: list[str] = Field(default_factory=lambda: ["max_stars_repo_name", "repository_name"],
                                  description="the repository: the first of these columns with a value")
    license_columns: list[str] = Field(default_factory=lambda: ["max_stars_repo_licenses", "licenses", "license"],
                                description="the license (a string, or a list joined as 'A OR B'): the first of these with a value")
    license: str | None = Field(None, description="the license of rows that have none in their columns")


def _first(row: dict[str, Any], columns: list[str]) -> Any:
    for column in columns:
        value = row.get(column)
        if value is not None and value != "" and value != []:
            return value
    return None


def _license_text(value: Any) -> str | None:
    """The Stack keeps a list of licenses per repository; one SPDX-ish ``A OR B`` string."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        items = [str(item) for item in value if item]
        return " OR ".join(items) if items else None
    return str(value)


def row_record(row: Any, where: str, source: str, columns: ColumnOptions, skip: SkipReporter) -> Record | None:
    """A table row as a file record, or None after reporting (at ``where``) why it is not one."""
    if not isinstance(row, dict):
        skip("not_an_object", f"{where}: a JSON {type(row).__name__}, not an object")
        return None
    content = row.get(columns.content_column)
    if not isinstance(content, str | bytes):
        state = "missing" if content is None else f"a {type(content).__name__}, not text"
        skip("no_content", f"{where}: column {columns.content_column!r} {state}")
        return None
    text = source_text(content, where, skip)
    if text is None:
        return None
    path = _first(row, columns.path_columns)
    repository = _first(row, columns.repository_columns)
    license_name = _license_text(_first(row, columns.license_columns)) or columns.license
    path_text = str(path) if path is not None else where
    return _file_record(path_text, text, {"source": source, "repository": None if repository is None else str(repository),
                                          "path": path_text, "license": license_name})


def _jsonl_rows(file: Path, skip: SkipReporter) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each JSON line of ``file``; a bad line is reported and skipped."""

    def bad(line: BadLine) -> None:
        skip("not_utf8" if line.reason.startswith("not UTF-8") else "malformed_json", str(line))

    yield from read_jsonl(file, bad)


def _parquet_rows(file: Path, skip: SkipReporter) -> Iterator[tuple[int, Any]]:
    """(row number, row) for each row of a Parquet file; a file that cannot be read is reported."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    number = 0
    try:
        for batch in pq.ParquetFile(file).iter_batches(batch_size=512):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except (OSError, pa.ArrowException) as error:
        skip("unreadable", f"{file}:{number + 1}: {str(error).splitlines()[0] if str(error) else type(error).__name__}")


TABLE_SUFFIXES = (".jsonl", ".parquet")


class StackSource(Source):
    """Rows of JSONL or Parquet files with The Stack's columns (or the ones the options name)."""

    kind = "stack"
    Options: ClassVar[type[BaseModel]] = ColumnOptions

    def _files(self) -> list[Path]:
        if self.path.is_file() and self.path.suffix in TABLE_SUFFIXES:
            return [self.path]
        if self.path.is_dir():
            files = sorted(file for file in self.path.rglob("*") if file.suffix in TABLE_SUFFIXES and file.is_file())
            if files:
                return files
        raise SourceError(f"{self.path}: not a .jsonl or .parquet file, or a folder holding some")

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """One record per usable row, file by file in path order."""
        columns = self.options
        assert isinstance(columns, ColumnOptions)
        for file in self._files():
            rows = _parquet_rows(file, skip) if file.suffix == ".parquet" else _jsonl_rows(file, skip)
            for number, row in rows:
                where = f"{file}:{number}"
                record = row_record(row, where, f"{self.kind}:{where}", columns, skip)
                if record is not None:
                    yield record


# --- Hugging Face datasets ------------------------------------------------------------------


class DatasetOptions(ColumnOptions):
    """Options of the ``hf`` source: the columns, which split, and for a hub name its config and data folder."""

    split: str | None = Field(None, description="the split to read (none: every split, in name order)")
    config_name: str | None = Field(None, description="hf:NAME only: the dataset's configuration (load_dataset's name)")
    data_dir: str | None = Field(None, description="hf:NAME only: the folder of the dataset repository to read "
                                                   "(The Stack: data/python)")


class HFDatasetSource(Source):
    """Rows of a Hugging Face dataset: a folder saved with ``save_to_disk``, or ``hf:NAME`` streamed."""

    kind = "hf"
    Options: ClassVar[type[BaseModel]] = DatasetOptions

    def read(self, skip: SkipReporter) -> Generator[Record, None, None]:
        """One record per usable row, split by split."""
        options = self.options
        assert isinstance(options, DatasetOptions)
        try:
            import datasets
        except ImportError:
            raise SourceError("source 'hf' needs the datasets package; run: pip install 'multiplt[dataset]'") from None
        name = hub_name(self.path)
        splits = self._streamed(datasets, name, options) if name is not None else self._saved(datasets, options)
        label = self.describe() if name is not None else str(self.path)
        for split_name, split in splits:
            columns = split.column_names
            if columns is not None and options.content_column not in columns:
                raise SourceError(f"{label}: split {split_name or '(the dataset)'} has no column {options.content_column!r}; "
                                  f"it has {', '.join(columns)}")
            for number, row in enumerate(split, start=1):
                where = f"{label}:{split_name + ':' if split_name else ''}{number}"
                record = row_record(row, where, f"{self.kind}:{where}" if name is None else where, options, skip)
                if record is not None:
                    yield record

    def _saved(self, datasets: Any, options: DatasetOptions) -> list[tuple[str, Any]]:
        """The splits of a folder written by ``save_to_disk``."""
        try:
            loaded = datasets.load_from_disk(str(self.path))
        except (FileNotFoundError, ValueError, OSError) as error:
            raise SourceError(f"{self.path}: not a dataset saved with save_to_disk: {str(error).splitlines()[0]}") from None
        if isinstance(loaded, datasets.DatasetDict):
            return _chosen_splits(str(self.path), dict(loaded), options.split)
        return [(options.split or "", loaded)]

    def _streamed(self, datasets: Any, name: str, options: DatasetOptions) -> list[tuple[str, Any]]:
        """The splits of ``load_dataset(name, streaming=True)``: iterable, read as they arrive."""
        try:
            loaded = datasets.load_dataset(name, options.config_name, data_dir=options.data_dir,
                                           split=options.split, streaming=True)
        except Exception as error:  # the hub client raises many kinds; each is one line for the user
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise SourceError(f"{self.describe()}: cannot open the dataset: {first}") from None
        if isinstance(loaded, datasets.IterableDatasetDict):
            return _chosen_splits(self.describe(), dict(loaded), None)
        return [(options.split or "", loaded)]

    def describe(self) -> str:
        """``hf:NAME`` for a streamed dataset, ``hf:FOLDER`` for a saved one."""
        name = hub_name(self.path)
        return f"{self.kind}:{name if name is not None else self.path}"


def _chosen_splits(label: str, splits: dict[str, Any], wanted: str | None) -> list[tuple[str, Any]]:
    """Every split in name order, or the one ``wanted``; an absent one is a `SourceError` listing those there are."""
    names = sorted(splits) if wanted is None else [wanted]
    missing = [name for name in names if name not in splits]
    if missing:
        raise SourceError(f"{label}: no split {missing[0]!r}; it has {', '.join(sorted(splits))}")
    return [(name, splits[name]) for name in names]
