"""Lua 5.4 with luaunit (MultiPL-E code ``lua``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck, TranslationError
from multiplt.languages.translator import STUB_MESSAGE, Translator, quoted
from multiplt.languages.types import PyType
from multiplt.program import Status

# The parser's "'end' expected near <eof>" and "')' expected (to close '(' at line 2) near '='".
_EXPECTED_NEAR = re.compile(r"expected (\(to close .+? at line \d+\) )?near")


class Lua(Translator):
    code = "lua"
    name = "Lua"
    extension = ".lua"
    stop_tokens = ("\nlocal", "\nfunction", "\n--", "\n\n")
    timeout_s = 15.0
    runtime_checks = (
        RuntimeCheck("lua5.4", ("lua5.4", "-v")),
        # MultiPL-E's Lua tests `require('luaunit')`: it must load from lua5.4.
        RuntimeCheck("luaunit", ("lua5.4", "-e", "local lu = require('luaunit'); io.write('luaunit ', lu.VERSION or '?')")),
    )
    debian_packages = ("lua5.4", "lua-unit")
    install_note = None
    memory_markers = ("not enough memory",)

    def command(self, path: str) -> list[str]:
        # Debian's plain `lua` may be 5.1: always call the versioned binary.
        return ["lua5.4", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        if exit_code == 0:
            return Status.OK
        if "module 'luaunit' not found" in stderr:
            return Status.SANDBOX_ERROR  # the runtime is incomplete, not the program wrong
        if "syntax error" in stderr or "unexpected symbol" in stderr or _EXPECTED_NEAR.search(stderr):
            return Status.SYNTAX_ERROR
        if "expected:" in stdout or "expected:" in stderr or "Failed tests" in stdout:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    # ---- translator side: one method per form, as MultiPL-E's humaneval_to_lua ----
    terms = {"array": "table", "list": "table", "tuple": "table", "dictionary": "table",
             "None": "nil", "True": "true", "False": "false"}  # fmt: skip
    keywords = frozenset("and break do else elseif end false for function goto if in local nil not or "
                         "repeat return then true until while".split())  # fmt: skip
    harness_names = frozenset({"lu", "require", "os", "math", "error", "test_humaneval"})

    def gen_none(self, ty: PyType) -> str:
        """``None`` becomes ``nil``."""
        return "nil"

    def gen_bool(self, v: bool) -> str:
        """``True`` becomes ``true``."""
        return "true" if v else "false"

    def gen_int(self, v: int) -> str:
        """``-3`` stays ``-3``; past 64 bits Lua would silently make it a float."""
        if not -(2**63) <= v < 2**63:
            raise TranslationError("integer out of range for lua")
        return str(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``; ``inf`` becomes ``math.huge``, ``nan`` becomes ``(0/0)``."""
        if v != v:
            return "(0/0)"
        if v in (float("inf"), float("-inf")):
            return "math.huge" if v > 0 else "-math.huge"
        return repr(v)

    def gen_str(self, v: str) -> str:
        """``'a"b\\n'`` becomes ``"a\\"b\\n"``; control characters as ``\\ddd``."""
        return quoted(v, lambda code: f"\\{code:03d}")

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[x, y]`` becomes ``{x, y}``."""
        return "{" + ", ".join(items) + "}"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(x, y)`` becomes ``{x, y}``."""
        return "{" + ", ".join(items) + "}"

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": v}`` becomes ``{["k"] = v}``."""
        return "{" + ", ".join(f"[{key}] = {value}" for key, value in pairs) + "}"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)`` stays ``f(x, y)``."""
        return f"{function}({', '.join(args)})"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``lu.assertEquals(call, expected)``: exact, floats included (luaunit compares with ==)."""
        if test.tolerance is not None:
            return f"    lu.assertAlmostEquals({call}, {expected}, {test.tolerance!r})"
        return f"    lu.assertEquals({call}, {expected})"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "lu = require('luaunit')", "", "function test_humaneval()", f"local candidate = {function}"]

    def test_suffix(self, function: str) -> list[str]:
        return ["end", "", "os.exit(lu.LuaUnit.run())"]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises: ``error(...)`` and ``end``."""
        return f'    error("{STUB_MESSAGE}")\nend\n'

    def comment(self, text: str) -> str:
        """Each line as a ``-- `` comment."""
        return "".join(f"-- {line}".rstrip() + "\n" for line in text.split("\n"))

    def signature(self, fn: PyFunction) -> str:
        """``local function f(a, b)``."""
        names = self.names(fn)
        return f"local function {names.function}({', '.join(names.parameters)})\n"
