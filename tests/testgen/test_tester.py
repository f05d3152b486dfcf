"""The whole of testgen on a batch, with the model's output replayed exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from testgen_records import mined

from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests

CLAMP = 'def clamp(x, low, high):\n    """x, kept between low and high."""\n    if x < low:\n        return low\n    if x > high:\n        return high\n    return x\n'
HEX_KEY = 'def hex_key(num):\n    """Count prime hex digits."""\n    return sum(1 for c in num if c in "2357BD")\n'


def _run(sandbox: Sandbox, replay: Path, records: list, **options):
    with open_backend("replay", str(replay)) as llm:
        return generate_unit_tests(records, llm, sandbox, UnitTestOptions(**options))


def test_a_well_tested_function_is_kept_with_its_tests_failures_coverage_and_types(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    replay = replay_file({"name": "clamp", "completions": [
        "5, 0, 10) == 5\nassert clamp(-1, 0, 10) == 0\nassert clamp(x=1, low=0, high=2) == 1",
        "11, 0, 10) == 10\nassert clamp(5, 0, 10) == 5\nassert clamp(3, 0, 1) == 3\nassert clamp(",
    ]})
    result = _run(sandbox, replay, [mined(CLAMP)], samples=2)
    ((position, data),) = result.kept
    assert position == 0
    assert data["tests"] == ["assert clamp(5, 0, 10) == 5", "assert clamp(-1, 0, 10) == 0", "assert clamp(11, 0, 10) == 10"]
    assert data["failed_tests"] == [{"test": "assert clamp(3, 0, 1) == 3", "status": "AssertionError"}]
    assert data["test_origins"] == {"llm": 3, "doctest": 0, "augment": 0}
    assert data["coverage"] == {"line": 1.0, "branch": 1.0, "reference_line": 1.0}
    assert (data["types"], data["types_source"]) == ({"parameters": ["int", "int", "int"], "returns": "int"}, "inferred")
    assert data["source"] == CLAMP  # the mined fields pass through
    counters = result.counters
    assert (counters["tests.dropped.keyword_arguments"], counters["tests.dropped.syntax_error"], counters["tests.dropped.duplicate"]) == (1, 1, 1)
    assert (counters["tests.passed"], counters["tests.failed"], counters["llm.requests"], counters["llm.samples"]) == (3, 1, 1, 2)


def test_functions_are_dropped_for_no_test_no_pass_low_coverage_and_bad_records(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    lines = [
        {"name": "clamp", "completions": ["5, 0, 10) == 5"]},  # 3 of 5 body statements run: below 0.9
        {"name": "inc", "completions": ["1) == 3"]},
        {"name": "dec", "completions": ["x=1) == 0"]},
    ]
    records = [mined(CLAMP), mined("def inc(x):\n    return x + 1\n"), mined("def dec(x):\n    return x - 1\n"), {"name": 3}]
    result = _run(sandbox, replay_file(*lines), records, samples=1)
    assert result.kept == []
    assert dict(result.dropped) == {"low_coverage": 1, "no_passing_test": 1, "no_test_extracted": 1, "malformed_record": 1}
    kept = _run(sandbox, replay_file(*lines), records[:1], samples=1, min_coverage=0.6).kept
    assert [data["coverage"]["line"] for _, data in kept] == [3 / 5]


def test_an_argument_of_another_type_is_dropped_as_an_outlier_after_running(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    replay = replay_file({"name": "hex_key", "completions": ["'AB') == 1\nassert hex_key('1077E') == 2\nassert hex_key('2020') == 2\nassert hex_key([]) == 0"]})
    result = _run(sandbox, replay, [mined(HEX_KEY)], samples=1)
    ((_, data),) = result.kept
    assert data["tests"] == ["assert hex_key('AB') == 1", "assert hex_key('1077E') == 2", "assert hex_key('2020') == 2"]
    assert result.counters["tests.dropped.type_outlier"] == 1
    assert data["types"] == {"parameters": ["str"], "returns": "int"}


def test_doctests_are_harvested_shown_to_the_model_and_counted_apart(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    source = 'def sign(x):\n    """Sign of x.\n\n    >>> sign(-4)\n    -1\n    """\n    return -1 if x < 0 else 1\n'
    prompt_seen: list[str] = []
    replay = replay_file({"name": "sign", "completions": ["-4) == -1\nassert sign(2) == 1"]})
    with open_backend("replay", str(replay)) as llm:
        original = llm.complete

        def spy(requests):
            requests = list(requests)
            prompt_seen.extend(request.prompt for request in requests)
            return original(requests)

        llm.complete = spy  # type: ignore[method-assign]
        result = generate_unit_tests([mined(source)], llm, sandbox, UnitTestOptions(samples=1, doctests=True))
    ((_, data),) = result.kept
    assert data["tests"] == ["assert sign(-4) == -1", "assert sign(2) == 1"]
    assert data["test_origins"] == {"llm": 1, "doctest": 1, "augment": 0}
    assert prompt_seen[0].endswith("keyword arguments.\nassert sign(-4) == -1\nassert sign(")
