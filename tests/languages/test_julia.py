"""Julia: typed values and signatures, as MultiPL-E's humaneval_to_jl writes them (unit tests only: no julia here)."""

from __future__ import annotations

import math

import pytest

from multiplt.languages import PyAssert, PyFunction, TranslationError, get_language
from multiplt.languages.base import Parameter
from multiplt.languages.types import parse_annotation

julia = get_language("julia")


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        (3, None, "3"),
        (-3, None, "-3"),
        (2.5, None, "2.5"),
        (3, "float", "3.0"),
        ([1, 2], "List[float]", "[1.0, 2.0]"),
        (math.inf, None, "Inf"),
        (-math.inf, None, "-Inf"),
        (math.nan, None, "NaN"),
        ('a"b\\c\n$x', None, '"a\\"b\\\\c\\n\\$x"'),
        ("\x07", None, '"\\x07"'),
        ("\u00e9", None, '"\u00e9"'),
        (True, None, "true"),
        (None, None, "nothing"),
        (None, "Optional[int]", "nothing"),
        (4, "Optional[int]", "4"),
        ([], None, "[]"),
        ([], "List[int]", "Vector{Int64}([])"),
        ([[1], []], "List[List[int]]", "[[1], Vector{Int64}([])]"),
        ([1, 2], "List[Any]", "Any[1, 2]"),
        ([1, None], "List[Optional[int]]", "Union{Int64, Nothing}[1, nothing]"),
        ((1, "a"), None, '(1, "a")'),
        ((1,), None, "(1,)"),
        ({"a": 1}, None, 'Dict("a" => 1)'),
        ({}, "Dict[str, int]", "Dict{String, Int64}()"),
        ({}, None, "Dict()"),
        ({1, 2}, None, "Set([1, 2])"),
        (set(), "Set[str]", "Set{String}()"),
    ],
)
def test_values(value: object, annotation: str | None, expected: str) -> None:
    assert julia.value(value, parse_annotation(annotation) if annotation else None) == expected


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("int", "Int64"),
        ("float", "Float64"),
        ("str", "String"),
        ("bool", "Bool"),
        ("List[int]", "Vector{Int64}"),
        ("list[list[str]]", "Vector{Vector{String}}"),
        ("Tuple[int, str]", "Tuple{Int64, String}"),
        ("Tuple[int, ...]", "Tuple{Vararg{Int64}}"),
        ("Dict[str, List[int]]", "Dict{String, Vector{Int64}}"),
        ("Optional[int]", "Union{Int64, Nothing}"),
        ("int | str", "Union{Int64, String}"),
        ("Union[int, str, None]", "Union{Int64, String, Nothing}"),
        ("Any", "Any"),
        ("Set[int]", "Set{Int64}"),
        ("None", "Nothing"),
    ],
)
def test_types(annotation: str, expected: str) -> None:
    assert julia.type(parse_annotation(annotation)) == expected


def test_prompt_is_a_docstring_and_a_typed_function(sample: PyFunction) -> None:
    assert julia.prompt(sample) == (
        '"""\n'
        "    Add a vector of numbers and a bonus; nothing when the vector is empty.\n"
        "    >>> add_all([1, 2], 0.5)\n"
        "    3.5\n"
        '    """\n'
        "function add_all(xs::Vector{Int64}, bonus::Float64)::Union{Float64, Nothing}\n"
    )


def test_docstring_escapes_interpolation_and_backslashes() -> None:
    assert julia.comment("costs $5 \\ more") == '"""\n    costs \\$5 \\\\ more\n    """\n'


def test_missing_return_annotation_means_no_signature() -> None:
    fn = PyFunction("f", (Parameter("x", "int"),), None, "", "", "")
    with pytest.raises(TranslationError, match="no return type annotation"):
        julia.prompt(fn)


def test_test_block_is_a_testset(sample: PyFunction, sample_asserts: list[PyAssert]) -> None:
    assert julia.tests(sample, sample_asserts).text == (
        "\n"
        "using Test\n"
        "\n"
        "@testset begin\n"
        "\n"
        "candidate = add_all;\n"
        "\t@test(candidate([1, -2], 0.5) == -0.5)\n"
        "\t@test(candidate(Vector{Int64}([]), 1.0) == nothing)\n"
        "\t@test(isapprox(candidate([1], 0.1), 1.1, atol = 1e-09))\n"
        "end\n"
    )
