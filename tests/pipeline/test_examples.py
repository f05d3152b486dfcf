"""The shipped example config runs as the README says."""

from __future__ import annotations

from pathlib import Path

from multiplt.config import load_config
from multiplt.pipeline.session import execute

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_quickstart_config_runs_and_reads_every_example_function(tmp_path: Path) -> None:
    config = load_config(EXAMPLES / "quickstart.toml", {"run.runs_dir": str(tmp_path), "run.jobs": 1})
    result = execute(config)
    lines = (EXAMPLES / "data" / "functions.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.summaries[0].records_out == len(lines)
