"""OCaml (MultiPL-E code ``ml``), run by the ``ocaml`` toplevel."""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, PyFunction, RuntimeCheck, TranslationError
from multiplt.languages.translator import STUB_MESSAGE, Translator, quoted, required_types
from multiplt.languages.types import PyType, optional_inner
from multiplt.program import Status


class OCaml(Translator):
    code = "ml"
    name = "OCaml"
    extension = ".ml"
    stop_tokens = ("\n\n", "\n(*", "\ntype")
    timeout_s = 15.0
    runtime_checks = (RuntimeCheck("ocaml", ("ocaml", "-version")),)
    debian_packages = ("ocaml-nox",)
    install_note = None
    # The exception, and the toplevel's "Out of memory during evaluation."
    memory_markers = ("Out_of_memory", "Out of memory")

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

    # ---- translator side: one method per form, as MultiPL-E's humaneval_to_ml ----
    terms = {"array": "list", "list": "list", "tuple": "tuple", "dictionary": "association list",
             "None": "None", "True": "true", "False": "false"}  # fmt: skip
    typed = True
    keywords = frozenset("and as assert asr begin class constraint do done downto else end exception external "
                         "false for fun function functor if in include inherit initializer land lazy let lor lsl "
                         "lsr lxor match method mod module mutable new nonrec object of open or private rec sig "
                         "struct then to true try type val virtual when while with".split())  # fmt: skip
    harness_names = frozenset({"assertions", "abs_float", "infinity", "neg_infinity", "nan", "failwith"})

    def identifier(self, name: str) -> str:
        """A Python name as an OCaml value name: ``N`` becomes ``n`` (a capital starts a
        constructor), a reserved word gets a trailing ``_``."""
        name = name[:1].lower() + name[1:]
        return f"{name}_" if name in self.keywords else name

    def gen_none(self, ty: PyType) -> str:
        """``None`` becomes ``None`` (an absent ``option``)."""
        return "None"

    def gen_some(self, rendered: str) -> str:
        """A present ``Optional[int]`` value ``3`` becomes ``(Some 3)``."""
        return f"(Some {rendered})"

    def gen_bool(self, v: bool) -> str:
        """``True`` becomes ``true``."""
        return "true" if v else "false"

    def gen_int(self, v: int) -> str:
        """``3`` stays ``3``; ``-3`` becomes ``(-3)``; past 63 bits there is no OCaml int."""
        if not -(2**62) <= v < 2**62:
            raise TranslationError("integer out of range for ml")
        return f"({v})" if v < 0 else str(v)

    def gen_float(self, v: float) -> str:
        """``1.5`` stays ``1.5``, ``-1.5`` becomes ``(-1.5)``; ``inf`` is ``infinity``, ``nan`` is ``nan``."""
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "infinity" if v > 0 else "neg_infinity"
        return f"({v!r})" if v < 0 or repr(v).startswith("-") else repr(v)

    def gen_str(self, v: str) -> str:
        """``'a"b\\n'`` becomes ``"a\\"b\\n"``; control characters as ``\\xhh``."""
        return quoted(v, lambda code: f"\\x{code:02x}")

    def gen_list(self, items: list[str], ty: PyType) -> str:
        """``[x, y]`` becomes ``[x; y]``; a list mixing types has no OCaml type."""
        element = ty.args[0] if ty.args else None
        if element is not None and element.kind == "union" and optional_inner(element) is None:
            raise TranslationError("list mixes types, no ml type")
        return "[" + "; ".join(items) + "]"

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        """``(x, y)`` becomes ``(x, y)``; OCaml has no 1-tuples."""
        if len(items) == 1:
            raise TranslationError("1-tuple has no ml form")
        return "(" + ", ".join(items) + ")"

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        """``{"k": v}`` becomes the association list ``[("k", v)]``."""
        return "[" + "; ".join(f"({key}, {value})" for key, value in pairs) + "]"

    def call(self, function: str, args: Sequence[str]) -> str:
        """``f(x, y)`` becomes ``f x y``; ``f()`` becomes ``f ()``."""
        return " ".join([function, *args]) if args else f"{function} ()"

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        """``(assert ((call) = expected))``: structural equality, exact on floats as in
        MultiPL-E; an ``abs(f(x) - y) < tol`` test keeps its tolerance."""
        if test.tolerance is not None and expected.startswith("(Some "):
            within = f"abs_float (x -. {expected[6:-1]}) < {test.tolerance!r}"
            return f"  (assert (match {call} with Some x -> {within} | None -> false));"
        if test.tolerance is not None:
            return f"  (assert (abs_float (({call}) -. {expected}) < {test.tolerance!r}));"
        return f"  (assert (({call}) = {expected}));"

    def test_prefix(self, function: str) -> list[str]:
        return ["", "let assertions =", f" let candidate = {function} in"]

    def test_suffix(self, function: str) -> list[str]:
        return ["  ()", ""]

    def stub_body(self) -> str:
        """What follows the prompt to make a function that only raises: ``failwith ...``
        (of any type, so it fits every signature)."""
        return f'\n  failwith "{STUB_MESSAGE}"\n'

    def comment(self, text: str) -> str:
        """A ``(** ... *)`` doc comment, lines after the first starting `` * ``. Nested
        comment brackets are broken up and an odd ``"`` replaced: the OCaml lexer reads
        comments for nesting and string literals."""
        text = text.replace("(*", "( *").replace("*)", "* )")
        if text.count('"') % 2:
            text = text.replace('"', "'")
        return "(**" + "\n".join(f" * {line}".rstrip() if i else line for i, line in enumerate(text.split("\n"))) + "\n*)\n"

    def signature(self, fn: PyFunction) -> str:
        """``let f (a : int) (b : int list) : bool =``, typed from the annotations."""
        parameter_types, return_type = required_types(fn)
        names = self.names(fn)
        parameters = " ".join(f"({name} : {self.type(t)})" for name, t in zip(names.parameters, parameter_types, strict=True))
        return f"let {names.function} {parameters or '()'} : {self.type(return_type)} ="

    def type(self, t: PyType) -> str:
        """``list[tuple[int, str]]`` becomes ``(int * string) list``; ``Optional[int]`` is ``int option``."""
        match t.kind:
            case "int" | "float" | "bool":
                return t.kind
            case "str":
                return "string"
            case "list":
                return f"{self._operand(t.args[0])} list"
            case "tuple" if t.args and t.args[-1].kind == "ellipsis":
                raise TranslationError("variable-length tuple has no ml type")
            case "tuple" if len(t.args) >= 2:
                return " * ".join(self._operand(arg) for arg in t.args)
            case "dict":
                return f"({self._operand(t.args[0])} * {self._operand(t.args[1])}) list"
            case "union":
                inner = optional_inner(t)
                if inner is None:
                    raise TranslationError("ml has no untagged union type")
                return f"{self._operand(inner)} option"
            case "any" | "unknown":
                raise TranslationError("ml has no Any type")
        raise TranslationError(f"type {t} has no ml form")

    def _operand(self, t: PyType) -> str:
        """A type as an argument of ``list``/``option``/``*``: tuples get parentheses."""
        rendered = self.type(t)
        return f"({rendered})" if t.kind == "tuple" else rendered
