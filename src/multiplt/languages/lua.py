"""Lua 5.4 with luaunit (MultiPL-E code ``lua``)."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, TestBlock
from multiplt.sandbox.verdict import Status


class Lua:
    code = "lua"
    name = "Lua"
    extension = ".lua"
    stop_tokens = ("\nlocal", "\nfunction", "\n--", "\n\n")
    timeout_s = 15.0

    def command(self, path: str) -> list[str]:
        # Debian's plain `lua` may be 5.1: always call the versioned binary.
        return ["lua5.4", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        if exit_code == 0:
            return Status.OK
        if "syntax error" in stderr or "unexpected symbol" in stderr or "expected near" in stderr:
            return Status.SYNTAX_ERROR
        if "expected:" in stdout or "expected:" in stderr or "Failed tests" in stdout:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    def prompt(self, fn: PyFunction, *, canonical_solution: bool = False) -> str:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        raise NotImplementedError
