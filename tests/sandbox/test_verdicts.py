"""Verdicts per language, classified as MultiPL-E's evaluators do, in both isolation modes."""

from __future__ import annotations

import pytest
from sandbox_helpers import run
from sandbox_programs import FAILED_ASSERTION, INFINITE_LOOP, LANGUAGES, MEMORY_BOMB, PASSING, RUNTIME_EXCEPTION, SYNTAX_ERROR

from multiplt.program import Status
from multiplt.sandbox import Sandbox


@pytest.mark.parametrize("code", LANGUAGES)
def test_passing_program_is_ok(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, PASSING[code])
    assert verdict.status is Status.OK, verdict
    assert verdict.passed


@pytest.mark.parametrize("code", LANGUAGES)
def test_failed_assertion_is_assertion_error(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, FAILED_ASSERTION[code])
    assert verdict.status is Status.ASSERTION_ERROR, verdict


def test_racket_check_failure_is_not_ok_even_with_exit_zero(sandbox: Sandbox) -> None:
    verdict = run(sandbox, "rkt", FAILED_ASSERTION["rkt"])
    assert (verdict.exit_code, verdict.passed) == (0, False), verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_runtime_exception_is_exception(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, RUNTIME_EXCEPTION[code])
    assert verdict.status is Status.EXCEPTION, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_syntax_or_type_error_is_syntax_error(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, SYNTAX_ERROR[code])
    assert verdict.status is Status.SYNTAX_ERROR, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_endless_program_is_timeout(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, INFINITE_LOOP[code], timeout_s=2)
    assert verdict.status is Status.TIMEOUT, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_program_over_its_memory_is_memory_limit(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, MEMORY_BOMB[code], memory_mb=256, timeout_s=20)
    assert verdict.status is Status.MEMORY_LIMIT, verdict
