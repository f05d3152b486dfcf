"""Julia (MultiPL-E code ``jl``); used where a ``julia`` is on PATH."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck, TranslationError
from multiplt.languages.translator import STUB_MESSAGE, Translator, quoted, required_types
from multiplt.languages.types import PyType, is_complete
from multiplt.program import Status


class Julia(Translator):
    code = "jl"
    name = "Julia"
    extension = ".jl"
    stop_tokens = ("\nfunction", "\nmacro", "\n\n")
    timeout_s = 5.0
    runtime_checks = (RuntimeCheck("julia", ("julia", "--version")),)
    debian_packages = ()
    install_note = "not packaged for Debian 12: install from julialang.org and put `julia` on PATH"
    memory_markers = ("OutOfMemoryError", "std::bad_alloc")  # Julia's exception; its C++ runtime's abort

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

    # ---- translator side: one method per form, as MultiPL-E's humaneval_to_jl ----
    terms = {"array": "vector", "list": "vector", "tuple": "tuple", "dictionary": "dictionary",
             "None": "nothing", "True": "true", "False": "false"}  # fmt: skip
    typed = True
    keywords = frozenset("baremodule begin break catch const continue do else elseif end export false finally for "
                         "function global if import in isa let local macro module quote return struct true try "
                         "using where while".split())  # fmt: skip
    harness_names = frozenset({"isapprox", "Dict", "Vector", "Tuple", "Union", "Nothing", "error", "Test"})

    def gen_none(self, ty: PyType) -> str:
        """``None`` becomes ``nothing``."""
        return "nothing"

    def gen_bool(self, v: bool) -> str:
        """``True`` becomes ``true``."""
        return "true" if v else "false"

    def gen_int(self, v: int) -> str:
        """``-3`` stays ``-3`` (Julia widens big literals to Int128/BigInt itself)."""
        return str(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``; ``inf`` becomes ``Inf``, ``nan`` becomes ``NaN``."""
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Inf" if v > 0 else "-Inf"
        return repr(v)

    def gen_str(self, v: str) -> str:
        """``'a"b$\\n'`` becomes ``"a\\"b\\$\\n"`` (``$`` would interpolate); control characters as ``\\xhh``."""
        return quoted(v, lambda code: f"\\x{code:02x}", {"$": "\\$"})

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[x, y]`` stays ``[x, y]``. An empty list of a declared type becomes
        ``Vector{Int64}([])``, as MultiPL-E writes it; with an abstract element type
        (``Any``, a ``Union``) the literal is typed, ``Any[1, 2]``, since Julia's
        ``Vector{Any}`` parameter does not accept a ``Vector{Int64}``."""
        element = ty.args[0] if ty.args else None
        if not items:
            return f"Vector{{{self.type(element)}}}([])" if element is not None and is_complete(element) else "[]"
        if element is not None and element.kind in ("any", "union"):
            return f"{self.type(element)}[{', '.join(items)}]"
        return "[" + ", ".join(items) + "]"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(x, y)`` stays ``(x, y)``; ``(x,)`` stays ``(x,)``."""
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": v}`` becomes ``Dict("k" => v)``; an empty one of a declared type ``Dict{String, Int64}()``."""
        if not pairs:
            return f"{self.type(ty)}()" if is_complete(ty) else "Dict()"
        return "Dict(" + ", ".join(f"{key} => {value}" for key, value in pairs) + ")"

    def gen_set(self, items: list[str], ty: PyType) -> str:
        """``{x, y}`` becomes ``Set([x, y])``; an empty one of a declared type ``Set{Int64}()``."""
        if not items:
            return f"{self.type(ty)}()" if is_complete(ty) else "Set()"
        return "Set([" + ", ".join(items) + "])"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)`` stays ``f(x, y)``."""
        return f"{function}({', '.join(args)})"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``@test(call == expected)``: exact, floats included, as in MultiPL-E; an
        ``abs(f(x) - y) < tol`` test becomes ``isapprox`` with that absolute tolerance."""
        if test.tolerance is not None:
            return f"\t@test(isapprox({call}, {expected}, atol = {test.tolerance!r}))"
        return f"\t@test({call} == {expected})"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "using Test", "", "@testset begin", "", f"candidate = {function};"]

    def test_suffix(self, function: str) -> list[str]:
        return ["end", ""]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises: ``error(...)`` and ``end``."""
        return f'    error("{STUB_MESSAGE}")\nend\n'

    def comment(self, text: str) -> str:
        """A ``\"\"\"`` docstring, with ``\\``, ``$`` and ``\"\"\"`` escaped."""
        text = text.replace("\\", "\\\\").replace("$", "\\$").replace('"""', '\\"\\"\\"')
        body = "\n".join(f"    {line}" if line else "" for line in text.split("\n"))
        return f'"""\n{body}\n    """\n'

    def signature(self, fn: PyFunction) -> str:
        """``function f(a::Int64, b::Vector{Int64})::Bool``, typed from the annotations."""
        parameter_types, return_type = required_types(fn)
        names = self.names(fn)
        parameters = ", ".join(f"{name}::{self.type(t)}" for name, t in zip(names.parameters, parameter_types, strict=True))
        return f"function {names.function}({parameters})::{self.type(return_type)}\n"

    def type(self, t: PyType) -> str:
        """``list[int]`` becomes ``Vector{Int64}``, ``Optional[str]`` becomes ``Union{String, Nothing}``."""
        simple = {"int": "Int64", "float": "Float64", "str": "String", "bool": "Bool", "none": "Nothing",
                  "any": "Any", "unknown": "Any"}  # fmt: skip
        if t.kind in simple:
            return simple[t.kind]
        arguments = [self.type(arg) for arg in t.args if arg.kind != "ellipsis"]
        match t.kind:
            case "list":
                return f"Vector{{{arguments[0]}}}"
            case "set":
                return f"Set{{{arguments[0]}}}"
            case "dict":
                return f"Dict{{{arguments[0]}, {arguments[1]}}}"
            case "tuple" if t.args and t.args[-1].kind == "ellipsis":
                return f"Tuple{{Vararg{{{arguments[0]}}}}}"
            case "tuple":
                return f"Tuple{{{', '.join(arguments)}}}"
            case "union":
                return f"Union{{{', '.join(arguments)}}}"
        raise TranslationError(f"type {t} has no jl form")
