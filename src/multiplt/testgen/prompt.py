"""The test-writing prompt MultiPL-T used, and putting back the head it ends with.

The prompt is the function's source, a comment block naming the function and the one
accepted test form, any tests already known, then ``assert f(`` for the model to
continue. A server returns only the continuation, so the ``assert f(`` head must be
put back in front of it: MultiPL-T's vLLM path did not, and lost every first assert.
"""

from __future__ import annotations

from collections.abc import Sequence

# Where a test completion has gone past the tests: a new definition or a main block.
TEST_STOP = ("\ndef ", "\nclass ", "\nif __name__", "\n```")


def assert_head(name: str) -> str:
    """The text the prompt ends with and every completion continues: ``assert f(``."""
    return f"assert {name}("


def unit_test_prompt(source: str, name: str, known_tests: Sequence[str] = ()) -> str:
    """The prompt asking for unit tests of ``name`` (whose source is ``source``)."""
    lines = [
        source.rstrip("\n"),
        "",
        f"# Unit tests for {name}",
        f"# These unit tests are strictly in the `assert {name}(...) == ...` format.",
        "# Additionally, these unit tests are not allowed to use keyword arguments.",
        *known_tests,
        assert_head(name),
    ]
    return "\n".join(lines)


def with_head(name: str, completion: str) -> str:
    """The completion as test source: the prompt's ``assert f(`` head, then the continuation."""
    return assert_head(name) + completion
