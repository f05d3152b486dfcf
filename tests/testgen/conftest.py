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


def mined(source: str, imports: tuple[str, ...] = (), annotations: dict[str, str] | None = None, returns: str | None = None) -> dict[str, Any]:
    """A mined-function record (docs/records.md) for ``source``, written out by hand."""
    import ast

    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    annotations = annotations or {}
    return {
        "name": node.name,
        "source": source,
        "imports": list(imports),
        "program": "\n".join(imports) + "\n\n" + source,
        "parameters": [{"name": a.arg, "annotation": annotations.get(a.arg), "default": None} for a in node.args.args],
        "return_annotation": returns,
        "docstring": ast.get_docstring(node) or "",
        "body": "",
        "lines": [1, source.count("\n")],
        "provenance": {"source": "test", "repository": None, "path": "t.py", "license": None},
    }
