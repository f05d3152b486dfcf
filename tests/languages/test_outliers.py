"""The dominant-type rule drops a rare argument of another type, and nothing polymorphic."""

from multiplt.languages.outliers import drop_type_outliers, type_outliers
from multiplt.languages.pyparse import parse_test_source
from multiplt.languages.types import FLOAT, INT, NONE, STR, PyType


def _asserts(source: str) -> list:
    asserts, _ = parse_test_source(source, "f")
    return asserts


def test_one_list_among_six_strings_is_dropped() -> None:
    tests = _asserts("\n".join([f"assert f({s!r}) == 1" for s in ["AB", "1077E", "ABED1A33", "2020", "123456789ABCDEF0", "112233"]] + ["assert f([]) == 0"]))
    kept, dropped = drop_type_outliers(tests)
    assert dropped == 1
    assert [test.args for test in kept] == [("AB",), ("1077E",), ("ABED1A33",), ("2020",), ("123456789ABCDEF0",), ("112233",)]


def test_ints_among_floats_are_not_outliers() -> None:
    assert drop_type_outliers(_asserts("assert f(1) == 2\nassert f(2.5) == 3\nassert f(3) == 4\nassert f(4) == 5"))[1] == 0


def test_none_among_strings_makes_an_optional_not_an_outlier() -> None:
    assert drop_type_outliers(_asserts("assert f('a') == 1\nassert f('b') == 1\nassert f('c') == 1\nassert f(None) == 0"))[1] == 0


def test_a_polymorphic_argument_below_the_majority_is_kept() -> None:
    tests = _asserts("assert f(1) == 1\nassert f(2) == 2\nassert f('3') == 3\nassert f('4') == 4\nassert f(5) == 5")
    assert drop_type_outliers(tests)[1] == 0  # 3 ints of 5 is under three quarters


def test_mixed_dict_keys_are_not_an_outer_conflict() -> None:
    tests = _asserts("assert f({'a': 1}) == 1\nassert f({'b': 2}) == 1\nassert f({'c': 3}) == 1\nassert f({'a': 1, 8: 2}) == 0")
    assert drop_type_outliers(tests)[1] == 0


def test_results_are_judged_only_when_asked() -> None:
    tests = _asserts("assert f(1) == 'a'\nassert f(2) == 'b'\nassert f(3) == 'c'\nassert f(4) == -1")
    assert drop_type_outliers(tests)[1] == 0
    kept, dropped = drop_type_outliers(tests, results=True)
    assert (dropped, [test.expected for test in kept]) == (1, ["a", "b", "c"])


def test_each_argument_position_is_judged_apart_and_unknown_signatures_stay() -> None:
    lst = PyType("list", (INT,))
    signatures = [((INT, STR), NONE), ((INT, STR), NONE), ((INT, STR), NONE), ((lst, STR), NONE), None, ((INT, FLOAT), NONE)]
    # position 0: the list is the outlier; position 1: one float among four strings is too
    assert type_outliers(signatures) == [3, 5]


def test_humaneval_78_loses_only_its_list_argument_test() -> None:
    from multiplt.evaluation.build import humaneval_problems

    problems = {problem.name: problem for problem in humaneval_problems(limit=79)}
    hex_key = problems["HumanEval_78_hex_key"]
    assert [test.args for test in hex_key.asserts] == [("AB",), ("1077E",), ("ABED1A33",), ("2020",), ("123456789ABCDEF0",), ("112233445566778899AABBCCDDEEFF00",)]
    assert hex_key.skipped_tests["argument type disagrees with the other tests (outlier)"] == 1
    assert not any("outlier" in reason for problem in problems.values() if problem is not hex_key for reason in problem.skipped_tests)
