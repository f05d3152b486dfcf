"""Shared fixtures: HumanEval as tested-function records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from humaneval_records import humaneval_records  # noqa: E402


@pytest.fixture(scope="session")
def humaneval() -> dict[str, dict[str, Any]]:
    return humaneval_records()
