"""Mined-function records (docs/records.md) of a few real standard-library functions.

A test double for the ``mine`` stage's output, for testing the stages after it: the
functions are read from this interpreter's own standard-library files with ``inspect``
(nobody here wrote them), and the record is filled in the way the format says.
"""

from __future__ import annotations

import ast
import calendar
import html
import inspect
import string
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Top-level, docstring'd, returning, self-contained functions (builtins and parameters only).
FUNCTIONS: tuple[Callable[..., Any], ...] = (calendar.isleap, calendar.leapdays, string.capwords, html.escape)


def _source_of(function: Callable[..., Any]) -> tuple[str, int, Path]:
    file = Path(inspect.getsourcefile(function) or "")
    lines, first = inspect.getsourcelines(function)
    return textwrap.dedent("".join(lines)), first, file


def mined_record(function: Callable[..., Any]) -> dict[str, Any]:
    """The mined-function record of one standard-library ``function``."""
    source, first, file = _source_of(function)
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    body = node.body[1:]  # without the docstring
    padding = [None] * (len(node.args.args) - len(node.args.defaults))
    defaults = padding + [ast.get_source_segment(source, value) for value in node.args.defaults]
    body_lines = source.splitlines()[body[0].lineno - 1:]
    return {
        "name": node.name,
        "source": source,
        "imports": [],
        "program": "\n\n" + source,
        "parameters": [{"name": a.arg, "annotation": None, "default": default}
                       for a, default in zip(node.args.args, defaults, strict=True)],
        "return_annotation": None,
        "docstring": ast.get_docstring(node) or "",
        "body": textwrap.dedent("\n".join(body_lines)) + "\n",
        "lines": [first, first + source.count("\n") - 1],
        "provenance": {"source": f"stdlib:{file}", "repository": None, "path": str(file), "license": "PSF-2.0"},
    }


def stdlib_records() -> list[dict[str, Any]]:
    """The records of `FUNCTIONS`, in that order."""
    return [mined_record(function) for function in FUNCTIONS]
