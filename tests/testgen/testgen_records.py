"""Mined-function records written out by hand, for the testgen tests."""

from __future__ import annotations

from typing import Any


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
