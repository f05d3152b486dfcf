"""Parquet parts on disk: atomic writes, done markers, and reading a stage's folder.

A stage folder holds ``part-00000.parquet ...`` and ``_done/part-00000`` markers. A part
is written under a temporary name in the same folder and renamed into place, so a part
file exists only whole; its marker (a small JSON file with the part's counters) is
written the same way afterwards. A part without a marker is not done, whatever files
exist, and is redone on resume.

On object storage (a remote run folder, `multiplt.storage`) there is no rename: a part
and then its marker are each uploaded whole to their final keys, which a reader sees
only once complete, and the marker stays the commit point.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from multiplt import storage
from multiplt.io import TEMP_MARK, atomic_path, atomic_write_bytes
from multiplt.records import Record, from_arrow, to_arrow

if TYPE_CHECKING:
    from multiplt.storage import RunPath

DONE_DIR = "_done"


def part_name(index: int) -> str:
    """``part-00042`` for index 42."""
    return f"part-{index:05d}"


def part_path(folder: RunPath, index: int) -> RunPath:
    """The Parquet file of part ``index`` in a stage folder."""
    return folder / f"{part_name(index)}.parquet"


def marker_path(folder: RunPath, index: int) -> RunPath:
    """The done marker of part ``index`` in a stage folder."""
    return folder / DONE_DIR / part_name(index)


def write_part(folder: RunPath, index: int, records: list[Record]) -> RunPath:
    """Write one part atomically (temporary name, then rename) and return its path."""
    final = part_path(folder, index)
    with atomic_path(final) as temp:
        pq.write_table(to_arrow(records), temp, compression="zstd")
    return final


def read_part(path: RunPath) -> list[Record]:
    """The records of one part file."""
    source, filesystem = storage.arrow_source(path)
    return from_arrow(pq.read_table(source, filesystem=filesystem))


def count_rows(path: RunPath) -> int:
    """Records in a part, from the Parquet footer (no data read)."""
    source, filesystem = storage.arrow_source(path)
    return pq.ParquetFile(source, filesystem=filesystem).metadata.num_rows


@dataclass(frozen=True)
class PartResult:
    """What a done marker records about one part."""

    index: int
    records_in: int
    records_out: int
    counters: dict[str, int]
    seconds: float

    def to_json(self) -> str:
        """The marker's content."""
        return json.dumps(
            {
                "index": self.index,
                "records_in": self.records_in,
                "records_out": self.records_out,
                "counters": self.counters,
                "seconds": round(self.seconds, 4),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> PartResult:
        """A result read back from a marker."""
        raw: dict[str, Any] = json.loads(text)
        return cls(
            index=int(raw["index"]),
            records_in=int(raw["records_in"]),
            records_out=int(raw["records_out"]),
            counters={str(k): int(v) for k, v in raw["counters"].items()},
            seconds=float(raw["seconds"]),
        )


def mark_done(folder: RunPath, result: PartResult) -> None:
    """Write the done marker of a part (after the part itself is in place)."""
    atomic_write_bytes(marker_path(folder, result.index), result.to_json().encode("utf-8"))


def read_marker(folder: RunPath, index: int) -> PartResult | None:
    """The done marker of a part, or None when the part is not done."""
    path = marker_path(folder, index)
    try:
        return PartResult.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def remove_temporaries(folder: RunPath) -> int:
    """Delete half-written files a killed run left behind; return how many."""
    if storage.is_remote(folder):
        return 0  # nothing is written under a temporary name there (uploads are whole)
    removed = 0
    for directory in (folder, folder / DONE_DIR):
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            if path.name.startswith(".") and TEMP_MARK in path.name:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def part_indices(folder: RunPath) -> list[int]:
    """Indices of the part files present in a stage folder, in order."""
    indices = []
    for path in folder.glob("part-*.parquet"):
        stem = path.name.removeprefix("part-").removesuffix(".parquet")
        if stem.isdigit():
            indices.append(int(stem))
    return sorted(indices)


def iter_records(folder: RunPath) -> Iterator[Record]:
    """Every record of a stage folder, part by part in order."""
    for index in part_indices(folder):
        yield from read_part(part_path(folder, index))
