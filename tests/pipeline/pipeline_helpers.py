"""Shared helpers of the pipeline tests: numbered input files and run configs."""

from __future__ import annotations

import json
from pathlib import Path

TEST_STAGES = Path(__file__).parent


def write_numbers(path: Path, count: int) -> Path:
    """A JSONL file of ``{"n": i}`` for i in 0..count-1."""
    path.write_text("".join(json.dumps({"n": i}) + "\n" for i in range(count)), encoding="utf-8")
    return path


def write_config(folder: Path, *, name: str = "test", part_size: int = 100, batch_size: int = 25, jobs: int = 1,
                 stages: str = "", source: str = "numbers.jsonl") -> Path:
    """A run config over ``folder/numbers.jsonl`` with runs under ``folder/runs``."""
    config = folder / f"{name}.toml"
    config.write_text(
        f"""[run]
name = "{name}"
runs_dir = "{folder / 'runs'}"
jobs = {jobs}
part_size = {part_size}
batch_size = {batch_size}

[source]
path = "{source}"
{stages}""",
        encoding="utf-8",
    )
    return config


SQUARE = """
[[stages]]
kind = "pipeline_test_stages:SquareSlowly"
[stages.options]
delay_s = {delay_s}
"""
