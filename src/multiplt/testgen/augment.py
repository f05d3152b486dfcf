"""More tests for a function its model-written tests leave under-covered, without asking the model again.

Candidate inputs come from the passing tests' own arguments, mutated (``mutate.py``:
same types, nearby values), then from the function's parameter types, drawn with
Hypothesis (``typed_inputs.py``). The function runs on every candidate in the sandbox
(``augment_program.py``: it is untrusted code), twice per input in one process, in
two separate runs under different hash seeds, under coverage.py, each input in a coverage context of its own. An
input's result becomes the expected value of a new test only when

- every one of the four calls returned, with the same ``repr`` each time (deterministic),
- that ``repr`` reads back as a Python literal equal to itself (a value a test can name),
- it runs body lines or arcs that the passing tests and the inputs chosen before it do
  not (greedy, most new lines first, then most new arcs).

The caller then validates each chosen test alone, as any other test, and measures the
function again; what it keeps is judged by that measurement, not by this estimate.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from multiplt.program import Program, Verdict
from multiplt.sandbox import Sandbox
from multiplt.testgen.extract import assert_of_statement
from multiplt.testgen.measure import MeasureError, body_lines
from multiplt.testgen.mutate import call_arguments, mutated_arguments
from multiplt.testgen.typed_inputs import NoStrategy, typed_inputs

MARK = "MULTIPLT-AUGMENT "
RUNS = 2
TIMEOUT_CAP_S = 60.0


@cache
def _program_text() -> str:
    return Path(__file__).with_name("augment_program.py").read_text(encoding="utf-8")


@dataclass(frozen=True)
class AugmentSettings:
    """How many candidates are tried and tests added per function."""

    mutations: int = 60
    generated: int = 30
    max_tests: int = 10
    call_s: float = 0.5
    memory_mb: int = 1024


@dataclass
class AugmentJob:
    """One under-covered function: its program, name, passing tests and parameter types (None: unknown)."""

    program: str
    name: str
    tests: list[str]
    parameter_types: list[str | None] | None


def _tuple_source(arguments: Sequence[str]) -> str:
    return "(" + "".join(f"{argument}, " for argument in arguments) + ")"


def candidate_inputs(job: AugmentJob, settings: AugmentSettings, counters: Counter[str]) -> list[tuple[str, ...]]:
    """Mutated inputs first, then inputs drawn from the types; none already tested."""
    calls = [tuple(call_arguments(test)) for test in job.tests]
    inputs: list[tuple[str, ...]] = []
    for candidate in mutated_arguments(calls):
        if len(inputs) >= settings.mutations:
            break
        inputs.append(candidate)
    counters["augment.inputs.mutated"] += len(inputs)
    if settings.generated and job.parameter_types is not None:
        try:
            drawn = typed_inputs(job.parameter_types, settings.generated)
        except NoStrategy:
            counters["augment.no_strategy"] += 1
            drawn = []
        known = set(calls) | set(inputs)
        for values in drawn:
            candidate = tuple(repr(value) for value in values)
            if candidate not in known:
                known.add(candidate)
                inputs.append(candidate)
                counters["augment.inputs.generated"] += 1
    elif settings.generated:
        counters["augment.no_types"] += 1
    return inputs


def augment_run_program(job: AugmentJob, inputs: Sequence[Sequence[str]], run: int, settings: AugmentSettings) -> Program:
    """The sandbox program running the function on the passing tests' inputs, then ``inputs``.

    Run ``run`` uses PYTHONHASHSEED ``run + 1``; so the runs' programs differ too, and
    the sandbox's memo of verdicts cannot answer the second with the first one's output.
    """
    baseline = [call_arguments(test) for test in job.tests]
    spec = {
        "program": job.program,
        "name": job.name,
        "lines": list(body_lines(job.program, job.name)),
        "inputs": [_tuple_source(arguments) for arguments in [*baseline, *inputs]],
        "baseline": len(baseline),
        "limit_s": settings.call_s,
        "hash_seed": run + 1,
    }
    timeout = min(TIMEOUT_CAP_S, 5.0 + 2 * settings.call_s * len(spec["inputs"]))
    source = f"{_program_text()}\n\nmain(json.loads({json.dumps(spec)!r}))\n"
    return Program("py", source, timeout_s=timeout, memory_mb=settings.memory_mb)


def read_report(verdict: Verdict) -> dict[str, Any] | None:
    """The report of one run (``augment_program.py``), or None when the run did not produce a readable one."""
    lines = [line for line in verdict.stdout.splitlines() if line.startswith(MARK)]
    if not verdict.passed or len(lines) != 1:
        return None
    try:
        report = json.loads(lines[0][len(MARK):])
        baseline_lines, baseline_arcs = report["baseline"]
        footprints = [({int(n) for n in lines}, {(int(a), int(b)) for a, b in arcs}) for lines, arcs in report["footprints"]]
        inputs = {int(index): (footprints[int(footprint)], str(result)) for index, footprint, result in report["inputs"]}
        skipped = {str(why): int(n) for why, n in report["skipped"].items()}
        baseline = ({int(n) for n in baseline_lines}, {(int(a), int(b)) for a, b in baseline_arcs})
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return {"baseline": baseline, "inputs": inputs, "skipped": skipped}


def _literal_text(text: str) -> bool:
    """True when ``text`` is a literal whose ``repr`` is ``text`` again."""
    try:
        return repr(ast.literal_eval(text)) == text
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def choose_tests(job: AugmentJob, inputs: Sequence[Sequence[str]], runs: Sequence[dict[str, Any]], settings: AugmentSettings, counters: Counter[str]) -> list[str]:
    """The new tests, in the order chosen (see the module docstring); what was left out counted by why."""
    lines, arcs = (set(part) for part in runs[0]["baseline"])
    counters.update({f"augment.dropped.{why}": n for why, n in runs[0]["skipped"].items()})
    usable: list[tuple[int, str, set[int], set[tuple[int, int]]]] = []
    for index, ((new_lines, new_arcs), result) in sorted(runs[0]["inputs"].items()):
        if index >= len(inputs):
            counters["augment.dropped.unreadable"] += 1
            continue
        if any(run["inputs"].get(index, (None, None))[1] != result for run in runs[1:]):
            counters["augment.dropped.differs"] += 1
            continue
        if not _literal_text(result):
            counters["augment.dropped.not_a_literal"] += 1
            continue
        arguments = inputs[index]
        test, _ = assert_of_statement(ast.parse(f"assert {job.name}({', '.join(arguments)}) == {result}").body[0], job.name)
        if test is None or test in job.tests:
            counters["augment.dropped.not_a_test"] += 1
            continue
        usable.append((index, test, new_lines, new_arcs))
    chosen: list[str] = []
    while usable and len(chosen) < settings.max_tests:
        gains = [(len(new_lines - lines), len(new_arcs - arcs), -index) for index, _, new_lines, new_arcs in usable]
        best = max(range(len(usable)), key=lambda at: gains[at])
        if gains[best][:2] == (0, 0):
            break
        _, test, new_lines, new_arcs = usable.pop(best)
        lines |= new_lines
        arcs |= new_arcs
        chosen.append(test)
    counters["augment.dropped.no_new_coverage"] += len(usable)
    return chosen


def augment_many(sandbox: Sandbox, jobs: Sequence[AugmentJob], settings: AugmentSettings, counters: Counter[str]) -> list[list[str]]:
    """For each job the new tests to try (maybe none), all runs through one sandbox map."""
    inputs: list[list[tuple[str, ...]]] = []
    programs: list[Program] = []
    runnable: list[bool] = []
    for job in jobs:
        try:
            candidates = candidate_inputs(job, settings, counters)
            made = [augment_run_program(job, candidates, run, settings) for run in range(RUNS)] if candidates else []
        except (MeasureError, SyntaxError, AssertionError):
            candidates, made = [], []
        inputs.append(candidates)
        runnable.append(bool(made))
        programs.extend(made)
        counters["sandbox.programs"] += len(made)
        if not made:
            counters["augment.no_candidates"] += 1
    verdicts = iter(list(sandbox.map(programs)))
    found: list[list[str]] = []
    for job, candidates, ran in zip(jobs, inputs, runnable, strict=True):
        if not ran:
            found.append([])
            continue
        run_verdicts = [next(verdicts) for _ in range(RUNS)]
        counters["sandbox.ms"] += round(sum(verdict.seconds for verdict in run_verdicts) * 1000)
        reports = [read_report(verdict) for verdict in run_verdicts]
        if any(report is None for report in reports):
            counters["augment.run_failed"] += 1
            found.append([])
            continue
        found.append(choose_tests(job, candidates, [report for report in reports if report is not None], settings, counters))
    return found
