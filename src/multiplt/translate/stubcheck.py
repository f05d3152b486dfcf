"""The check before any sample is spent: prompt + a body that raises + tests must fail at run time.

A translated problem whose prompt or tests do not compile wastes every sample drawn for
it. Completing the prompt with the language's ``stub_body()`` (which raises
``STUB_MESSAGE``) and running it with the tests tells the cases apart: a sound problem
fails with the stub's own message, so both the prompt and the tests compiled and the
tests called the function. Anything else (a syntax or type error, an unbound name, a
pass, a timeout) says the translation is wrong; the problem is dropped with the
runtime's message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from multiplt.evaluation.score import ProgramRunner, program_source
from multiplt.languages import get_language
from multiplt.languages.translator import STUB_MESSAGE
from multiplt.program import Program, Status, Verdict

STUB_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class StubFailure:
    """Why a problem failed the stub check: a counter name and the runtime's message."""

    reason: str  # stub_compile_error, stub_passes, stub_timeout, stub_memory, stub_sandbox_error
    message: str


def stub_program(problem: Mapping[str, Any], timeout_s: float = STUB_TIMEOUT_S) -> Program:
    """The program the check runs: prompt + the language's raising body + "\\n" + tests."""
    language = get_language(problem["language"])
    source = program_source(problem["prompt"], language.stub_body(), problem["tests"])
    return Program(language=language.code, source=source, timeout_s=timeout_s)


def judge_stub(verdict: Verdict) -> StubFailure | None:
    """None when the stub program failed at run time with the stub's message, else why not."""
    output = verdict.stdout + verdict.stderr
    if verdict.status in (Status.ASSERTION_ERROR, Status.EXCEPTION) and STUB_MESSAGE in output:
        return None
    if verdict.status is Status.TIMEOUT:
        return StubFailure("stub_timeout", "the program with a raising body did not finish")
    if verdict.status is Status.MEMORY_LIMIT:
        return StubFailure("stub_memory", "the program with a raising body ran out of memory")
    if verdict.status is Status.SANDBOX_ERROR:
        return StubFailure("stub_sandbox_error", first_lines(output))
    if verdict.passed:
        return StubFailure("stub_passes", "the tests pass with a body that raises: they test nothing")
    return StubFailure("stub_compile_error", first_lines(output) or f"status {verdict.status.value}, no output")


def first_lines(text: str, width: int = 400) -> str:
    """A runtime's message as one line: its first line (often the location) and the first
    two lines that say what is wrong (``Error: ...``, ``unexpected ...``), joined with `` | ``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    telling = [line for line in lines if _TELLING.search(line)]
    kept = list(dict.fromkeys(lines[:1] + telling[:2]))
    return " | ".join(kept)[:width]


_TELLING = re.compile(r"error|unexpected|unbound|expected|undefined", re.IGNORECASE)


def check_stubs(problems: Sequence[Mapping[str, Any]], sandbox: ProgramRunner) -> list[StubFailure | None]:
    """The stub check of each problem, in order, all programs through one ``sandbox.map``."""
    return [judge_stub(verdict) for verdict in sandbox.map(stub_program(problem) for problem in problems)]
