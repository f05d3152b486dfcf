"""Python 3 (MultiPL-E code ``py``): the source language, and a runnable one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck
from multiplt.languages.translator import STUB_MESSAGE, Translator
from multiplt.languages.types import PyType
from multiplt.program import Status


class Python(Translator):
    code = "py"
    name = "Python"
    extension = ".py"
    stop_tokens = ("\ndef", "\n#", "\nif", "\nclass")
    timeout_s = 5.0
    runtime_checks = (RuntimeCheck("python3", ("python3", "--version")),)
    debian_packages = ("python3",)
    install_note = None
    memory_markers = ("MemoryError",)

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

    # ---- translator side: Python to Python, the identity MultiPL-E's "py" target is ----
    def gen_none(self, ty: PyType) -> str:
        """``None`` stays ``None``."""
        return "None"

    def gen_bool(self, v: bool) -> str:
        """``True`` stays ``True``."""
        return repr(v)

    def gen_int(self, v: int) -> str:
        """``-3`` stays ``-3``."""
        return repr(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``; ``inf`` becomes ``float('inf')``, ``nan`` ``float('nan')``."""
        if v != v or v in (float("inf"), float("-inf")):
            return f"float('{v}')"
        return repr(v)

    def gen_str(self, v: str) -> str:
        """A string is written as Python's ``repr`` writes it."""
        return repr(v)

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[x, y]`` stays ``[x, y]``."""
        return "[" + ", ".join(items) + "]"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(x, y)`` stays ``(x, y)``; ``(x,)`` keeps its comma."""
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": v}`` stays ``{'k': v}``."""
        return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"

    def gen_set(self, items: list[str], ty: PyType) -> str:
        """``{x, y}`` stays ``{x, y}``; the empty set is ``set()``."""
        return "{" + ", ".join(items) + "}" if items else "set()"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)``."""
        return f"{function}({', '.join(args)})"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``assert call == expected``, or ``assert abs(call - expected) < tol``."""
        if test.tolerance is not None:
            return f"    assert abs({call} - {expected}) < {test.tolerance!r}"
        return f"    assert {call} == {expected}"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "", "def check(candidate):"]

    def test_suffix(self, function: str) -> list[str]:
        return ["", "", f"check({function})", ""]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises."""
        return f'    raise NotImplementedError("{STUB_MESSAGE}")\n'

    def comment(self, text: str) -> str:
        """The docstring, indented under the signature."""
        body = "\n".join(f"    {line}" if line else "" for line in text.replace('"""', '\\"\\"\\"').split("\n"))
        return f'    """{body[4:]}\n    """\n'

    def signature(self, fn: PyFunction) -> str:
        """``def f(a: int, b) -> bool:``."""
        parameters = ", ".join(f"{p.name}: {p.annotation}" if p.annotation else p.name for p in fn.parameters)
        returns = f" -> {fn.return_annotation}" if fn.return_annotation else ""
        return f"def {fn.name}({parameters}){returns}:\n"

    def layout(self, comment: str, signature: str) -> str:
        """Python's docstring goes under the signature, after the typing imports it uses."""
        used = sorted(set(re.findall(r"\b(List|Dict|Tuple|Set|Optional|Union|Any)\b", signature)))
        imports = f"from typing import {', '.join(used)}\n\n\n" if used else ""
        return imports + signature + comment
