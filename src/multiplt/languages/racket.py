"""Racket with rackunit (MultiPL-E code ``rkt``)."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck
from multiplt.languages.translator import STUB_MESSAGE, Translator, contains_float, quoted
from multiplt.languages.types import PyType
from multiplt.program import Status


class Racket(Translator):
    code = "rkt"
    name = "Racket"
    extension = ".rkt"
    stop_tokens = ("\n(define ", "\n#|", "\n;", "\n(")
    timeout_s = 15.0
    runtime_checks = (RuntimeCheck("racket", ("racket", "--version")),)
    debian_packages = ("racket",)
    install_note = None
    memory_markers = ("out of memory",)  # Racket CS, and the warm worker's word for it

    def command(self, path: str) -> list[str]:
        return ["racket", path]

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        # rackunit prints a failure report yet exits 0: any stderr output is a failure.
        if exit_code == 0 and not stderr:
            return Status.OK
        if "collection not found" in stderr and "rackunit" in stderr:
            return Status.SANDBOX_ERROR  # the runtime is incomplete, not the program wrong
        if "read-syntax" in stderr or "read:" in stderr or "bad syntax" in stderr:
            return Status.SYNTAX_ERROR
        # rackunit says FAILURE for a check that failed, ERROR for one whose expression raised.
        if "\nFAILURE\n" in stderr:
            return Status.ASSERTION_ERROR
        return Status.EXCEPTION

    # ---- translator side: one method per form, as MultiPL-E's humaneval_to_rkt ----
    terms = {"array": "list", "list": "list", "tuple": "list", "dictionary": "hash",
             "None": "#f", "True": "#t", "False": "#f"}  # fmt: skip
    header = "#lang racket\n\n"
    harness_names = frozenset({"list", "hash", "set", "require", "define", "let", "error"})

    def gen_none(self, ty: PyType) -> str:
        """``None`` becomes ``#f``, as in MultiPL-E."""
        return "#f"

    def gen_bool(self, v: bool) -> str:
        """``True`` becomes ``#t``, ``False`` becomes ``#f``."""
        return "#t" if v else "#f"

    def gen_int(self, v: int) -> str:
        """``-3`` stays ``-3`` (Racket integers are unbounded)."""
        return str(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``; ``inf`` becomes ``+inf.0``, ``nan`` becomes ``+nan.0``."""
        if v != v:
            return "+nan.0"
        if v in (float("inf"), float("-inf")):
            return "+inf.0" if v > 0 else "-inf.0"
        return repr(v)

    def gen_str(self, v: str) -> str:
        """``'a"b\\n'`` becomes ``"a\\"b\\n"``; control characters as ``\\uXXXX``."""
        return quoted(v, lambda code: f"\\u{code:04x}")

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[x, y]`` becomes ``(list x y)``."""
        return "(list" + "".join(f" {item}" for item in items) + ")"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(x, y)`` becomes ``(list x y)``."""
        return self.gen_list(items, ty)

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": 1}`` becomes ``#hash(("k" . 1))``; with a compound key or value,
        ``(hash "k" (list 1))`` (a ``#hash`` literal would quote ``(list 1)`` as data)."""
        if any(part.startswith("(") for pair in pairs for part in pair):
            return "(hash" + "".join(f" {key} {value}" for key, value in pairs) + ")"
        return "#hash(" + " ".join(f"({key} . {value})" for key, value in pairs) + ")"

    def gen_set(self, items: list[str], ty: PyType) -> str:
        """``{x, y}`` becomes ``(set x y)``."""
        return "(set" + "".join(f" {item}" for item in items) + ")"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)`` becomes ``(f x y)``."""
        return "(" + " ".join([function, *args]) + ")"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``(check-equal? call expected)``; where floats are expected, MultiPL-E's
        ``(check-within call expected 0.001)`` (or the test's own tolerance), except
        around infinities, which ``check-within`` never matches (inf - inf is nan)."""
        if test.tolerance is not None or (contains_float(test.expected) and "inf.0" not in expected):
            return f"    (check-within {call} {expected} {test.tolerance or 0.001!r})"
        return f"    (check-equal? {call} {expected})"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "(require rackunit)", "", "(define (test-humaneval)", f"  (let ((candidate {function}))"]

    def test_suffix(self, function: str) -> list[str]:
        return ["))", "", "(test-humaneval)"]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises: ``(error ...))``."""
        return f'  (error "{STUB_MESSAGE}"))\n'

    def comment(self, text: str) -> str:
        """Each line as a ``;; `` comment."""
        return "".join(f";; {line}".rstrip() + "\n" for line in text.split("\n"))

    def signature(self, fn: PyFunction) -> str:
        """``(define (f a b)``."""
        names = self.names(fn)
        return "(define (" + " ".join([names.function, *names.parameters]) + ")\n"
