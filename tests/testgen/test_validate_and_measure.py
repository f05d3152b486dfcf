"""Each assert alone in the sandbox; coverage of the function's own lines; types seen at run time."""

from __future__ import annotations

from multiplt.sandbox import Sandbox
from multiplt.testgen.measure import body_lines, measure_many
from multiplt.testgen.typeinfer import infer_types, signature_of
from multiplt.testgen.validate import validate_many

CLASSIFY = '''import math

def classify(x):
    """Name the sign of x.

    Two lines of docstring, not statements."""
    if x > 0:
        return "positive"
    elif x < 0:
        return "negative"
    return "zero"
'''


def _validate(sandbox: Sandbox, program: str, tests: list[str]):
    return next(validate_many(sandbox, [(program, tests)]))


def test_passing_and_failing_asserts_are_told_apart_with_the_status(sandbox: Sandbox) -> None:
    result = _validate(sandbox, CLASSIFY, ["assert classify(3) == 'positive'", "assert classify(3) == 'zero'", "assert classify(None) == 1", "assert classify((1,) == 2"])
    assert result.passed == ["assert classify(3) == 'positive'"]
    assert result.failed == [
        {"test": "assert classify(3) == 'zero'", "status": "AssertionError"},
        {"test": "assert classify(None) == 1", "status": "Exception"},
        {"test": "assert classify((1,) == 2", "status": "SyntaxError"},
    ]


def test_an_assert_that_exits_zero_before_it_is_checked_does_not_pass(sandbox: Sandbox) -> None:
    result = _validate(sandbox, CLASSIFY, ["assert classify(1) == __import__('sys').exit(0)", "assert classify(1) == __import__('os')._exit(0)"])
    assert result.passed == []
    assert [failure["status"] for failure in result.failed] == ["Exception", "Exception"]


def test_a_test_that_loops_times_out_alone(sandbox: Sandbox) -> None:
    program = "def spin(n):\n    while n:\n        pass\n    return n\n"
    result = next(validate_many(sandbox, [(program, ["assert spin(0) == 0", "assert spin(1) == 1"])], timeout_s=1.0))
    assert result.passed == ["assert spin(0) == 0"]
    assert result.failed == [{"test": "assert spin(1) == 1", "status": "Timeout"}]


def test_body_lines_skip_the_def_line_and_the_docstring() -> None:
    assert body_lines(CLASSIFY, "classify") == (7, 11)


def test_coverage_counts_the_functions_own_statements_and_branches(sandbox: Sandbox) -> None:
    # Body statements: if, return, elif, return, return (5). Branches: if (2 ways), elif (2 ways).
    (one,) = measure_many(sandbox, [(CLASSIFY, "classify", ["assert classify(3) == 'positive'"])])
    assert (one.statements, one.executed, one.branches, one.branches_taken) == (5, 2, 4, 1)
    # MultiPL-T's figure: file statements import, def + 5 body = 7, run 4; plus the one assert.
    assert one.coverage() == {"line": 2 / 5, "branch": 1 / 4, "reference_line": (4 + 1) / (7 + 1)}
    tests = ["assert classify(3) == 'positive'", "assert classify(-1) == 'negative'", "assert classify(0) == 'zero'"]
    (three,) = measure_many(sandbox, [(CLASSIFY, "classify", tests)])
    assert three.coverage() == {"line": 1.0, "branch": 1.0, "reference_line": 1.0}


def test_a_function_without_branches_has_no_branch_figure(sandbox: Sandbox) -> None:
    (measured,) = measure_many(sandbox, [("def inc(x):\n    return x + 1\n", "inc", ["assert inc(1) == 2"])])
    assert measured.coverage()["branch"] is None
    assert measured.coverage()["line"] == 1.0


def test_the_functions_own_output_does_not_disturb_the_report(sandbox: Sandbox) -> None:
    noisy = "import sys\n\ndef noisy(x):\n    print('x' * 5000)\n    print('err', file=sys.stderr)\n    return x\n"
    (measured,) = measure_many(sandbox, [(noisy, "noisy", ["assert noisy(1) == 1"])])
    assert measured.coverage()["line"] == 1.0


def test_a_result_of_10800_point_0_is_typed_float_though_the_test_writes_10800(sandbox: Sandbox) -> None:
    # MultiPL-T's literal-reading inference typed this int -> int.
    program = "def hours_to_seconds(hours):\n    return hours * 10800.0 / 3\n"
    (measured,) = measure_many(sandbox, [(program, "hours_to_seconds", ["assert hours_to_seconds(1) == 3600", "assert hours_to_seconds(2) == 7200"])])
    inferred = infer_types([None], None, [signature_of(shape) for shape in measured.signatures])
    assert inferred.types == {"parameters": ["int"], "returns": "float"}
    assert inferred.source == "inferred"


def test_run_time_types_unify_int_with_float_elements_and_none(sandbox: Sandbox) -> None:
    program = "def first(xs, default):\n    return xs[0] if xs else default\n"
    tests = ["assert first([1, 2.5], None) == 1", "assert first([], None) == None", "assert first([3], 4) == 3"]
    (measured,) = measure_many(sandbox, [(program, "first", tests)])
    inferred = infer_types([None, None], None, [signature_of(shape) for shape in measured.signatures])
    assert inferred.types == {"parameters": ["List[float]", "Optional[int]"], "returns": "Optional[int]"}


def test_annotations_win_and_disagreeing_values_leave_the_function_untyped(sandbox: Sandbox) -> None:
    program = "def size(x):\n    return len(x)\n"
    (measured,) = measure_many(sandbox, [(program, "size", ["assert size('ab') == 2", "assert size([1]) == 1"])])
    signatures = [signature_of(shape) for shape in measured.signatures]
    assert infer_types([None], None, signatures).source == "conflict"
    assert infer_types([None], None, signatures).types is None
    annotated = infer_types(["Sequence[int]"], "int", signatures)
    assert (annotated.types, annotated.source) == ({"parameters": ["Sequence[int]"], "returns": "int"}, "annotations")
    mixed = infer_types(["Sequence[int]"], None, signatures)
    assert (mixed.types, mixed.source) == ({"parameters": ["Sequence[int]"], "returns": "int"}, "mixed")
