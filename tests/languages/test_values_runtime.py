"""Translated values survive the real runtimes: an identity function returns each
test value and the translated test finds it equal to the translated expectation."""

from __future__ import annotations

import math

import pytest
from runtimes import require_runtime

from multiplt.languages import PyAssert, PyFunction, get_language
from multiplt.languages.base import Parameter
from multiplt.program import Program, Status
from multiplt.sandbox import Sandbox

IDENTITY = {"lua": "    return x\nend\n", "rkt": "  x)\n", "ml": " x\n", "r": "\n  x\n}\n"}
VALUES = [
    ("str", 'a"b\\c\n\t\x01\x7f \u00e9\u4e16 $x'),
    ("List[float]", [1.5, -2.0, math.inf, -math.inf, 1e-06, 1e20]),
    ("List[List[int]]", [[1, -2], [], [3]]),
    ("Dict[str, int]", {"a": 1, "b": -2}),
    ("Tuple[int, str, bool]", (1, "x", True)),
    ("Optional[int]", None),
    ("Optional[int]", -5),
    ("List[str]", []),
]


@pytest.mark.parametrize("code", sorted(IDENTITY))
def test_values_round_trip_through_the_runtime(code: str) -> None:
    require_runtime(code)
    language = get_language(code)
    programs = []
    for annotation, value in VALUES:
        fn = PyFunction("echo", (Parameter("x", annotation),), annotation, "", "return x", "")
        tests = language.tests(fn, [PyAssert((value,), value)]).text
        programs.append(Program(code, language.prompt(fn) + IDENTITY[code] + "\n" + tests, timeout_s=30))
    with Sandbox(jobs=2, isolation="process") as sandbox:
        statuses = [verdict.status for verdict in sandbox.map(programs)]
    assert {annotation + repr(value): status.value for (annotation, value), status in zip(VALUES, statuses, strict=True) if status != Status.OK} == {}
