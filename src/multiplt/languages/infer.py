"""Fill in missing type annotations from the values a function's tests use.

HumanEval leaves 134 of its 164 functions partly unannotated; MultiPL-E annotated its
copies by hand. Typed targets (OCaml, Julia) need every type, so an annotation that is
missing, or too vague to translate (bare ``list``, ``Any``), is replaced by the type the
test values show: ``f([1, 2.5]) == 3`` makes the parameter ``list[float]`` and the
return ``int``. An annotation that is already complete is never changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from multiplt.languages.base import Parameter, PyAssert, PyFunction, TranslationError
from multiplt.languages.types import PyType, is_complete, parse_annotation, type_of, unify_all


def infer_annotations(fn: PyFunction, asserts: Sequence[PyAssert]) -> PyFunction:
    """``fn`` with each missing or vague annotation replaced by the type its tests show.

    Where the tests show nothing complete (no test, or only empty lists) the annotation
    is left as it was, and typed targets will say the signature cannot be typed.
    """
    parameters = tuple(
        _improved(parameter, [test.args[index] for test in asserts if index < len(test.args)])
        for index, parameter in enumerate(fn.parameters)
    )
    return_annotation = _better_annotation(fn.return_annotation, [test.expected for test in asserts])
    return dataclasses.replace(fn, parameters=parameters, return_annotation=return_annotation)


def _improved(parameter: Parameter, values: list[object]) -> Parameter:
    return Parameter(parameter.name, _better_annotation(parameter.annotation, values))


def _better_annotation(annotation: str | None, values: list[object]) -> str | None:
    if annotation is not None and _is_complete_annotation(annotation):
        return annotation
    if not values:
        return annotation
    try:
        shown: PyType = unify_all(type_of(value) for value in values)
    except TranslationError:
        return annotation
    return str(shown) if is_complete(shown) else annotation


def _is_complete_annotation(annotation: str) -> bool:
    try:
        return is_complete(parse_annotation(annotation))
    except TranslationError:
        return False
