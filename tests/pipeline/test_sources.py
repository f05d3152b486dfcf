"""What every source shares: the limit, applied once by `Source.records`."""

from __future__ import annotations

from pathlib import Path

from multiplt.pipeline.sources import JsonlSource


def test_the_limit_stops_reading_so_nothing_past_it_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"n": 1}\n[1]\n{"n": 2}\n{"n": \n{"n": 3}\n', encoding="utf-8")
    skipped: list[tuple[str, str]] = []
    records = list(JsonlSource(path, limit=2).records(lambda reason, where: skipped.append((reason, where))))
    assert [record.data for record in records] == [{"n": 1}, {"n": 2}]
    assert skipped == [("not_an_object", f"{path}:2: a JSON list, not an object")]  # line 4 is past the limit


def test_without_a_limit_every_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"n": 1}\n{"n": \n{"n": 2}\n', encoding="utf-8")
    skipped: list[tuple[str, str]] = []
    records = list(JsonlSource(path).records(lambda reason, where: skipped.append((reason, where))))
    assert [record.data for record in records] == [{"n": 1}, {"n": 2}]
    assert skipped == [("malformed_json", f"{path}:2: not JSON (Expecting value at column 7)")]
