"""testgen.augment: tests from the function's own results on nearby and type-drawn inputs, in the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from testgen_records import mined

from multiplt.languages.types import parse_annotation, type_of
from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.mutate import mutated_arguments, neighbours
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests
from multiplt.testgen.typed_inputs import typed_inputs

CLAMP = 'def clamp(x, low, high):\n    """x, kept between low and high."""\n    if x < low:\n        return low\n    if x > high:\n        return high\n    return x\n'


def _run(sandbox: Sandbox, replay: Path, records: list, **options):
    with open_backend("replay", str(replay)) as llm:
        return generate_unit_tests(records, llm, sandbox, UnitTestOptions(**options))


def test_neighbours_keep_the_type_and_move_one_step() -> None:
    assert neighbours(3) == [4, 2, 0, -3, 6]
    assert neighbours(True) == [False]
    assert neighbours(1.5) == [2.0, 1.0, 0.0, -1.5, 3.0]
    assert neighbours("ab") == ["", "a", "b", "abb", "AB", "ba"]
    assert neighbours([1, 2]) == [[], [2], [1], [1, 2, 2], [2, 1], [2, 2], [0, 2], [-1, 2], [1, 3], [1, 1], [1, 0]]
    assert neighbours((1, "a")) == [(2, "a"), (0, "a"), (-1, "a"), (1, ""), (1, "aa"), (1, "A")]  # a tuple keeps its length
    assert neighbours(None) == []


def test_one_argument_mutates_at_a_time_and_non_literals_stay_as_written() -> None:
    mutated = list(mutated_arguments([["2", "math.pi"], ["1", "math.pi"]]))
    assert mutated == [("3", "math.pi"), ("0", "math.pi"), ("-2", "math.pi"), ("4", "math.pi"), ("-1", "math.pi")]


def test_type_drawn_inputs_are_the_same_every_time_and_of_the_types_asked() -> None:
    first = typed_inputs(["List[int]", "Optional[str]"], 25)
    assert first == typed_inputs(["List[int]", "Optional[str]"], 25)
    assert 10 <= len(first) <= 25
    for numbers, text in first:
        assert isinstance(numbers, list) and all(type(n) is int for n in numbers)
        assert text is None or isinstance(text, str)
    assert any(text is None for _, text in first) and any(isinstance(text, str) for _, text in first)
    pairs = typed_inputs(["Tuple[int, float]"], 10)
    assert all(type_of(pair) in (parse_annotation("Tuple[int, float]"), parse_annotation("Tuple[int, int]")) for (pair,) in pairs)


def test_an_under_covered_function_reaches_the_threshold_with_the_same_llm_calls(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    replay = replay_file({"name": "clamp", "completions": ["5, 0, 10) == 5"]})
    plain = _run(sandbox, replay, [mined(CLAMP)], samples=1)
    assert plain.kept == [] and plain.dropped == {"low_coverage": 1}
    augmented = _run(sandbox, replay, [mined(CLAMP)], samples=1, augment=True)
    ((_, data),) = augmented.kept
    # clamp(-5, 0, 10) is 0 (below low), clamp(5, 0, 0) is 0 (above high): checked by hand.
    assert data["tests"] == ["assert clamp(5, 0, 10) == 5", "assert clamp(-5, 0, 10) == 0", "assert clamp(5, 0, 0) == 0"]
    assert data["test_origins"] == {"llm": 1, "doctest": 0, "augment": 2}
    assert data["coverage"] == {"line": 1.0, "branch": 1.0, "reference_line": 1.0}
    assert data["types"] == {"parameters": ["int", "int", "int"], "returns": "int"}
    assert plain.counters["llm.requests"] == augmented.counters["llm.requests"] == 1
    assert (augmented.counters["augment.functions_reached"], augmented.counters["augment.tests_added"]) == (1, 2)


def test_results_that_change_between_calls_or_runs_make_no_test(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    jitter = "def jitter(x):\n    if x == 0:\n        return 0\n    return x + random.random()\n"
    # The order of a set of strings follows the hash seed: equal within a run, not across runs.
    letters = "def letters(s):\n    if not s:\n        return []\n    return list(set(s + 'xyzw'))\n"
    replay = replay_file({"name": "jitter", "completions": ["0) == 0"]}, {"name": "letters", "completions": ["'') == []"]})
    result = _run(sandbox, replay, [mined(jitter, imports=("import random",)), mined(letters)], samples=1, augment=True)
    assert result.kept == []
    assert result.dropped == {"low_coverage": 2}
    assert result.counters["augment.tests_added"] == 0
    assert result.counters["augment.dropped.differs"] >= 2


def test_hostile_or_looping_inputs_cost_only_their_own_candidates(sandbox: Sandbox, replay_file: Callable[..., Path]) -> None:
    countdown = "def countdown(n):\n    if n == 3:\n        while True:\n            pass\n    if n < 0:\n        return -1\n    return n\n"
    quitter = "def quitter(n):\n    if n != 1:\n        os._exit(0)\n        return 0\n    return n\n"  # 2 of 4 run
    replay = replay_file({"name": "countdown", "completions": ["2) == 2"]}, {"name": "quitter", "completions": ["1) == 1"]})
    records = [mined(countdown), mined(quitter, imports=("import os",))]
    result = _run(sandbox, replay, records, samples=1, augment=True, min_coverage=0.6, augment_generated=0)
    ((position, data),) = result.kept
    assert position == 0
    assert data["tests"] == ["assert countdown(2) == 2", "assert countdown(-2) == -1"]  # countdown(3) never returns
    assert data["coverage"]["line"] == 4 / 6  # of if, while, pass, if, return, return; 3 / 6 before
    assert result.counters["augment.dropped.slow"] >= 1
    assert result.counters["augment.run_failed"] == 1  # quitter ended its runs with exit 0 and no report
    assert result.dropped == {"low_coverage": 1}
