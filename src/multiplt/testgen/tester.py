"""Test generation for a batch of mined functions: ask, extract, validate, measure, judge.

``generate_unit_tests`` takes the records' data (the mined-function fields of
docs/records.md), a `Backend` and a `Sandbox`, and returns the tested-function data
of the functions kept, with every dropped function and test counted by reason.
All prompts of the batch go to the backend at once and all programs through one
sandbox map, so both resources stay busy.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from multiplt.languages.outliers import Signature, type_outliers
from multiplt.llm.base import Backend, Request
from multiplt.sandbox import Sandbox
from multiplt.testgen.augment import AugmentJob, AugmentSettings, augment_many
from multiplt.testgen.extract import doctest_tests, extract_tests
from multiplt.testgen.measure import MeasureError, Measurement, measure_many
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.prompt import unit_test_prompt, with_head
from multiplt.testgen.typeinfer import infer_types, signature_of
from multiplt.testgen.validate import validate_many


class SandboxCannotMeasure(RuntimeError):
    """The sandbox's Python cannot run coverage.py; no function could be measured."""


@dataclass
class BatchResult:
    """The tested functions kept (index into the batch, record data) and the batch's counters."""

    kept: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)  # function drop reason -> count
    counters: Counter[str] = field(default_factory=Counter)


def record_problem(data: Any) -> str | None:
    """Why ``data`` is not a usable mined-function record, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for key in ("name", "source", "program", "docstring"):
        if not isinstance(data.get(key), str):
            return f"field {key!r} missing or not a string"
    parameters = data.get("parameters")
    if not isinstance(parameters, list) or not all(isinstance(p, dict) and isinstance(p.get("name"), str) for p in parameters):
        return "field 'parameters' is not a list of {name, annotation, default}"
    if not isinstance(data.get("return_annotation"), str | None):
        return "field 'return_annotation' is not a string or null"
    return None


@dataclass
class _Function:
    position: int
    data: dict[str, Any]
    tests: list[str] = field(default_factory=list)
    doctests: set[str] = field(default_factory=set)
    augmented: set[str] = field(default_factory=set)
    passed: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.data["name"])


def _ask(functions: list[_Function], llm: Backend, options: UnitTestOptions, counters: Counter[str]) -> list[list[str]]:
    requests = [
        Request(
            unit_test_prompt(function.data["source"], function.name, sorted(function.doctests, key=function.tests.index)),
            n=options.samples,
            temperature=options.temperature,
            top_p=options.top_p,
            max_tokens=options.max_tokens,
            stop=tuple(options.stop),
            seed=options.seed,
            name=function.name,
        )
        for function in functions
    ]
    before = (llm.stats.prompt_tokens, llm.stats.completion_tokens)
    started = time.perf_counter()
    completions = list(llm.complete(requests))
    counters["llm.ms"] += round((time.perf_counter() - started) * 1000)
    counters["llm.requests"] += len(requests)
    counters["llm.samples"] += sum(len(samples) for samples in completions)
    counters["llm.prompt_tokens"] += llm.stats.prompt_tokens - before[0]
    counters["llm.completion_tokens"] += llm.stats.completion_tokens - before[1]
    return completions


def _measure(sandbox: Sandbox, functions: list[_Function], options: UnitTestOptions, counters: Counter[str]) -> list[Measurement | MeasureError]:
    results = list(measure_many(sandbox, [(f.data["program"], f.name, f.passed) for f in functions], memory_mb=options.memory_mb))
    counters["sandbox.programs"] += len(functions)
    errors = [result for result in results if isinstance(result, MeasureError)]
    if errors and any(error.reason == "no_coverage_module" for error in errors):
        raise SandboxCannotMeasure(
            f"the sandbox's python3 cannot run coverage.py ({errors[0]}); install it: apt-get install python3-coverage"
        )
    return results


def _signatures(measurement: Measurement) -> list[Signature | None]:
    shapes = [signature_of(shape) for shape in measurement.signatures]
    return [shapes[index] if index >= 0 else None for index in measurement.per_test]


def _gained(after: dict[str, float | None], before: dict[str, float | None]) -> bool:
    line_up = (after["line"] or 0.0) > (before["line"] or 0.0)
    branch_up = after["branch"] is not None and before["branch"] is not None and after["branch"] > before["branch"]
    return line_up or branch_up


def _augment(sandbox: Sandbox, functions: list[_Function], measurements: list[Measurement | MeasureError], options: UnitTestOptions, counters: Counter[str]) -> None:
    """Tests from the function's own results for those under the threshold (``augment.py``), kept if coverage rises."""
    below = [
        index for index, measurement in enumerate(measurements)
        if not isinstance(measurement, MeasureError) and (measurement.coverage()["line"] or 0.0) < options.min_coverage
    ]
    jobs = []
    for index in below:
        function, measurement = functions[index], measurements[index]
        assert not isinstance(measurement, MeasureError)
        data = function.data
        inferred = infer_types([p.get("annotation") for p in data["parameters"]], data["return_annotation"], _signatures(measurement))
        jobs.append(AugmentJob(data["program"], function.name, list(function.passed), inferred.types["parameters"] if inferred.types else None))
    counters["augment.functions_tried"] += len(jobs)
    settings = AugmentSettings(
        mutations=options.augment_mutations, generated=options.augment_generated, max_tests=options.augment_max_tests, memory_mb=options.memory_mb
    )
    found = augment_many(sandbox, jobs, settings, counters)
    with_new = [(index, tests) for index, tests in zip(below, found, strict=True) if tests]
    trial: list[tuple[int, list[str]]] = []
    validated = validate_many(sandbox, [(functions[i].data["program"], tests) for i, tests in with_new], timeout_s=options.timeout_s, memory_mb=options.memory_mb)
    for (index, tests), outcome in zip(with_new, validated, strict=True):
        counters["sandbox.programs"] += len(tests)
        counters["sandbox.ms"] += round(outcome.seconds * 1000)
        counters["augment.dropped.failed_alone"] += len(outcome.failed)
        if outcome.passed:
            trial.append((index, outcome.passed))
    remeasured = _measure(sandbox, [_Function(-1, functions[i].data, passed=functions[i].passed + tests) for i, tests in trial], options, counters)
    for (index, tests), measurement in zip(trial, remeasured, strict=True):
        before = measurements[index]
        assert not isinstance(before, MeasureError)
        if isinstance(measurement, MeasureError) or min(measurement.per_test[-len(tests):]) < 0 or not _gained(measurement.coverage(), before.coverage()):
            counters["augment.no_gain"] += 1
            continue
        functions[index].passed = functions[index].passed + tests
        functions[index].augmented = set(tests)
        measurements[index] = measurement
        counters["augment.tests_added"] += len(tests)
        counters["augment.functions_raised"] += 1
        if (measurement.coverage()["line"] or 0.0) >= options.min_coverage:
            counters["augment.functions_reached"] += 1


def generate_unit_tests(records: Sequence[Any], llm: Backend, sandbox: Sandbox, options: UnitTestOptions | None = None) -> BatchResult:
    """Tested-function data for the records that earn it (see the module docstring)."""
    options = options or UnitTestOptions()
    result = BatchResult()
    counters = result.counters
    functions: list[_Function] = []
    for position, data in enumerate(records):
        problem = record_problem(data)
        if problem is not None:
            result.dropped["malformed_record"] += 1
            counters[f"malformed.{problem}"] += 1
            continue
        function = _Function(position, data)
        if options.doctests:
            harvested = doctest_tests(data["docstring"], function.name)
            function.tests = list(harvested.tests)
            function.doctests = set(harvested.tests)
            counters.update({f"tests.dropped.{reason}": n for reason, n in harvested.dropped.items()})
            counters["tests.doctest"] += len(harvested.tests)
        functions.append(function)
    if not functions:
        return result

    for function, samples in zip(functions, _ask(functions, llm, options, counters), strict=True):
        found = extract_tests((with_head(function.name, sample) for sample in samples), function.name)
        counters.update({f"tests.dropped.{reason}": n for reason, n in found.dropped.items()})
        new = [test for test in found.tests if test not in function.doctests]
        if len(found.tests) > len(new):
            counters["tests.dropped.duplicate"] += len(found.tests) - len(new)
        counters["tests.extracted"] += len(new)
        function.tests.extend(new)

    validated = validate_many(sandbox, [(f.data["program"], f.tests) for f in functions], timeout_s=options.timeout_s, memory_mb=options.memory_mb)
    for function, outcome in zip(functions, validated, strict=True):
        function.passed, function.failed = outcome.passed, outcome.failed
        counters["sandbox.programs"] += len(function.tests)
        counters["sandbox.ms"] += round(outcome.seconds * 1000)
        counters["tests.passed"] += len(outcome.passed)
        counters["tests.failed"] += len(outcome.failed)
    for function in functions:
        if not function.tests:
            result.dropped["no_test_extracted"] += 1
        elif not function.passed:
            result.dropped["no_passing_test"] += 1
    functions = [function for function in functions if function.passed]
    if not functions:
        return result

    measurements = _measure(sandbox, functions, options, counters)
    if options.drop_type_outliers:
        remeasure: list[int] = []
        for index, (function, measurement) in enumerate(zip(functions, measurements, strict=True)):
            if isinstance(measurement, MeasureError):
                continue
            outliers = set(type_outliers(_signatures(measurement), majority=options.outlier_majority))
            if outliers:
                counters["tests.dropped.type_outlier"] += len(outliers)
                function.passed = [test for at, test in enumerate(function.passed) if at not in outliers]
                remeasure.append(index)
        for index, measurement in zip(remeasure, _measure(sandbox, [functions[i] for i in remeasure], options, counters), strict=True):
            measurements[index] = measurement

    if options.augment:
        _augment(sandbox, functions, measurements, options, counters)

    for function, measurement in zip(functions, measurements, strict=True):
        if isinstance(measurement, MeasureError):
            result.dropped["not_measurable"] += 1
            counters[f"measure_error.{measurement.reason}"] += 1
            continue
        coverage = measurement.coverage()
        if coverage["line"] is None or coverage["line"] < options.min_coverage:
            result.dropped["low_coverage"] += 1
            continue
        data = function.data
        inferred = infer_types(
            [parameter.get("annotation") for parameter in data["parameters"]], data["return_annotation"], _signatures(measurement)
        )
        counters[f"types.{inferred.source}"] += 1
        doctest_count = sum(test in function.doctests for test in function.passed)
        augment_count = sum(test in function.augmented for test in function.passed)
        result.kept.append(
            (
                function.position,
                {
                    **data,
                    "tests": function.passed,
                    "failed_tests": function.failed,
                    "test_origins": {"llm": len(function.passed) - doctest_count - augment_count, "doctest": doctest_count, "augment": augment_count},
                    "coverage": coverage,
                    "types": inferred.types,
                    "types_source": inferred.source,
                },
            )
        )
        counters["tests.kept"] += len(function.passed)
    return result
