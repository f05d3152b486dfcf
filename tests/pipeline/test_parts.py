"""Parts are written whole or not at all, and only a marker makes a part done."""

from __future__ import annotations

from pathlib import Path

from multiplt.pipeline import parts
from multiplt.pipeline.parts import PartResult
from multiplt.records import Record


def _records(count: int) -> list[Record]:
    return [Record.root({"n": i}) for i in range(count)]


def test_written_part_reads_back(tmp_path: Path) -> None:
    records = _records(10)
    path = parts.write_part(tmp_path, 3, records)
    assert path.name == "part-00003.parquet"
    assert parts.read_part(path) == records


def test_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    parts.write_part(tmp_path, 0, _records(5))
    assert [path.name for path in tmp_path.iterdir()] == ["part-00000.parquet"]


def test_part_without_marker_is_not_done(tmp_path: Path) -> None:
    parts.write_part(tmp_path, 0, _records(5))
    assert parts.read_marker(tmp_path, 0) is None


def test_marker_records_counts_and_reasons(tmp_path: Path) -> None:
    result = PartResult(index=2, records_in=10, records_out=7, counters={"dropped.odd": 3}, seconds=0.5)
    parts.mark_done(tmp_path, result)
    assert parts.read_marker(tmp_path, 2) == result


def test_leftover_temporaries_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".part-00000.parquet.tmp-123-abcd").write_bytes(b"half")
    (tmp_path / parts.DONE_DIR).mkdir()
    (tmp_path / parts.DONE_DIR / ".part-00000.tmp-123-abcd").write_bytes(b"{")
    kept = parts.write_part(tmp_path, 1, _records(1))
    assert parts.remove_temporaries(tmp_path) == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == [parts.DONE_DIR, kept.name]


def test_part_indices_are_sorted_numbers(tmp_path: Path) -> None:
    for index in (10, 2, 0):
        parts.write_part(tmp_path, index, _records(1))
    assert parts.part_indices(tmp_path) == [0, 2, 10]
