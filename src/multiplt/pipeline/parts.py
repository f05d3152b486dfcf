"""Parquet parts on disk: atomic writes, done markers, and reading a stage's folder.

A stage folder holds ``part-00000.parquet ...`` and ``_done/part-00000`` markers. A part
is written under a temporary name in the same folder and renamed into place, so a part
file exists only whole; its marker (a small JSON file with the part's counters) is
written the same way afterwards. A part without a marker is not done, whatever files
exist, and is redone on resume.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from multiplt.io import TEMP_MARK, atomic_path, atomic_write_bytes
from multiplt.records import Record, from_arrow, to_arrow

DONE_DIR = "_done"


def part_name(index: int) -> str:
    """``part-00042`` for index 42."""
    return f"part-{index:05d}"


def part_path(folder: Path, index: int) -> Path:
    """The Parquet file of part ``index`` in a stage folder."""
    return folder / f"{part_name(index)}.parquet"


def marker_path(folder: Path, index: int) -> Path:
    """The done marker of part ``index`` in a stage folder."""
    return folder / DONE_DIR / part_name(index)


def write_part(folder: Path, index: int, records: list[Record]) -> Path:
    """Write one part atomically (temporary name, then rename) and return its path."""
    final = part_path(folder, index)
    with atomic_path(final) as temp:
        pq.write_table(to_arrow(records), temp, compression="zstd")
    return final


def read_part(path: Path) -> list[Record]:
    """The records of one part file."""
    return from_arrow(pq.read_table(path))


def count_rows(path: Path) -> int:
    """Records in a part, from the Parquet footer (no data read)."""
    return pq.ParquetFile(path).metadata.num_rows


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


def mark_done(folder: Path, result: PartResult) -> None:
    """Write the done marker of a part (after the part itself is in place)."""
    atomic_write_bytes(marker_path(folder, result.index), result.to_json().encode("utf-8"))


def read_marker(folder: Path, index: int) -> PartResult | None:
    """The done marker of a part, or None when the part is not done."""
    path = marker_path(folder, index)
    try:
        return PartResult.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def remove_temporaries(folder: Path) -> int:
    """Delete half-written files a killed run left behind; return how many."""
    removed = 0
    for directory in (folder, folder / DONE_DIR):
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            if path.name.startswith(".") and TEMP_MARK in path.name:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def part_indices(folder: Path) -> list[int]:
    """Indices of the part files present in a stage folder, in order."""
    indices = []
    for path in folder.glob("part-*.parquet"):
        stem = path.name.removeprefix("part-").removesuffix(".parquet")
        if stem.isdigit():
            indices.append(int(stem))
    return sorted(indices)


def iter_records(folder: Path) -> Iterator[Record]:
    """Every record of a stage folder, part by part in order."""
    for index in part_indices(folder):
        yield from read_part(part_path(folder, index))
