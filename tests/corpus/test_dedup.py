"""Exact and near dedup of mined functions: real standard-library functions and copies of them
with small edits; the survivor of each group is the same whatever the input order."""

from __future__ import annotations

import calendar
import html
import inspect
import json
import random
import string
import textwrap
from pathlib import Path
from typing import Any

from multiplt.corpus.dedup import Item, find_duplicates, normalised_text
from multiplt.corpus.dedup_stage import MineDedupStage, survivor_key
from multiplt.pipeline import parts
from multiplt.pipeline.runner import LocalRunner
from multiplt.pipeline.sources import JsonlSource
from multiplt.pipeline.stage import Context
from multiplt.records import Record

ISLEAP = inspect.getsource(calendar.isleap)
ESCAPE = inspect.getsource(html.escape)
# the same function, laid out otherwise, with a comment: an exact duplicate after ast.unparse
ISLEAP_REFORMATTED = ISLEAP.replace("return year", "# Gregorian rule\n    return  year").replace("== 0", "==0")
# one more replacement: a near duplicate
ESCAPE_EDITED = ESCAPE.replace("    return s", "    s = s.replace('`', '&#96;')\n    return s")
# the edited copy again, with a comment: an exact duplicate of a near duplicate
ESCAPE_EDITED_AGAIN = ESCAPE_EDITED.replace("# Must be done first!", "# first")


def _record(name: str, path: str, source: str) -> dict[str, Any]:
    return {"name": name, "source": source, "lines": [1, source.count("\n")],
            "provenance": {"source": f"python:/corpus/{path}", "repository": "/corpus", "path": path, "license": None}}


RECORDS = [
    _record("isleap", "a/calendar.py", ISLEAP),
    _record("isleap", "b/calendar.py", ISLEAP_REFORMATTED),
    _record("escape", "a/html.py", ESCAPE),
    _record("escape", "b/html.py", ESCAPE_EDITED),
    _record("escape", "c/html.py", ESCAPE_EDITED_AGAIN),
    _record("capwords", "a/string.py", inspect.getsource(string.capwords)),
    _record("indent", "a/textwrap.py", inspect.getsource(textwrap.indent)),
]

# dropped path -> (reason, the survivor's path), written by hand
EXPECTED = {
    "b/calendar.py": ("exact_duplicate", "a/calendar.py"),
    "b/html.py": ("near_duplicate", "a/html.py"),
    "c/html.py": ("near_duplicate", "a/html.py"),
}
KEPT = {"a/calendar.py", "a/html.py", "a/string.py", "a/textwrap.py"}


def _items(records: list[dict[str, Any]]) -> list[Item]:
    return [Item(record["provenance"]["path"], survivor_key(record), normalised_text(record["source"])) for record in records]


def test_the_edits_are_what_the_test_says() -> None:
    assert ISLEAP_REFORMATTED != ISLEAP and "# Gregorian rule" in ISLEAP_REFORMATTED
    assert ESCAPE_EDITED.count("s.replace(") == ESCAPE.count("s.replace(") + 1
    assert ESCAPE_EDITED_AGAIN != ESCAPE_EDITED


def test_exact_and_near_duplicates_name_the_survivor_whatever_the_input_order() -> None:
    shuffled = list(RECORDS)
    for seed in range(8):
        random.Random(seed).shuffle(shuffled)
        dropped = find_duplicates(_items(shuffled), threshold=0.7)
        assert {path: (duplicate.reason, duplicate.duplicate_of) for path, duplicate in dropped.items()} == EXPECTED
        assert all(duplicate.score is not None and duplicate.score >= 0.7
                   for duplicate in dropped.values() if duplicate.reason == "near_duplicate")


def test_exact_only_keeps_the_near_duplicates() -> None:
    dropped = find_duplicates(_items(RECORDS), near=False)
    assert {path: (duplicate.reason, duplicate.duplicate_of) for path, duplicate in dropped.items()} == {
        "b/calendar.py": ("exact_duplicate", "a/calendar.py"), "c/html.py": ("exact_duplicate", "b/html.py")}


def test_a_threshold_above_every_similarity_leaves_only_exact_duplicates() -> None:
    dropped = find_duplicates(_items(RECORDS), threshold=1.0)
    assert {path: duplicate.reason for path, duplicate in dropped.items()} == {
        "b/calendar.py": "exact_duplicate", "c/html.py": "exact_duplicate"}


def _run(tmp_path: Path, name: str, records: list[dict[str, Any]]) -> Path:
    source = tmp_path / f"{name}.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    run_dir = tmp_path / name
    summaries = LocalRunner(run_dir, jobs=1, part_size=2, batch_size=1).run(JsonlSource(source), [("mine_dedup", MineDedupStage())])
    stage = summaries[-1]
    assert (stage.records_in, stage.records_out) == (7, 4)
    assert stage.dropped == {"exact_duplicate": 1, "near_duplicate": 2}
    assert stage.counters["unique"] == 4
    return run_dir


def test_the_stage_decides_over_every_part_and_logs_each_drop_with_its_survivor(tmp_path: Path) -> None:
    """Parts of two records: survivors and their duplicates sit in different parts."""
    run_dir = _run(tmp_path, "reversed", list(reversed(RECORDS)))
    kept = {record.id: record["provenance"]["path"] for record in parts.iter_records(run_dir / "mine_dedup")}
    assert set(kept.values()) == KEPT
    logged = [json.loads(line) for path in sorted((run_dir / "mine_dedup" / "_dropped").glob("part-*.jsonl"))
              for line in path.read_text(encoding="utf-8").splitlines()]
    assert {entry["path"]: (entry["reason"], kept[entry["duplicate_of"]]) for entry in logged} == EXPECTED
    assert (run_dir / "mine_dedup" / "_index" / "decisions.json").is_file()


def test_the_stage_keeps_the_same_functions_in_any_input_order(tmp_path: Path) -> None:
    first = _run(tmp_path, "ordered", RECORDS)
    shuffled = list(RECORDS)
    random.Random(3).shuffle(shuffled)
    second = _run(tmp_path, "shuffled", shuffled)
    assert ({record.id for record in parts.iter_records(first / "mine_dedup")}
            == {record.id for record in parts.iter_records(second / "mine_dedup")})


def test_outside_a_runner_the_stage_deduplicates_within_each_batch(tmp_path: Path) -> None:
    stage = MineDedupStage()
    ctx = Context(stage="mine_dedup", run_dir=tmp_path)
    stage.setup(ctx)
    kept = [record["provenance"]["path"] for record in stage([Record.root(record) for record in RECORDS[:4]], ctx)]
    kept += [record["provenance"]["path"] for record in stage([Record.root(record) for record in RECORDS[4:]], ctx)]
    stage.teardown()
    # c/html.py came in a batch of its own, so nothing is there to duplicate
    assert kept == ["a/calendar.py", "a/html.py", "c/html.py", "a/string.py", "a/textwrap.py"]
    assert dict(ctx.counters) == {"dropped.exact_duplicate": 1, "dropped.near_duplicate": 1, "unique": 5}
