"""Racket with rackunit (MultiPL-E code ``rkt``)."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class Racket:
    code = "rkt"
    name = "Racket"
    extension = ".rkt"
    stop_tokens = ("\n(define ", "\n#|", "\n;", "\n(")
    timeout_s = 15.0

    def command(self, path: str) -> list[str]:
        return ["racket", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        # rackunit prints a failure report yet exits 0: any stderr output is a failure.
        if exit_code == 0 and not stderr.strip():
            return Status.OK
        if "read-syntax" in stderr or "read:" in stderr or "bad syntax" in stderr:
            return Status.SYNTAX_ERROR
        if "FAILURE" in stderr or "check-equal?" in stderr:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
