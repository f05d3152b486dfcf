"""Julia (MultiPL-E code ``jl``); used where a ``julia`` is on PATH."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class Julia:
    code = "jl"
    name = "Julia"
    extension = ".jl"
    stop_tokens = ("\nfunction", "\nmacro", "\n\n")
    timeout_s = 5.0

    def command(self, path: str) -> list[str]:
        return ["julia", "--startup-file=no", "--history-file=no", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        if exit_code == 0:
            return Status.OK
        if "ParseError" in stderr or "syntax:" in stderr:
            return Status.SYNTAX_ERROR
        if "Test Failed" in stdout + stderr or "did not pass" in stdout + stderr:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
