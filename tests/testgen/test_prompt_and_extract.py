"""The test prompt as MultiPL-T wrote it, and what extraction keeps and counts."""

from multiplt.testgen.extract import doctest_tests, extract_tests
from multiplt.testgen.prompt import unit_test_prompt, with_head

SOURCE = 'def double(x):\n    """Twice x."""\n    return 2 * x\n'


def test_prompt_is_source_comment_block_known_tests_then_the_assert_head() -> None:
    assert unit_test_prompt(SOURCE, "double", ["assert double(1) == 2"]) == (
        'def double(x):\n    """Twice x."""\n    return 2 * x\n'
        "\n"
        "# Unit tests for double\n"
        "# These unit tests are strictly in the `assert double(...) == ...` format.\n"
        "# Additionally, these unit tests are not allowed to use keyword arguments.\n"
        "assert double(1) == 2\n"
        "assert double("
    )


def test_the_first_assert_of_a_completion_keeps_its_head() -> None:
    found = extract_tests([with_head("double", "3) == 6\nassert double(4) == 8\n")], "double")
    assert found.tests == ["assert double(3) == 6", "assert double(4) == 8"]


def test_keyword_arguments_other_forms_and_syntax_errors_are_counted_apart() -> None:
    text = with_head(
        "double",
        "x=3) == 6\n"
        "assert double(2) != 5\n"
        "assert triple(1) == 3\n"
        "assert double(*[1]) == 2\n"
        "assert double(2) == double(2)\n"
        "print(double(2))\n"
        "assert double(5) == 10, 'five'\n"
        "assert double(6) == 1",  # cut off by the token limit: still parses, kept
    )
    found = extract_tests([text + "\nassert double(7) =="], "double")
    assert found.tests == ["assert double(5) == 10", "assert double(6) == 1"]
    assert dict(found.dropped) == {"keyword_arguments": 1, "other_form": 5, "syntax_error": 1}


def test_duplicates_across_samples_are_dropped_and_order_is_first_seen() -> None:
    found = extract_tests([with_head("double", "2) == 4\nassert double(1) == 2"), with_head("double", "1) == 2\nassert double( 2 )==4")], "double")
    assert found.tests == ["assert double(2) == 4", "assert double(1) == 2"]
    assert found.dropped["duplicate"] == 2


def test_a_multiline_assert_is_one_test_in_one_line() -> None:
    found = extract_tests([with_head("double", "[\n    1,\n    2,\n]) == [1, 2, 1, 2]\n")], "double")
    assert found.tests == ["assert double([1, 2]) == [1, 2, 1, 2]"]


def test_doctest_examples_become_asserts_and_the_rest_is_counted() -> None:
    docstring = ">>> double(2)\n4\n>>> double(x=2)\n4\n>>> y = 3\n>>> double('ab')\n'abab'\n>>> double(1)\nTraceback (most recent call last):\nValueError\n"
    found = doctest_tests(docstring, "double")
    assert found.tests == ["assert double(2) == 4", "assert double('ab') == 'abab'"]
    assert dict(found.dropped) == {"doctest_keyword_arguments": 1, "doctest_not_a_call": 1, "doctest_output_not_an_expression": 1}
