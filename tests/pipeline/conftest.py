"""Fixtures of the pipeline tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_helpers import write_numbers


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    """1,000 numbered records in tmp_path/numbers.jsonl."""
    return write_numbers(tmp_path / "numbers.jsonl", 1000)
