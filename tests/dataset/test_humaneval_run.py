"""A whole run: HumanEval as tested functions -> translate -> generate (replay) -> validate -> dedup -> dataset.

Four HumanEval problems in Lua, Racket, OCaml and R. The replay folder holds, per
problem, the hand-written solution (tests/data/solutions), a wrong body and the
solution again: 12 samples per language, 8 passing, 4 kept after dedup, 4 rows.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from runtimes import require_runtime
import tomli_w

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.session import execute

sys.path.insert(0, str(Path(__file__).parents[1] / "translate"))
from humaneval_records import humaneval_records  # noqa: E402

SOLUTIONS = Path(__file__).parents[1] / "data" / "solutions"
PROBLEMS = ["HumanEval_53_add", "HumanEval_23_strlen", "HumanEval_30_get_positive", "HumanEval_42_incr_list"]
LANGUAGES = ["lua", "rkt", "ml", "r"]
WRONG = {"lua": "  return nil\nend", "rkt": "  #f)", "ml": '  failwith "wrong"', "r": "\n  NULL\n}"}


def _config(tmp_path: Path, name: str, stages: list[dict[str, Any]]) -> Path:
    path = tmp_path / f"{name}.toml"
    config = {"run": {"name": name, "runs_dir": str(tmp_path / "runs"), "jobs": 1},
              "source": {"kind": "jsonl", "path": str(tmp_path / "tested.jsonl")}, "stages": stages}
    path.write_text(tomli_w.dumps(config))
    return path


def _write_replay(folder: Path, problems: list[dict[str, Any]]) -> None:
    for problem in problems:
        [solution_file] = [path for path in SOLUTIONS.glob(f"{problem['language']}/HumanEval_*_{problem['function']}.*")
                           if path.stem.endswith("_" + problem["function"])]
        solution = solution_file.read_text()
        completions = [solution, WRONG[problem["language"]], solution]
        (folder / problem["language"]).mkdir(parents=True, exist_ok=True)  # a folder per language, as MultiPL-E
        with gzip.open(folder / problem["language"] / f"{problem['name']}.json.gz", "wt") as handle:
            json.dump({**problem, "completions": completions}, handle)


def test_humaneval_run_through_every_stage_to_the_dataset(tmp_path: Path) -> None:
    for code in LANGUAGES:
        require_runtime(code)
    records = humaneval_records()
    (tmp_path / "tested.jsonl").write_text("".join(json.dumps(records[name]) + "\n" for name in PROBLEMS))
    translate = {"kind": "translate", "options": {"languages": LANGUAGES}}

    translated = execute(load_config(_config(tmp_path, "translated", [translate])))
    problems = [record.data for record in parts.iter_records(translated.final_folder)]
    assert sorted((p["language"], p["function"]) for p in problems) == sorted(
        (code, name.split("_", 2)[2]) for code in LANGUAGES for name in PROBLEMS)
    _write_replay(tmp_path / "completions", problems)

    stages = [translate, {"kind": "generate", "options": {"replay": str(tmp_path / "completions"), "n": 3}},
              {"kind": "validate"}, {"kind": "dedup"}, {"kind": "dataset"}]
    result = execute(load_config(_config(tmp_path, "full", stages)))
    export = result.run_dir / "dataset"

    for code in LANGUAGES:
        rows = [json.loads(line) for line in (export / f"{code}.jsonl").read_text().splitlines()]
        assert len(rows) == 4
        assert {row["function"] for row in rows} == {"add", "strlen", "get_positive", "incr_list"}
        assert all(row["status"] == "OK" and row["pass_rate"] == pytest.approx(2 / 3) for row in rows)
        assert all(row["repository"] == "openai/human-eval" and row["license"] == "MIT" for row in rows)
        assert all("Canonical Python solution" not in row["content"] for row in rows)

    import datasets
    import pyarrow.parquet as pq

    loaded = datasets.load_from_disk(str(export / "hf"))
    assert sorted(loaded) == sorted(LANGUAGES)
    assert loaded["lua"].num_rows == 4 and "content" in loaded["lua"].column_names
    assert pq.read_table(export / "ml.parquet").num_rows == 4

    card = (export / "README.md").read_text()
    assert "| step | lua | ml | r | rkt |" in card
    assert "| problems translated (stub check passed) | 4 | 4 | 4 | 4 |" in card
    assert "| samples generated | 12 | 12 | 12 | 12 |" in card
    assert "| samples passing (status OK, exit 0) | 8 | 8 | 8 | 8 |" in card
    assert "| after TODO, exact and near dedup | 4 | 4 | 4 | 4 |" in card
    assert "| rows in the dataset | 4 | 4 | 4 | 4 |" in card
    assert "`exact_duplicate`: 16" in card
