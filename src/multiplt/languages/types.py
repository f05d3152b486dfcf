"""Python type annotations as a small tree, parsed from source or inferred from test values.

Typed targets (OCaml, Julia) translate a ``PyType``; untyped ones ignore it except to
shape values (a float parameter turns ``1`` into ``1.0``). Every spelling of a type
reduces to one form: ``List[int]``, ``list[int]`` and ``typing.List[int]`` are all
``PyType("list", (INT,))``; ``Optional[T]`` and ``T | None`` are ``Union[T, None]``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from multiplt.languages.base import TranslationError


@dataclass(frozen=True)
class PyType:
    """A Python type: a kind ("int", "list", "union", ...) and its type arguments.

    Kinds: int float str bool none any unknown list tuple dict set union ellipsis.
    ``unknown`` is what inference leaves where no value showed a type (an empty list's
    element); ``ellipsis`` only appears as the last argument of ``tuple[int, ...]``.
    """

    kind: str
    args: tuple[PyType, ...] = ()

    def __str__(self) -> str:
        if self.kind == "none":
            return "None"
        if self.kind == "ellipsis":
            return "..."
        if self.kind == "union":
            return " | ".join(str(arg) for arg in self.args)
        if not self.args:
            return {"any": "Any", "unknown": "Any"}.get(self.kind, self.kind)
        return f"{self.kind}[{', '.join(str(arg) for arg in self.args)}]"


INT, FLOAT, STR, BOOL = PyType("int"), PyType("float"), PyType("str"), PyType("bool")
NONE, ANY, UNKNOWN, ELLIPSIS = PyType("none"), PyType("any"), PyType("unknown"), PyType("ellipsis")

_SCALARS = {"int": INT, "float": FLOAT, "str": STR, "bool": BOOL, "None": NONE, "NoneType": NONE, "Any": ANY, "object": ANY}
_GENERICS = {
    "list": "list", "List": "list", "Sequence": "list", "MutableSequence": "list", "Iterable": "list",
    "tuple": "tuple", "Tuple": "tuple",
    "dict": "dict", "Dict": "dict", "Mapping": "dict", "MutableMapping": "dict",
    "set": "set", "Set": "set", "frozenset": "set", "FrozenSet": "set",
}  # fmt: skip


def parse_annotation(source: str) -> PyType:
    """The type an annotation's source text denotes.

    >>> str(parse_annotation("Optional[List[int]]"))
    'list[int] | None'
    """
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as error:
        raise TranslationError(f"unparsable type annotation: {source!r}") from error
    return from_ast(node)


def from_ast(node: ast.expr) -> PyType:
    """The type an annotation's AST denotes; raises TranslationError for unknown names."""
    match node:
        case ast.Constant(value=None):
            return NONE
        case ast.Constant(value=str() as forward_reference):
            return parse_annotation(forward_reference)
        case ast.Constant(value=builtins_ellipsis) if builtins_ellipsis is Ellipsis:
            return ELLIPSIS
        case ast.BinOp(left=left, op=ast.BitOr(), right=right):
            return union([from_ast(left), from_ast(right)])
        case ast.Name(id=name) | ast.Attribute(attr=name):
            if name in _SCALARS:
                return _SCALARS[name]
            if name in _GENERICS:
                kind = _GENERICS[name]
                return PyType(kind, {"list": (ANY,), "set": (ANY,), "dict": (ANY, ANY), "tuple": (ANY, ELLIPSIS)}[kind])
            raise TranslationError(f"unknown type name {name}")
        case ast.Subscript(value=ast.Name(id=name) | ast.Attribute(attr=name), slice=index):
            parts = [from_ast(part) for part in (index.elts if isinstance(index, ast.Tuple) else [index])]
            return _generic(name, parts)
    raise TranslationError(f"unsupported type annotation: {ast.unparse(node)}")


def _generic(name: str, parts: list[PyType]) -> PyType:
    if name == "Optional" and len(parts) == 1:
        return union([parts[0], NONE])
    if name == "Union":
        return union(parts)
    kind = _GENERICS.get(name)
    if kind is None:
        raise TranslationError(f"unknown generic type {name}")
    arity = {"list": 1, "set": 1, "dict": 2}.get(kind)
    if arity is not None and len(parts) != arity:
        raise TranslationError(f"{name} takes {arity} type argument(s)")
    if kind == "tuple" and len(parts) == 2 and parts[1] == ELLIPSIS:
        return PyType("tuple", (parts[0], ELLIPSIS))
    if ELLIPSIS in parts:
        raise TranslationError(f"misplaced ... in {name}")
    return PyType(kind, tuple(parts))


def union(members: Iterable[PyType]) -> PyType:
    """A union flattened and deduplicated; a union of one type is that type."""
    flat: list[PyType] = []
    for member in members:
        for part in member.args if member.kind == "union" else (member,):
            if part not in flat:
                flat.append(part)
    if len(flat) == 1:
        return flat[0]
    # None last, so Optional[T] reads as Union[T, None] whatever the source order.
    flat.sort(key=lambda part: part == NONE)
    return PyType("union", tuple(flat))


def optional_inner(t: PyType) -> PyType | None:
    """``T`` when ``t`` is ``Optional[T]`` (``Union[T, None]``), else None."""
    if t.kind == "union" and len(t.args) == 2 and t.args[1] == NONE:
        return t.args[0]
    return None


def type_of(value: Any) -> PyType:
    """The type a test value shows: ``[1, 2.5]`` is ``list[float]``, ``[]`` is ``list[unknown]``."""
    match value:
        case None:
            return NONE
        case bool():
            return BOOL
        case int():
            return INT
        case float():
            return FLOAT
        case str():
            return STR
        case list():
            return PyType("list", (unify_all(type_of(item) for item in value),))
        case tuple():
            return PyType("tuple", tuple(type_of(item) for item in value))
        case dict():
            keys = unify_all(type_of(key) for key in value)
            values = unify_all(type_of(item) for item in value.values())
            return PyType("dict", (keys, values))
        case set() | frozenset():
            return PyType("set", (unify_all(type_of(item) for item in value),))
    raise TranslationError(f"no type for a {type(value).__name__} value")


def unify(a: PyType, b: PyType) -> PyType:
    """The narrowest type that holds values of both: int and float unify to float."""
    if a == b:
        return a
    if a == UNKNOWN:
        return b
    if b == UNKNOWN:
        return a
    if {a, b} == {INT, FLOAT}:
        return FLOAT
    if a.kind == b.kind and a.kind in ("list", "set", "dict"):
        return PyType(a.kind, tuple(unify(x, y) for x, y in zip(a.args, b.args, strict=True)))
    if a.kind == b.kind == "tuple" and len(a.args) == len(b.args):
        return PyType("tuple", tuple(unify(x, y) for x, y in zip(a.args, b.args, strict=True)))
    if a.kind == "union" or b.kind == "union":
        members = list(a.args if a.kind == "union" else (a,))
        for part in b.args if b.kind == "union" else (b,):
            for index, member in enumerate(members):
                merged = unify(member, part)
                if merged.kind != "union":
                    members[index] = merged
                    break
            else:
                members.append(part)
        return union(members)
    return union([a, b])


def unify_all(types: Iterable[PyType]) -> PyType:
    """``unify`` over many types; ``unknown`` when there are none."""
    result = UNKNOWN
    for t in types:
        result = unify(result, t)
    return result


def is_complete(t: PyType) -> bool:
    """True when ``t`` names a concrete type everywhere (no Any, no unknown)."""
    return t.kind not in ("any", "unknown") and all(is_complete(arg) for arg in t.args if arg != ELLIPSIS)
