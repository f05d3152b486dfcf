"""Coverage and run-time types of a function under its passing tests, measured in the sandbox.

One sandbox program per function (``measure_program.py`` plus the function and its
tests) runs every passing test under coverage.py with branch coverage and reports the
function's own statements and branches, the whole file's figures, and the type of
every argument and result. The figures:

- ``line``: executed / all statements of the function's body (the ``def`` line, which
  runs without any test, and the docstring are not counted);
- ``branch``: branches taken / all branches in the body (None when it has none);
- ``reference_line``: MultiPL-T's figure, the line coverage of the file holding the
  function and its passing asserts, the asserts counted in both numerator and
  denominator (which is why it reads higher).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from multiplt.program import Program, Verdict
from multiplt.sandbox import Sandbox

MARK = "MULTIPLT-MEASURE "
TIMEOUT_CAP_S = 60.0


@cache
def _program_text() -> str:
    return Path(__file__).with_name("measure_program.py").read_text(encoding="utf-8")


class MeasureError(ValueError):
    """The function or its tests cannot be measured; ``reason`` is a short word for counting."""

    def __init__(self, message: str, reason: str = "unmeasurable") -> None:
        super().__init__(message)
        self.reason = reason


def body_lines(program: str, name: str) -> tuple[int, int]:
    """First and last line of the body of the top-level function ``name`` in ``program``, docstring excluded."""
    try:
        module = ast.parse(program)
    except SyntaxError as error:
        raise MeasureError(f"program does not parse: {error.msg} (line {error.lineno})", "program_syntax_error") from None
    functions = [node for node in module.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name]
    if not functions:
        raise MeasureError(f"program has no top-level function {name}", "function_not_in_program")
    node = functions[-1]
    body = node.body
    if len(body) > 1 and ast.get_docstring(node, clean=False) is not None:
        body = body[1:]
    return body[0].lineno, node.end_lineno or body[-1].lineno


def split_test(test: str) -> tuple[str, str]:
    """``assert f(a, b) == e`` as (``"(a, b,)"``, ``"e"``): the arguments as a tuple's source, and the expected value's."""
    statement = ast.parse(test).body[0]
    assert isinstance(statement, ast.Assert) and isinstance(statement.test, ast.Compare)
    call, expected = statement.test.left, statement.test.comparators[0]
    assert isinstance(call, ast.Call)
    arguments = "(" + "".join(ast.unparse(argument) + ", " for argument in call.args) + ")"
    return arguments, ast.unparse(expected)


def measure_program(program: str, name: str, tests: Sequence[str], *, memory_mb: int = 1024, timeout_s: float | None = None) -> Program:
    """The sandbox program measuring ``tests`` against the function ``name`` of ``program``."""
    spec = {"program": program, "name": name, "lines": list(body_lines(program, name)), "tests": [list(split_test(test)) for test in tests]}
    timeout = timeout_s if timeout_s is not None else min(TIMEOUT_CAP_S, 5.0 * (len(tests) + 1))
    source = f"{_program_text()}\n\nmain(json.loads({json.dumps(spec)!r}))\n"
    return Program("py", source, timeout_s=timeout, memory_mb=memory_mb)


@dataclass
class Measurement:
    """What one measuring run reported (see the module docstring for the figures)."""

    statements: int
    executed: int
    branches: int
    branches_taken: int
    file_statements: int
    file_executed: int
    signatures: list[Any] = field(default_factory=list)  # [argument shapes, result shape], distinct
    per_test: list[int] = field(default_factory=list)  # signature index per test, -1: failed here

    def coverage(self) -> dict[str, float | None]:
        """The ``coverage`` field of a tested-function record."""
        passing = sum(index >= 0 for index in self.per_test)
        return {
            "line": self.executed / self.statements if self.statements else 0.0,
            "branch": self.branches_taken / self.branches if self.branches else None,
            "reference_line": (self.file_executed + passing) / (self.file_statements + passing)
            if self.file_statements + passing
            else 0.0,
        }


def read_measurement(verdict: Verdict) -> Measurement:
    """The report in a measuring run's output; MeasureError when the run did not produce one."""
    lines = [line for line in verdict.stdout.splitlines() if line.startswith(MARK)]
    if not verdict.passed or len(lines) != 1:
        last = (verdict.stderr.strip().splitlines() or [""])[-1][:200]
        reason = "no_coverage_module" if "No module named 'coverage'" in verdict.stderr else f"run_{verdict.status.value}"
        raise MeasureError(f"measuring run ended {verdict.status.value} (exit {verdict.exit_code}) without a report: {last}", reason)
    try:
        data = json.loads(lines[0][len(MARK):])
        return Measurement(**data)
    except (ValueError, TypeError) as error:
        raise MeasureError(f"unreadable measuring report: {error}", "unreadable_report") from None


def measure_many(
    sandbox: Sandbox, functions: Sequence[tuple[str, str, Sequence[str]]], *, memory_mb: int = 1024
) -> Iterator[Measurement | MeasureError]:
    """For each ``(program, name, tests)``, its Measurement or the MeasureError saying why there is none."""
    programs: list[Program | MeasureError] = []
    for program, name, tests in functions:
        try:
            programs.append(measure_program(program, name, tests, memory_mb=memory_mb))
        except (MeasureError, SyntaxError, AssertionError) as error:
            if isinstance(error, MeasureError):
                programs.append(error)
            else:
                programs.append(MeasureError(f"a test is not in the assert f(...) == ... form: {error}", "test_form"))
    runnable = [program for program in programs if isinstance(program, Program)]
    verdicts = sandbox.map(runnable)
    for program in programs:
        if isinstance(program, MeasureError):
            yield program
            continue
        try:
            yield read_measurement(next(verdicts))
        except MeasureError as error:
            yield error
