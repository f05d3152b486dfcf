"""OCaml (MultiPL-E code ``ml``), run by the ``ocaml`` toplevel."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class OCaml:
    code = "ml"
    name = "OCaml"
    extension = ".ml"
    stop_tokens = ("\n\n", "\n(*", "\ntype")
    timeout_s = 15.0

    def command(self, path: str) -> list[str]:
        return ["ocaml", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        output = stdout + stderr
        if exit_code == 0 and "Error:" not in output and "Exception:" not in output:
            return Status.OK
        if "Assert_failure" in output:
            return Status.ASSERTION_ERROR
        # A type error is a compile error: it counts with syntax errors, never as a pass.
        if "Error:" in output and "Exception:" not in output:
            return Status.SYNTAX_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
