"""Types for a function from the values it really received and returned while its tests ran.

Each passing test reports the shape of every argument and of the result
(``measure_program.shape``); shapes become ``PyType``s and are unified per parameter
and for the result with ``languages.types.unify``: ``int`` with ``float`` gives
``float``, element types of lists, tuples, dicts and sets are unified too, ``None``
with ``T`` gives ``Optional[T]``. A source annotation that names a complete type wins
over what was seen. A slot whose values disagree (``str`` and ``list``, even inside a
list) is a conflict, and the function gets no types at all (it is then skipped for
typed targets); a slot where nothing complete was seen (never passed, only empty
lists, a value of a class) stays None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from multiplt.languages.base import TranslationError
from multiplt.languages.outliers import Signature
from multiplt.languages.types import (
    BOOL,
    ELLIPSIS,
    FLOAT,
    INT,
    NONE,
    STR,
    UNKNOWN,
    PyType,
    is_complete,
    optional_inner,
    parse_annotation,
    unify_all,
)

_SCALAR_SHAPES = {"int": INT, "float": FLOAT, "str": STR, "bool": BOOL, "none": NONE}


class Untypeable(ValueError):
    """A value of a type the targets have no counterpart for (a class instance, bytes...)."""


def shape_type(shape: Any) -> PyType:
    """The PyType of one shape reported by the measuring program."""
    if isinstance(shape, str) and shape in _SCALAR_SHAPES:
        return _SCALAR_SHAPES[shape]
    if isinstance(shape, list) and shape:
        kind = shape[0]
        if kind in ("list", "set") and len(shape) == 2:
            return PyType(kind, (unify_all(shape_type(item) for item in shape[1]),))
        if kind == "tuple" and len(shape) == 2:
            return PyType("tuple", tuple(shape_type(item) for item in shape[1]))
        if kind == "dict" and len(shape) == 3:
            return PyType("dict", (unify_all(shape_type(k) for k in shape[1]), unify_all(shape_type(v) for v in shape[2])))
        if kind == "other" and len(shape) == 2:
            raise Untypeable(f"a {shape[1]} value")
    raise Untypeable(f"unreadable shape {shape!r}")


def signature_of(shape: Any) -> Signature | None:
    """One test's ``[argument shapes, result shape]`` as a Signature; None if a value is untypeable."""
    try:
        arguments, result = shape
        return tuple(shape_type(argument) for argument in arguments), shape_type(result)
    except (Untypeable, TypeError, ValueError):
        return None


def has_conflict(t: PyType) -> bool:
    """True when a union other than ``Optional[T]`` appears anywhere in ``t``."""
    if t.kind == "union":
        inner = optional_inner(t)
        return inner is None or has_conflict(inner)
    return any(has_conflict(arg) for arg in t.args)


def typing_text(t: PyType) -> str:
    """``t`` as a ``typing`` annotation: ``List[int]``, ``Optional[str]``, ``Tuple[int, ...]``."""
    inner = optional_inner(t)
    if inner is not None:
        return f"Optional[{typing_text(inner)}]"
    names = {"list": "List", "tuple": "Tuple", "dict": "Dict", "set": "Set", "union": "Union"}
    if t.kind in names:
        if t.kind == "tuple" and not t.args:
            return "Tuple[()]"
        return f"{names[t.kind]}[{', '.join('...' if arg == ELLIPSIS else typing_text(arg) for arg in t.args)}]"
    return {"none": "None", "any": "Any", "unknown": "Any"}.get(t.kind, t.kind)


def _complete_annotation(annotation: str | None) -> bool:
    if annotation is None:
        return False
    try:
        return is_complete(parse_annotation(annotation))
    except TranslationError:
        return False


@dataclass(frozen=True)
class InferredTypes:
    """The ``types`` and ``types_source`` fields of a tested-function record."""

    types: dict[str, Any] | None  # {"parameters": [str | None], "returns": str | None}
    source: str  # "annotations", "inferred", "mixed", "conflict"


def infer_types(
    annotations: Sequence[str | None], return_annotation: str | None, signatures: Sequence[Signature | None]
) -> InferredTypes:
    """Each parameter's and the result's type: the annotation if complete, else what the tests showed."""
    slots: list[str | None] = []
    origins: set[str] = set()
    seen = [signature for signature in signatures if signature is not None]
    wanted = [*((annotation, index) for index, annotation in enumerate(annotations)), (return_annotation, -1)]
    for annotation, index in wanted:
        if _complete_annotation(annotation):
            slots.append(annotation)
            origins.add("annotations")
            continue
        values = [result if index < 0 else arguments[index] for arguments, result in seen if index < 0 or index < len(arguments)]
        shown = unify_all(values)
        if has_conflict(shown):
            return InferredTypes(None, "conflict")
        if shown == UNKNOWN or not is_complete(shown):
            slots.append(None)
            continue
        slots.append(typing_text(shown))
        origins.add("inferred")
    source = "mixed" if len(origins) == 2 else (origins.pop() if origins else "inferred")
    return InferredTypes({"parameters": slots[:-1], "returns": slots[-1]}, source)
