"""Training documents: the ``content`` column of JSONL, Parquet or a ``datasets`` folder.

Reads what this project's dataset stage exports and MultiPL-T's published layout
(a folder of Parquet files, one sub-folder per language, each row a ``content``).
A bad line or a row without text is reported as one line naming file:line, counted
and skipped.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multiplt.io import read_jsonl

DATA_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".parquet")


class DataError(ValueError):
    """The training data cannot be read at all (nothing usable, unknown format)."""


@dataclass
class Documents:
    """The texts read, and a one-line message for each row skipped."""

    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _is_data_file(path: Path) -> bool:
    return path.is_file() and any(path.name.endswith(suffix) for suffix in DATA_SUFFIXES)


def _is_datasets_folder(path: Path) -> bool:
    return (path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists()


def data_files(path: Path) -> list[Path]:
    """Every data file under ``path`` (itself if it is a file), in sorted order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError(f"{path}: no such file or folder")
    return sorted(p for p in path.rglob("*") if _is_data_file(p) and not p.name.startswith("_") and "_dropped" not in p.parts)


def _jsonl_rows(path: Path, errors: list[str]) -> Iterator[tuple[str, Any]]:
    for number, value in read_jsonl(path, lambda bad: errors.append(str(bad))):
        yield f"{path}:{number}", value


@dataclass(frozen=True)
class _Bad:
    reason: str


def _parquet_rows(path: Path, column: str) -> Iterator[tuple[str, Any]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as error:  # pyarrow raises several types for a corrupt file
        yield str(path), _Bad(f"unreadable Parquet ({type(error).__name__}: {error})".replace("\n", " "))
        return
    if column not in table.column_names:
        yield str(path), _Bad(f"no column {column!r} (columns: {', '.join(table.column_names)})")
        return
    for number, value in enumerate(table.column(column).to_pylist(), start=1):
        yield f"{path}:row {number}", {column: value}


def _datasets_rows(path: Path, column: str) -> Iterator[tuple[str, Any]]:
    import datasets

    loaded = datasets.load_from_disk(str(path))
    parts = loaded.values() if isinstance(loaded, datasets.DatasetDict) else [loaded]
    for part in parts:
        if column not in part.column_names:
            yield str(path), _Bad(f"no column {column!r} (columns: {', '.join(part.column_names)})")
            continue
        for number, value in enumerate(part[column], start=1):
            yield f"{path}:row {number}", {column: value}


def read_documents(paths: list[Path], column: str = "content") -> Documents:
    """The non-empty texts in ``column`` of every file or folder in ``paths``."""
    documents = Documents()
    for root in paths:
        if root.is_dir() and _is_datasets_folder(root):
            sources: list[tuple[Path, Iterator[tuple[str, Any]]]] = [(root, _datasets_rows(root, column))]
        else:
            files = data_files(root)
            if not files:
                raise DataError(f"{root}: no .jsonl, .jsonl.gz or .parquet files")
            sources = [(f, _parquet_rows(f, column) if f.suffix == ".parquet" else _jsonl_rows(f, documents.errors)) for f in files]
        for source, rows in sources:
            documents.files.append(source)
            for where, row in rows:
                if isinstance(row, _Bad):
                    documents.errors.append(f"{where}: {row.reason}")
                elif not isinstance(row, dict) or not isinstance(row.get(column), str):
                    documents.errors.append(f"{where}: no string field {column!r}")
                elif not row[column].strip():
                    documents.errors.append(f"{where}: empty {column!r}")
                else:
                    documents.texts.append(row[column])
    if not documents.texts:
        raise DataError(f"no documents with a {column!r} text in {', '.join(map(str, paths))}")
    return documents


def split_held_out(texts: list[str], fraction: float = 0.01, seed: int = 0) -> tuple[list[str], list[str]]:
    """(train, held_out): ``fraction`` of the documents, at least one, chosen by a hash of the text.

    The choice depends only on each text and the seed, not on file order, so the same
    document is held out however the data was sharded or shuffled.
    """
    if not 0 <= fraction < 1:
        raise ValueError(f"held-out fraction must be in [0, 1), got {fraction}")
    if fraction == 0:
        return list(texts), []
    if len(texts) < 2:
        raise DataError("need at least 2 documents to hold one out (or --held-out 0)")
    count = max(1, math.ceil(fraction * len(texts)))

    def key(index: int) -> str:
        return hashlib.sha256(f"{seed}\0{texts[index]}".encode()).hexdigest()

    held = set(sorted(range(len(texts)), key=key)[:count])
    train = [text for i, text in enumerate(texts) if i not in held]
    return train, [texts[i] for i in sorted(held)]
