"""Run each completion with its problem's tests; a solution passes only with status OK and exit 0.

MultiPL-T kept any program that exited 0, and a failing Racket ``check-equal?`` exits 0,
so its Racket data was only checked for "compiles and finishes". Here the verdict comes
from the sandbox's classification (for Racket: any stderr output is a failure) and
``Verdict.passed``, and it is kept with every solution.

Limits. ``eval score`` keeps MultiPL-E's limits so its numbers compare; data generation
needs only enough for the programs that pass, and the time spent is mostly the tail
(timeouts and memory kills). ``DATA_LIMITS`` are derived from what passing programs
need (``derive_timeout``); ``"reference"`` gives each language's MultiPL-E timeout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from multiplt.evaluation.score import ProgramRunner, program_source
from multiplt.languages import get_language
from multiplt.program import Program, Verdict

STDERR_KEPT = 300  # characters of stderr kept with a failing solution: enough to see why


@dataclass(frozen=True)
class ValidationLimits:
    """The limits one completion runs under: ``timeouts`` per language where given, else
    ``timeout_s``, else (None) the language's reference timeout; ``memory_mb`` for all."""

    timeout_s: float | None = 5.0
    memory_mb: int = 512
    timeouts: Mapping[str, float] = field(default_factory=dict)

    def timeout_for(self, language: str) -> float:
        """The wall-clock limit for a program in ``language``."""
        code = get_language(language).code
        if code in self.timeouts:
            return float(self.timeouts[code])
        return self.timeout_s if self.timeout_s is not None else get_language(code).timeout_s

    def to_dict(self) -> dict[str, Any]:
        """The limits as kept with every validated record."""
        return {"timeout_s": self.timeout_s, "memory_mb": self.memory_mb, "timeouts": dict(sorted(self.timeouts.items()))}


REFERENCE_LIMITS = ValidationLimits(timeout_s=None, memory_mb=1024)
DATA_LIMITS = ValidationLimits()


def limits_named(name: str | float | None, memory_mb: int | None = None, timeouts: Mapping[str, float] | None = None) -> ValidationLimits:
    """``"data"`` (the default), ``"reference"`` (MultiPL-E's 15 s / 5 s, 1 GB), or a timeout in
    seconds; ``memory_mb`` and per-language ``timeouts`` (language code -> seconds) override it."""
    if name in (None, "data"):
        base = DATA_LIMITS
    elif name == "reference":
        base = REFERENCE_LIMITS
    elif isinstance(name, int | float) and not isinstance(name, bool) and name > 0:
        base = ValidationLimits(timeout_s=float(name), memory_mb=DATA_LIMITS.memory_mb)
    else:
        raise ValueError(f"limits must be 'data', 'reference' or a positive number of seconds, not {name!r}")
    per_language = {**base.timeouts, **{get_language(code).code: float(value) for code, value in (timeouts or {}).items()}}
    return ValidationLimits(base.timeout_s, base.memory_mb if memory_mb is None else memory_mb, per_language)


def derive_timeout(passing_seconds: Iterable[float], factor: float = 10.0, floor_s: float = 1.0) -> float:
    """A data-generation timeout from the run times of passing programs: ``factor`` times
    the slowest, at least ``floor_s``, rounded up to a whole second."""
    slowest = max(passing_seconds, default=0.0)
    return float(max(floor_s, math.ceil(slowest * factor)))


def derive_limits(
    passing_seconds: Mapping[str, Iterable[float]], factor: float = 10.0, floor_s: float = 1.0, memory_mb: int = 512
) -> ValidationLimits:
    """Per-language timeouts (``derive_timeout``) from the run times of each language's passing
    programs, measured under generous limits; languages without a passing program keep
    ``DATA_LIMITS.timeout_s``."""
    timeouts = {get_language(code).code: derive_timeout(seconds, factor, floor_s) for code, seconds in passing_seconds.items()}
    return ValidationLimits(DATA_LIMITS.timeout_s, memory_mb, timeouts)


def solution_programs(problem: Mapping[str, Any], completions: Sequence[str], limits: ValidationLimits) -> list[Program]:
    """The program of each completion: prompt + completion + "\\n" + tests, as MultiPL-E builds it."""
    language = get_language(problem["language"]).code
    timeout = limits.timeout_for(language)
    return [
        Program(language, program_source(problem["prompt"], completion, problem["tests"]), timeout, limits.memory_mb)
        for completion in completions
    ]


def solution_record(completion: str, verdict: Verdict) -> dict[str, Any]:
    """One solution as kept in a validated record: the completion and its verdict."""
    return {
        "completion": completion,
        "passed": verdict.passed,
        "status": verdict.status.value,
        "exit_code": verdict.exit_code,
        "seconds": round(verdict.seconds, 4),
        "stderr": "" if verdict.passed else verdict.stderr[:STDERR_KEPT],
    }


def validate_many(
    items: Sequence[tuple[Mapping[str, Any], Sequence[str]]], sandbox: ProgramRunner, limits: ValidationLimits = DATA_LIMITS
) -> list[list[dict[str, Any]]]:
    """Solutions (completion + verdict) for each (problem, completions) pair, all programs of
    all problems through one ``sandbox.map`` so they run in parallel."""
    programs = [program for problem, completions in items for program in solution_programs(problem, completions, limits)]
    verdicts = iter(sandbox.map(programs))
    return [[solution_record(completion, next(verdicts)) for completion in completions] for _, completions in items]
