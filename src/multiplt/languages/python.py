"""Python 3 (MultiPL-E code ``py``): the source language, and a runnable one."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class Python:
    code = "py"
    name = "Python"
    extension = ".py"
    stop_tokens = ("\ndef", "\n#", "\nif", "\nclass")
    timeout_s = 5.0

    def command(self, path: str) -> list[str]:
        return ["python3", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        if exit_code == 0:
            return Status.OK
        if "SyntaxError" in stderr or "IndentationError" in stderr:
            return Status.SYNTAX_ERROR
        if "AssertionError" in stderr:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
