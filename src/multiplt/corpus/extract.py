"""Top-level documented functions of a Python file, as mined-function records.

Parsing only: nothing in the file is run. A function is a candidate when it is defined at
the module's top level (methods and nested functions are out, as in MultiPL-T) and its
body starts with a docstring. The record (docs/records.md, "mined function") carries the
module-level imports the function uses, so ``program`` runs alone.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from typing import Any

from multiplt.languages.pyparse import function_from_node, source_lines

Provenance = dict[str, Any]


@dataclass(frozen=True)
class ModuleImports:
    """The module's top-level imports: each bound name with the statement that binds it."""

    statements: dict[str, str]
    """bound name -> the import statement's source text, as one line"""

    roots: dict[str, str]
    """bound name -> the top-level module it comes from (``os.path`` -> ``os``)"""


def module_imports(tree: ast.Module) -> ModuleImports:
    """The names ``import``/``from ... import`` statements at the top level of ``tree`` bind."""
    statements: dict[str, str] = {}
    roots: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                statements[bound] = ast.unparse(ast.Import(names=[alias]))
                roots[bound] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if alias.name == "*":
                    continue
                bound = alias.asname or alias.name
                statements[bound] = ast.unparse(ast.ImportFrom(module=node.module, names=[alias], level=0))
                roots[bound] = node.module.split(".")[0]
    return ModuleImports(statements, roots)


def documented_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Top-level ``def`` statements (not ``async def``) whose body starts with a docstring."""
    return [node for node in tree.body
            if isinstance(node, ast.FunctionDef) and ast.get_docstring(node, clean=False) is not None]


def _segment(lines: list[str], node: ast.expr | None) -> str | None:
    """``ast.get_source_segment`` on lines split once per file (it splits the whole file per call)."""
    if node is None or node.end_lineno is None or node.end_col_offset is None:
        return None
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return _columns(lines[first], node.col_offset, node.end_col_offset)
    return "\n".join([_columns(lines[first], node.col_offset, None), *lines[first + 1:last],
                      _columns(lines[last], 0, node.end_col_offset)])


def _columns(line: str, start: int, end: int | None) -> str:
    """``line[start:end]`` in the parser's columns, which count UTF-8 bytes."""
    if line.isascii():
        return line[start:end]
    return line.encode("utf-8")[start:end].decode("utf-8", "replace")


def function_record(text: str, node: ast.FunctionDef, imports: list[str], provenance: Provenance,
                    lines: list[str] | None = None) -> dict[str, Any]:
    """The mined-function record of ``node``, a function of the file ``text`` (``lines``: its
    `source_lines`, when the caller has them).

    ``node`` takes positional parameters only (see `filters.signature_problem`).
    """
    lines = source_lines(text) if lines is None else lines
    first, last = node.lineno, node.end_lineno or node.lineno
    source = textwrap.dedent("\n".join(lines[first - 1:last])) + "\n"
    positional = node.args.posonlyargs + node.args.args
    padding: list[ast.expr | None] = [None] * (len(positional) - len(node.args.defaults))
    parameters = [{"name": argument.arg, "annotation": _segment(lines, argument.annotation), "default": _segment(lines, default)}
                  for argument, default in zip(positional, padding + list(node.args.defaults), strict=True)]
    body = function_from_node(node, text, lines).body + "\n"
    return {
        "name": node.name,
        "source": source,
        "imports": imports,
        "program": _program(imports, source),
        "parameters": parameters,
        "return_annotation": _segment(lines, node.returns),
        "docstring": ast.get_docstring(node) or "",
        "body": body,
        "lines": [first, last],
        "provenance": provenance,
    }


def _program(imports: list[str], source: str) -> str:
    return "\n".join(imports) + "\n\n" + source


def with_imports(record: dict[str, Any], imports: list[str]) -> dict[str, Any]:
    """``record`` carrying ``imports`` (and the ``program`` they make)."""
    return {**record, "imports": imports, "program": _program(imports, record["source"])}
