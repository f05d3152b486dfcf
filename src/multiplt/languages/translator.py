"""What every language's translator side shares: value dispatch, the test loop, the prompt recipe.

A language module subclasses ``Translator`` and writes only what differs: one ``gen_*``
method per value form, ``call``, ``assertion``, the test prefix and suffix, ``comment``
and ``signature``. Values are rendered against an optional ``PyType`` (from the
function's annotations) so typed targets can write ``1.0`` for a float parameter,
``Some 3`` for an ``Optional[int]`` and ``Vector{Int64}([])`` for an empty list.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from multiplt.languages.base import PyAssert, PyFunction, TestBlock, TranslationError
from multiplt.languages.docstrings import DoctestRenderer, remove_doctests, reword, transform_doctests
from multiplt.languages.pyparse import literal
from multiplt.languages.types import FLOAT, PyType, optional_inner, parse_annotation, type_of

DOCTEST_MODES = ("transform", "keep", "remove")


class Translator:
    """Shared translator behaviour; subclasses supply the target's syntax."""

    code: str
    terms: dict[str, str] = {}  # Python word -> target word, for reworded prompts
    header = ""  # what the prompt starts with, before the doc comment ("#lang racket")
    typed = False  # typed targets turn ints into floats where a float is declared
    shape_by_values = False  # R: c() or list() follows the values, not the annotation

    # ---- values -------------------------------------------------------------------
    def value(self, v: Any, ty: PyType | None = None) -> str:
        """``v`` as a target expression; ``ty`` (the declared type) may shape it."""
        shown = type_of(v)
        ty = shown if ty is None or self.shape_by_values else ty
        inner = optional_inner(ty)
        if inner is not None and v is not None:
            return self.gen_some(self.value(v, inner))
        # An abstract or contradicted declaration says nothing about this value's shape.
        int_as_float = shown.kind == "int" and ty == FLOAT
        if ty.kind in ("union", "any", "unknown") or (ty.kind != shown.kind and not int_as_float):
            ty = shown
        match v:
            case None:
                return self.gen_none(ty)
            case bool():
                return self.gen_bool(v)
            case int():
                return self.gen_float(float(v)) if ty == FLOAT and self.typed else self.gen_int(v)
            case float():
                return self.gen_float(v)
            case str():
                return self.gen_str(v)
            case list():
                return self.gen_list([self.value(item, _arg(ty, 0)) for item in v], ty)
            case tuple():
                return self.gen_tuple([self.value(item, _arg(ty, i)) for i, item in enumerate(v)], ty)
            case dict():
                pairs = [(self.value(key, _arg(ty, 0)), self.value(item, _arg(ty, 1))) for key, item in v.items()]
                return self.gen_dict(pairs, ty)
            case set() | frozenset():
                items = sorted(v, key=repr)
                return self.gen_set([self.value(item, _arg(ty, 0)) for item in items], ty)
        raise TranslationError(f"no {self.code} form for a {type(v).__name__} value")

    def gen_some(self, rendered: str) -> str:
        """A present value of an ``Optional[T]``: unchanged except in OCaml (``Some x``)."""
        return rendered

    def gen_none(self, ty: PyType) -> str:
        raise NotImplementedError

    def gen_bool(self, v: bool) -> str:
        raise NotImplementedError

    def gen_int(self, v: int) -> str:
        raise NotImplementedError

    def gen_float(self, v: float) -> str:
        raise NotImplementedError

    def gen_str(self, v: str) -> str:
        raise NotImplementedError

    def gen_list(self, items: list[str], ty: PyType) -> str:
        raise NotImplementedError

    def gen_tuple(self, items: list[str], ty: PyType) -> str:
        raise NotImplementedError

    def gen_dict(self, pairs: list[tuple[str, str]], ty: PyType) -> str:
        raise NotImplementedError

    def gen_set(self, items: list[str], ty: PyType) -> str:
        raise TranslationError(f"set value has no {self.code} form")

    # ---- tests --------------------------------------------------------------------
    def call(self, function: str, args: Sequence[str]) -> str:
        raise NotImplementedError

    def assertion(self, call: str, expected: str, test: PyAssert) -> str:
        raise NotImplementedError

    def test_prefix(self, function: str) -> list[str]:
        raise NotImplementedError

    def test_suffix(self, function: str) -> list[str]:
        raise NotImplementedError

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        """The test block for ``fn``; each assert that cannot be translated is skipped and counted."""
        parameter_types, return_type = declared_types(fn)
        lines: list[str] = []
        skipped: Counter[str] = Counter()
        for test in asserts:
            try:
                lines.append(self.translate_assert(test, parameter_types, return_type))
            except TranslationError as error:
                skipped[str(error)] += 1
        function = self.names(fn).function
        text = "\n".join([*self.test_prefix(function), *lines, *self.test_suffix(function)])
        return TestBlock(text=text, translated=len(lines), skipped=dict(skipped))

    def translate_assert(self, test: PyAssert, parameter_types: Sequence[PyType | None], return_type: PyType | None) -> str:
        """One assertion line, or TranslationError."""
        if len(test.args) > len(parameter_types):
            raise TranslationError("more arguments than parameters")
        args = [self.value(arg, ty) for arg, ty in zip(test.args, parameter_types, strict=False)]
        expected = self.value(test.expected, return_type)
        return self.assertion(self.call("candidate", args), expected, test)

    # ---- prompt -------------------------------------------------------------------
    keywords: frozenset[str] = frozenset()  # the target's reserved words

    harness_names: frozenset[str] = frozenset()  # names the test block (or the stub body) calls

    def identifier(self, name: str) -> str:
        """A Python name as a target identifier: a reserved word gets a trailing ``_``."""
        return f"{name}_" if name in self.keywords else name

    def names(self, fn: PyFunction) -> Names:
        """The target identifiers of ``fn`` and its parameters, used alike by prompt and tests.

        Each is ``identifier(name)``, made distinct: a name that collides with one already
        given (``end`` and ``end_`` in Lua) or, for the function, with a name the test
        block calls (a Racket function ``list`` would shadow ``(list 1 2)``) gets a
        trailing ``_`` until it is free.
        """
        taken: set[str] = set()

        def free(name: str, reserved: frozenset[str]) -> str:
            target = self.identifier(name)
            while target in taken or target in reserved:
                target = _suffixed(target)
            taken.add(target)
            return target

        function = free(fn.name, self.harness_names)
        return Names(function, tuple(free(p.name, frozenset()) for p in fn.parameters))

    def comment(self, text: str) -> str:
        raise NotImplementedError

    def signature(self, fn: PyFunction) -> str:
        raise NotImplementedError

    def prompt(
        self, fn: PyFunction, *, canonical_solution: bool = False, doctests: str = "transform", reworded: bool = True
    ) -> str:
        """The MultiPL-E prompt: the docstring as a comment, optionally the commented
        Python solution, then the signature. Raises TranslationError if the signature
        cannot be written in this language (OCaml and Julia need every type)."""
        signature = self.signature(fn)
        text = self.docstring(fn, doctests=doctests, reworded=reworded)
        if canonical_solution:
            text = f"{text}\n\n{CANONICAL_HEADER}\n{canonical_python(fn)}".strip("\n")
        return self.layout(self.comment(text) if text else "", signature)

    def layout(self, comment: str, signature: str) -> str:
        """The prompt from its parts: header, doc comment, signature (Python puts the docstring last)."""
        return f"{self.header}{comment}{signature}"

    def docstring(self, fn: PyFunction, *, doctests: str = "transform", reworded: bool = True) -> str:
        """``fn``'s docstring with doctests transformed/kept/removed, reworded or not."""
        if doctests not in DOCTEST_MODES:
            raise ValueError(f"doctests must be one of {', '.join(DOCTEST_MODES)}, not {doctests!r}")
        text = fn.docstring.strip("\n")
        if doctests == "transform":
            text = transform_doctests(text, self.doctest_renderer(fn))
        elif doctests == "remove":
            text = remove_doctests(text)
        return reword(text, self.terms) if reworded else text

    def doctest_renderer(self, fn: PyFunction) -> DoctestRenderer:
        """A callback for ``transform_doctests``; calls of ``fn`` are typed by its annotations."""
        parameter_types, return_type = declared_types(fn)

        def render(call: ast.Call, output: ast.expr) -> tuple[str, str]:
            if not isinstance(call.func, ast.Name) or call.keywords:
                raise TranslationError("doctest is not a plain call")
            own = call.func.id == fn.name
            shown_name = self.names(fn).function if own else self.identifier(call.func.id)
            types = parameter_types if own and len(call.args) <= len(parameter_types) else [None] * len(call.args)
            args = [self.value(literal(arg), ty) for arg, ty in zip(call.args, types, strict=False)]
            return self.call(shown_name, args), self.value(literal(output), return_type if own else None)

        return render


@dataclass(frozen=True)
class Names:
    """A function's target identifiers: its own and its parameters', in order."""

    function: str
    parameters: tuple[str, ...]


def _suffixed(target: str) -> str:
    """``target`` with one more trailing ``_`` (inside the quotes of an R backquoted name)."""
    if target.startswith("`") and target.endswith("`"):
        return target[:-1] + "_`"
    return target + "_"


CANONICAL_HEADER = "Canonical Python solution:"

# What each language's ``stub_body()`` raises: a run that shows it reached the function,
# so the prompt and the tests compiled.
STUB_MESSAGE = "multiplt stub body"


def canonical_python(fn: PyFunction) -> str:
    """``fn`` as Python without its docstring: the block shown under CANONICAL_HEADER."""
    parameters = ", ".join(f"{p.name}: {p.annotation}" if p.annotation else p.name for p in fn.parameters)
    returns = f" -> {fn.return_annotation}" if fn.return_annotation else ""
    body = "\n".join(f"    {line}" if line else "" for line in fn.body.split("\n"))
    return f"def {fn.name}({parameters}){returns}:\n{body}"


def declared_types(fn: PyFunction) -> tuple[list[PyType | None], PyType | None]:
    """Parameter and return types from ``fn``'s annotations; None where absent or unparsable."""

    def parse(annotation: str | None) -> PyType | None:
        if annotation is None:
            return None
        try:
            return parse_annotation(annotation)
        except TranslationError:
            return None

    return [parse(p.annotation) for p in fn.parameters], parse(fn.return_annotation)


def required_types(fn: PyFunction) -> tuple[list[PyType], PyType]:
    """Every parameter's and the return's type, for typed targets; TranslationError if any is missing."""
    parameter_types = []
    for parameter in fn.parameters:
        if parameter.annotation is None:
            raise TranslationError(f"parameter {parameter.name} has no type annotation, and its test values show no single type")
        parameter_types.append(parse_annotation(parameter.annotation))
    if fn.return_annotation is None:
        raise TranslationError("no return type annotation, and the expected values show no single type")
    return parameter_types, parse_annotation(fn.return_annotation)


def _arg(ty: PyType, index: int) -> PyType | None:
    """The declared type of a container's ``index``-th component, when the type says."""
    if ty.kind in ("list", "set"):
        return ty.args[0] if ty.args else None
    if ty.kind == "tuple" and ty.args:
        if len(ty.args) == 2 and ty.args[1].kind == "ellipsis":
            return ty.args[0]
        return ty.args[index] if index < len(ty.args) else None
    if ty.kind == "dict" and len(ty.args) == 2:
        return ty.args[index]
    return None


def quoted(text: str, control: Callable[[int], str], extra: dict[str, str] | None = None) -> str:
    """``text`` as a double-quoted literal: backslash, quote, \\n, \\t, \\r escaped, other
    control characters through ``control(codepoint)``, ``extra`` for the target's own
    specials (Julia's ``$``). Non-ASCII characters stay as they are (UTF-8 source)."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", **(extra or {})}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 32 or ord(char) == 127:
            out.append(control(ord(char)))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def contains_float(v: Any) -> bool:
    """True when a float occurs anywhere in ``v`` (tests on floats compare with a tolerance)."""
    if isinstance(v, float):
        return True
    if isinstance(v, dict):
        return any(contains_float(item) for item in (*v.keys(), *v.values()))
    if isinstance(v, list | tuple | set | frozenset):
        return any(contains_float(item) for item in v)
    return False
