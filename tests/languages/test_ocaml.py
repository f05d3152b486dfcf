"""OCaml: typed values and signatures, as MultiPL-E's humaneval_to_ml writes them."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.base import Parameter
from multiplt.languages.types import parse_annotation

ocaml = get_language("ocaml")


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        (3, None, "3"),
        (-3, None, "(-3)"),
        (2.5, None, "2.5"),
        (-2.5, None, "(-2.5)"),
        (3, "float", "3.0"),
        (-3, "float", "(-3.0)"),
        ([1, 2], "List[float]", "[1.0; 2.0]"),
        (math.inf, None, "infinity"),
        (-math.inf, None, "neg_infinity"),
        (math.nan, None, "nan"),
        ('a"b\\c\n', None, '"a\\"b\\\\c\\n"'),
        ("\x07", None, '"\\x07"'),
        ("\u00e9", None, '"\u00e9"'),
        (True, None, "true"),
        (None, "Optional[int]", "None"),
        (4, "Optional[int]", "(Some 4)"),
        (-4, "Optional[int]", "(Some (-4))"),
        ([], None, "[]"),
        ([1, -2], None, "[1; (-2)]"),
        ((1, "a"), None, '(1, "a")'),
        ({"a": 1, "b": 2}, None, '[("a", 1); ("b", 2)]'),
        ([(1, [2])], None, "[(1, [2])]"),
        ([None, 3], "List[Optional[int]]", "[None; (Some 3)]"),
    ],
)
def test_values(value: object, annotation: str | None, expected: str) -> None:
    assert ocaml.value(value, parse_annotation(annotation) if annotation else None) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [({1}, "set value has no ml form"), ([1, "a"], "list mixes types"), ((1,), "1-tuple"), (2**63, "out of range")],
)
def test_values_without_ocaml_form(value: object, message: str) -> None:
    with pytest.raises(TranslationError, match=message):
        ocaml.value(value)


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("int", "int"),
        ("float", "float"),
        ("str", "string"),
        ("bool", "bool"),
        ("List[int]", "int list"),
        ("list[list[str]]", "string list list"),
        ("Tuple[int, str]", "int * string"),
        ("List[Tuple[int, int]]", "(int * int) list"),
        ("Dict[str, int]", "(string * int) list"),
        ("Optional[int]", "int option"),
        ("int | None", "int option"),
        ("Optional[Tuple[int, int]]", "(int * int) option"),
        ("Tuple[Optional[int], Optional[int]]", "int option * int option"),
    ],
)
def test_types(annotation: str, expected: str) -> None:
    assert ocaml.type(parse_annotation(annotation)) == expected


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        ("Union[int, str]", "no untagged union"),
        ("Any", "no Any type"),
        ("List[Any]", "no Any type"),
        ("Tuple[int, ...]", "variable-length tuple"),
        ("Set[int]", "no ml form"),
    ],
)
def test_types_without_ocaml_form(annotation: str, message: str) -> None:
    with pytest.raises(TranslationError, match=message):
        ocaml.type(parse_annotation(annotation))


def test_prompt_is_a_doc_comment_and_a_typed_let(sample: PyFunction) -> None:
    assert ocaml.prompt(sample) == (
        "(**Add a list of numbers and a bonus; None when the list is empty.\n"
        " * >>> add_all [1; 2] 0.5\n"
        " * (Some 3.5)\n"
        "*)\n"
        "let add_all (xs : int list) (bonus : float) : float option ="
    )


def test_missing_annotation_means_no_signature() -> None:
    fn = PyFunction("f", (Parameter("x"),), "int", "", "", "")
    with pytest.raises(TranslationError, match="parameter x has no type annotation"):
        ocaml.prompt(fn)


def test_comment_brackets_and_odd_quotes_cannot_break_the_comment() -> None:
    assert ocaml.comment('takes (*args) and " alone') == "(**takes ( *args) and ' alone\n*)\n"


def test_capitalised_names_become_value_names() -> None:
    fn = PyFunction("Solve", (Parameter("N", "int"),), "int", "", "", "")
    assert ocaml.signature(fn) == "let solve (n : int) : int ="


def test_test_block_asserts_structural_equality(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    block = ocaml.tests(sample, sample_asserts)
    assert block.text == (
        "\n"
        "let assertions =\n"
        " let candidate = add_all in\n"
        "  (assert ((candidate [1; (-2)] 0.5) = (Some (-0.5))));\n"
        "  (assert ((candidate [] 1.0) = None));\n"
        "  (assert (match candidate [1] 0.1 with Some x -> abs_float (x -. 1.1) < 1e-09 | None -> false));\n"
        "  ()\n"
    )


def test_float_tolerance_on_a_plain_float() -> None:
    fn = PyFunction("f", (Parameter("x", "float"),), "float", "", "", "")
    block = ocaml.tests(fn, [PyAssert((1.33,), 0.33, tolerance=1e-06)])
    assert block.text.split("\n")[3] == "  (assert (abs_float ((candidate 1.33) -. 0.33) < 1e-06));"
