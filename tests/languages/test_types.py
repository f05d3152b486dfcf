"""Type annotations parsed from every spelling, and types inferred from test values."""

from __future__ import annotations

import pytest

from multiplt.languages.base import Parameter, PyAssert, PyFunction, TranslationError
from multiplt.languages.infer import infer_annotations
from multiplt.languages.types import (
    BOOL, FLOAT, INT, NONE, STR, UNKNOWN, PyType, is_complete, optional_inner, parse_annotation, type_of, unify,
)  # fmt: skip


def list_of(t: PyType) -> PyType:
    return PyType("list", (t,))


@pytest.mark.parametrize("text", ["List[int]", "list[int]", "typing.List[int]", "Sequence[int]", "'List[int]'"])
def test_every_spelling_of_a_list_of_int_is_the_same_type(text: str) -> None:
    assert parse_annotation(text) == list_of(INT)


@pytest.mark.parametrize("text", ["Optional[str]", "Union[str, None]", "str | None", "None | str", "Union[None, str]"])
def test_every_spelling_of_an_optional_is_a_union_with_none_last(text: str) -> None:
    assert parse_annotation(text) == PyType("union", (STR, NONE))
    assert optional_inner(parse_annotation(text)) == STR


def test_nested_generics_from_typing_and_pep_585() -> None:
    assert parse_annotation("Dict[str, list[Tuple[int, float]]]") == PyType(
        "dict", (STR, list_of(PyType("tuple", (INT, FLOAT))))
    )


def test_variable_length_tuple_keeps_its_ellipsis() -> None:
    assert str(parse_annotation("Tuple[int, ...]")) == "tuple[int, ...]"


def test_pep_604_union_of_three() -> None:
    assert parse_annotation("int | str | float") == PyType("union", (INT, STR, FLOAT))


def test_bare_generic_has_any_arguments_and_is_incomplete() -> None:
    assert parse_annotation("list") == list_of(PyType("any"))
    assert not is_complete(parse_annotation("list"))
    assert not is_complete(parse_annotation("Dict[str, Any]"))
    assert is_complete(parse_annotation("Dict[str, List[int]]"))


@pytest.mark.parametrize(("text", "message"), [("Foo", "unknown type name Foo"), ("List[int, str]", "takes 1"), ("int(", "unparsable")])
def test_unknown_or_malformed_annotations_are_errors(text: str, message: str) -> None:
    with pytest.raises(TranslationError, match=message):
        parse_annotation(text)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "bool"),
        (3, "int"),
        ([1, 2.5], "list[float]"),
        ([], "list[Any]"),
        ([[1], []], "list[list[int]]"),
        ((1, "a"), "tuple[int, str]"),
        ({"a": 1}, "dict[str, int]"),
        ([1, None], "list[int | None]"),
        ([1, "a"], "list[int | str]"),
        ({1, 2}, "set[int]"),
    ],
)
def test_type_of_a_value(value: object, shown: str) -> None:
    assert str(type_of(value)) == shown


def test_unify_widens_int_to_float_and_fills_unknowns() -> None:
    assert unify(INT, FLOAT) == FLOAT
    assert unify(list_of(UNKNOWN), list_of(BOOL)) == list_of(BOOL)
    assert unify(INT, NONE) == PyType("union", (INT, NONE))


def test_infer_fills_missing_annotations_from_test_values() -> None:
    fn = PyFunction("f", (Parameter("xs"), Parameter("k", "int")), None, "", "return xs", "")
    typed = infer_annotations(fn, [PyAssert(([1, 2], 3), [1.5]), PyAssert(([], 4), [])])
    assert [p.annotation for p in typed.parameters] == ["list[int]", "int"]
    assert typed.return_annotation == "list[float]"


def test_infer_replaces_a_vague_annotation_but_keeps_a_complete_one() -> None:
    fn = PyFunction("f", (Parameter("xs", "list"), Parameter("k", "float")), "Any", "", "", "")
    typed = infer_annotations(fn, [PyAssert((["a"], 3), None), PyAssert((["b"], 4), 2)])
    assert [p.annotation for p in typed.parameters] == ["list[str]", "float"]
    assert typed.return_annotation == "int | None"


def test_infer_leaves_annotations_alone_when_values_show_nothing() -> None:
    fn = PyFunction("f", (Parameter("xs"),), None, "", "", "")
    typed = infer_annotations(fn, [PyAssert(([],), [])])
    assert typed.parameters[0].annotation is None
    assert typed.return_annotation is None
