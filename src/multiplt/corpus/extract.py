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

from multiplt.languages.pyparse import function_from_node

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


def _segment(text: str, node: ast.AST | None) -> str | None:
    return None if node is None else ast.get_source_segment(text, node)


def function_record(text: str, node: ast.FunctionDef, imports: list[str], provenance: Provenance) -> dict[str, Any]:
    """The mined-function record of ``node``, a function of the file ``text``.

    ``node`` takes positional parameters only (see `filters.signature_problem`).
    """
    lines = text.splitlines()
    first, last = node.lineno, node.end_lineno or node.lineno
    source = textwrap.dedent("\n".join(lines[first - 1:last])) + "\n"
    positional = node.args.posonlyargs + node.args.args
    padding: list[ast.expr | None] = [None] * (len(positional) - len(node.args.defaults))
    parameters = [{"name": argument.arg, "annotation": _segment(text, argument.annotation), "default": _segment(text, default)}
                  for argument, default in zip(positional, padding + list(node.args.defaults), strict=True)]
    body = function_from_node(node, text).body + "\n"
    return {
        "name": node.name,
        "source": source,
        "imports": imports,
        "program": _program(imports, source),
        "parameters": parameters,
        "return_annotation": _segment(text, node.returns),
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
