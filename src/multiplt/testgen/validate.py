"""Each test run alone against the function, in the Python sandbox.

A test passes only with status ``OK`` and exit code 0, and only if it ran to its end:
the program is the function's own ``program`` (its imports and source), the one
assert, then a line printing a mark derived from the program's text. A function or an
expected value that calls ``sys.exit(0)`` exits 0 without the mark, and fails. A test
that crashes, loops or exhausts memory harms nothing but its own verdict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from multiplt.program import Program, Verdict
from multiplt.sandbox import Sandbox

TIMEOUT_S = 5.0  # MultiPL-T's per-assert timeout
MEMORY_MB = 1024


def end_mark(program: str, test: str) -> str:
    """What the test program prints once its assert held; nothing the program could guess."""
    digest = hashlib.sha256(f"{program}\0{test}".encode()).hexdigest()[:24]
    return f"multiplt-test-passed-{digest}"


def assert_program(program: str, test: str, *, timeout_s: float = TIMEOUT_S, memory_mb: int = MEMORY_MB) -> Program:
    """The sandbox program that runs ``test`` alone against the function in ``program``."""
    source = f"{program.rstrip()}\n\n\n{test}\nprint({end_mark(program, test)!r})\n"
    return Program("py", source, timeout_s=timeout_s, memory_mb=memory_mb)


def assert_passed(verdict: Verdict, program: str, test: str) -> bool:
    """Status OK, exit code 0, and the end mark is the last thing printed."""
    return verdict.passed and verdict.stdout.rstrip().endswith(end_mark(program, test))


@dataclass
class Validated:
    """One function's tests after running: those that passed, and those that failed with their status."""

    passed: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)  # {"test", "status"}
    seconds: float = 0.0  # sandbox time of all its runs


def validate_many(
    sandbox: Sandbox,
    functions: Sequence[tuple[str, Sequence[str]]],
    *,
    timeout_s: float = TIMEOUT_S,
    memory_mb: int = MEMORY_MB,
) -> Iterator[Validated]:
    """For each ``(program, tests)`` the tests split into passing and failing, in order.

    All programs of all functions go through one ``Sandbox.map``, so the warm workers
    stay busy across functions.
    """
    programs = (
        assert_program(program, test, timeout_s=timeout_s, memory_mb=memory_mb)
        for program, tests in functions
        for test in tests
    )
    verdicts: Iterator[Verdict] = sandbox.map(programs)
    for program, tests in functions:
        result = Validated()
        for test in tests:
            verdict = next(verdicts)
            result.seconds += verdict.seconds
            if assert_passed(verdict, program, test):
                result.passed.append(test)
            else:
                # Exit 0 without the mark: the program ended early; report it as MultiPL-E would an error.
                status = verdict.status.value if not verdict.passed else "Exception"
                result.failed.append({"test": test, "status": status})
        yield result
