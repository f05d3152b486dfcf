"""The export is written once every input part has rows; rows dropped across problems are written with reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from multiplt.dataset.export import cross_problem_pass
from multiplt.dataset.stage import DatasetStage
from multiplt.pipeline import parts
from multiplt.pipeline.stage import Context
from multiplt.records import Record


def _row(name: str, solution: int, content: str) -> dict[str, Any]:
    return {"language": "lua", "name": name, "solution": solution, "content": content}


def test_cross_problem_drops_name_the_row_they_duplicate() -> None:
    first, near, other = _row("p1", 0, "return sum(xs) + 1"), _row("p2", 0, "return sum(xs) + 2"), _row("p2", 1, "while True: pass")
    kept, dropped = cross_problem_pass([first, near, other], 0.7)
    assert kept == [first, other]
    [entry] = dropped
    # tokens "return sum xs 1" / "return sum xs 2": LCS 3 of 4 -> F1 0.75, above 0.7
    assert (entry["reason"], entry["name"], entry["solution"]) == ("cross_problem_near_duplicate", "p2", 0)
    assert entry["duplicate_of"] == {"name": "p1", "solution": 0} and entry["score"] == pytest.approx(0.75)


def _problem(name: str, content: str) -> Record:
    return Record.root({"language": "lua", "name": name, "function": name, "pass_rate": 1.0,
                        "solutions": [{"status": "OK"}], "kept": [{"solution": 0, "content": content}]})


def _run_part(run_dir: Path, index: int) -> None:
    stage = DatasetStage(hf=False, cross_problem=True)
    ctx = Context(stage="dataset", run_dir=run_dir, part=index)
    stage.setup(ctx)
    try:
        stage([record.derive(record.data, stage="dedup") for record in parts.read_part(parts.part_path(run_dir / "dedup", index))], ctx)
    finally:
        stage.teardown()


def test_the_export_is_built_when_the_last_input_part_has_rows(tmp_path: Path) -> None:
    config = {"stages": [{"kind": "dedup"}, {"kind": "dataset"}]}
    (tmp_path / "config.toml").write_text(tomli_w.dumps(config))
    parts.write_part(tmp_path / "dedup", 0, [_problem("p1", "return sum(xs) + 1\n")])
    parts.write_part(tmp_path / "dedup", 1, [_problem("p2", "return sum(xs) + 2\n"), _problem("p3", "while true do end\n")])

    _run_part(tmp_path, 1)
    export = tmp_path / "dataset"
    assert not (export / "README.md").exists() and not (export / "lua.jsonl").exists()  # part 0 has no rows yet
    _run_part(tmp_path, 0)
    rows = [json.loads(line) for line in (export / "lua.jsonl").read_text().splitlines()]
    assert [row["name"] for row in rows] == ["p1", "p3"]
    [dropped] = [json.loads(line) for line in (export / "_dropped" / "cross_problem.jsonl").read_text().splitlines()]
    assert dropped["name"] == "p2" and dropped["duplicate_of"] == {"name": "p1", "solution": 0}
    assert "Across problems, 1 near duplicates were dropped" in (export / "README.md").read_text()


def test_the_card_cost_table_divides_by_passing_solutions_and_says_what_is_missing() -> None:
    from multiplt.dataset.export import cost_table

    counters = {"lua/samples": 30, "lua/passed": 6, "lua/sampling.fixed_samples": 150, "lua/llm.completion_tokens": 900,
                "lua/sampling.fixed_completion_tokens": 4500, "lua/sandbox.ms": 3000, "rkt/samples": 10}
    table = cost_table(counters, ["lua", "rkt"])
    assert "| samples per passing solution | 5.00 | n/a |" in table  # rkt: nothing passed
    assert "| fixed sampling: samples per passing solution | 25.00 | n/a |" in table
    assert "| fixed sampling: completion tokens per passing solution | 750.00 | n/a |" in table
    assert "sandbox" not in table  # times differ between runs; the card must not
