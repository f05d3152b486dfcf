"""R (MultiPL-E code ``r``), run by ``Rscript``."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class R:
    code = "r"
    name = "R"
    extension = ".r"
    stop_tokens = ("\n#", "\n```")
    timeout_s = 5.0

    def command(self, path: str) -> list[str]:
        return ["Rscript", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        if exit_code == 0:
            return Status.OK
        if "unexpected" in stderr:
            return Status.SYNTAX_ERROR
        if "is not TRUE" in stderr:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
