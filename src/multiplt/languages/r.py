"""R (MultiPL-E code ``r``), run by ``Rscript``."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck, TranslationError
from multiplt.languages.translator import STUB_MESSAGE, Translator, quoted
from multiplt.languages.types import PyType
from multiplt.program import Status


class R(Translator):
    code = "r"
    name = "R"
    extension = ".r"
    stop_tokens = ("\n#", "\n```")
    timeout_s = 5.0
    runtime_checks = (RuntimeCheck("Rscript", ("Rscript", "--version")),)
    debian_packages = ("r-base-core",)
    install_note = None
    # "cannot allocate vector of size ..." / "... memory block"; the parser's "memory exhausted".
    memory_markers = ("cannot allocate", "memory exhausted")

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

    # ---- translator side: one method per form, as MultiPL-E's humaneval_to_r ----
    terms = {"array": "vector", "list": "list", "tuple": "list", "dictionary": "named list",
             "None": "NULL", "True": "TRUE", "False": "FALSE"}  # fmt: skip
    shape_by_values = True
    keywords = frozenset("if else repeat while function for next break TRUE FALSE NULL Inf NaN NA in".split())
    harness_names = frozenset({"c", "list", "stopifnot", "isTRUE", "stop", "test_humaneval"})

    def identifier(self, name: str) -> str:
        """A Python name as an R name: a reserved word gets a trailing ``_``; a name R
        cannot write bare (``_escape``: R names cannot start with ``_``) is backquoted,
        `` `_escape` ``, which R accepts wherever a name goes."""
        if name.startswith("_"):
            return f"`{name}`"
        return super().identifier(name)

    def gen_none(self, ty: PyType) -> str:
        """``None`` becomes ``NULL``."""
        return "NULL"

    def gen_bool(self, v: bool) -> str:
        """``True`` becomes ``TRUE``."""
        return "TRUE" if v else "FALSE"

    def gen_int(self, v: int) -> str:
        """``-3`` stays ``-3`` (a double in R, as in MultiPL-E)."""
        return str(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``; ``inf`` becomes ``Inf``, ``nan`` becomes ``NaN``."""
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Inf" if v > 0 else "-Inf"
        return repr(v)

    def gen_str(self, v: str) -> str:
        """``'a"b\\n'`` becomes ``"a\\"b\\n"``; control characters as ``\\xhh``."""
        return quoted(v, lambda code: f"\\x{code:02x}")

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[1, 2]`` becomes ``c(1, 2)`` when the elements share one atomic type
        (numbers, strings or booleans), else ``list(1, "a")``; ``[]`` becomes ``c()``."""
        element = ty.args[0] if ty.args else None
        if element is None or element.kind in ("int", "float", "str", "bool", "unknown"):
            return "c(" + ", ".join(items) + ")"
        return "list(" + ", ".join(items) + ")"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(1, 2)`` becomes ``c(1, 2)``, ``(1, "a")`` becomes ``list(1, "a")``."""
        kinds = {arg.kind for arg in ty.args}
        if kinds <= {"int", "float"} or (len(kinds) == 1 and kinds <= {"str", "bool"}):
            return "c(" + ", ".join(items) + ")"
        return "list(" + ", ".join(items) + ")"

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": v}`` becomes the named list ``list("k" = v)``; keys must be strings."""
        if any(not key.startswith('"') for key, _ in pairs):
            raise TranslationError("dict key is not a string, no r named list")
        return "list(" + ", ".join(f"{key} = {value}" for key, value in pairs) + ")"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)`` stays ``f(x, y)``."""
        return f"{function}({', '.join(args)})"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``stopifnot(isTRUE(all.equal(call, expected)))``: ``all.equal`` allows a
        relative 1.5e-8 on numbers, as in MultiPL-E; a test's own tolerance is passed on."""
        if test.tolerance is not None:
            return f"    stopifnot(isTRUE(all.equal({call}, {expected}, tolerance = {test.tolerance!r})))"
        return f"    stopifnot(isTRUE(all.equal({call}, {expected})))"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "test_humaneval <- function() {", f"    candidate <- {function}"]

    def test_suffix(self, function: str) -> list[str]:
        return ["}", "test_humaneval()"]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises: ``stop(...)`` and ``}``."""
        return f'\n  stop("{STUB_MESSAGE}")\n}}\n'

    def comment(self, text: str) -> str:
        """Each line as a ``# `` comment."""
        return "".join(f"# {line}".rstrip() + "\n" for line in text.split("\n"))

    def signature(self, fn: PyFunction) -> str:
        """``f <- function(a, b) {``."""
        names = self.names(fn)
        return f"{names.function} <- function({', '.join(names.parameters)}) {{"
