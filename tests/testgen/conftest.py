"""Fixtures of the testgen tests: one warm sandbox for the module, a replay file writer."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from multiplt.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A warm sandbox (two workers) with a scratch root of its own."""
    root = Path(tempfile.mkdtemp(prefix="multiplt-testgen-scratch-"))
    with Sandbox(jobs=2, scratch_root=root) as opened:
        yield opened
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def replay_file(tmp_path: Path) -> Callable[..., Path]:
    """Write replay lines ({"name", "completions"} objects) to a JSONL file and return its path."""

    def write(*lines: dict[str, Any]) -> Path:
        path = tmp_path / "replay.jsonl"
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        return path

    return write
