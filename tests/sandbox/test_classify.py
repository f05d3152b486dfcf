"""decide(): the sandbox's own statuses layered over each language's classification."""

from __future__ import annotations

import signal

import pytest

from multiplt.languages import get_language
from multiplt.languages.lua import Lua
from multiplt.program import Status
from multiplt.sandbox import Limits
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.classify import decide


def _captured(text: str) -> OutputCapture:
    capture = OutputCapture(keep=2048, budget=1 << 20)
    capture.feed(text.encode())
    return capture


def _decide(code: str, exit_code: int, stdout: str = "", stderr: str = "", *, timed_out: bool = False, started: bool = True) -> Status:
    verdict = decide(
        get_language(code), Limits(), exit_code, _captured(stdout), _captured(stderr), 0.1, timed_out=timed_out, sandbox_started=started
    )
    return verdict.status


def test_timed_out_run_is_timeout_whatever_it_printed() -> None:
    assert _decide("py", -9, stderr="AssertionError", timed_out=True) is Status.TIMEOUT


def test_cpu_limit_signal_is_timeout() -> None:
    assert _decide("lua", 128 + signal.SIGXCPU) is Status.TIMEOUT


@pytest.mark.parametrize(
    ("code", "stderr"),
    [
        ("py", "Traceback ...\nMemoryError\n"),
        ("lua", "lua5.4: not enough memory\n"),
        ("rkt", "out of memory\n"),
        ("ml", "Fatal error: exception Out_of_memory\n"),
        ("r", "Error: cannot allocate vector of size 7.5 Gb\nExecution halted\n"),
    ],
)
def test_runtime_out_of_memory_report_is_memory_limit(code: str, stderr: str) -> None:
    assert _decide(code, 1, stderr=stderr) is Status.MEMORY_LIMIT


def test_bubblewrap_setup_failure_is_sandbox_error() -> None:
    stderr = "bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n"
    assert _decide("lua", 1, stderr=stderr, started=False) is Status.SANDBOX_ERROR


def test_a_program_printing_a_bubblewrap_error_is_judged_as_a_program() -> None:
    stderr = "bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n"
    assert _decide("py", 1, stderr=stderr) is Status.EXCEPTION


def test_output_over_budget_is_exception_with_a_note() -> None:
    stdout = OutputCapture(keep=10, budget=5)
    stdout.feed(b"x" * 6)
    verdict = decide(get_language("py"), Limits(), -9, stdout, _captured(""), 0.1, timed_out=False)
    assert verdict.status is Status.EXCEPTION
    assert "output over" in verdict.stderr


def test_racket_check_failure_with_exit_zero_is_assertion_error() -> None:
    assert _decide("rkt", 0, stderr="--------------------\nFAILURE\nname:       check-equal?\n") is Status.ASSERTION_ERROR


def test_racket_error_inside_a_check_is_exception() -> None:
    assert _decide("rkt", 0, stderr="--------------------\nERROR\nname:       check-equal?\ncar: contract violation\n") is Status.EXCEPTION


def test_ocaml_type_error_is_syntax_error() -> None:
    stderr = "Error: This expression has type int but an expression was expected of type string\n"
    assert _decide("ml", 2, stderr=stderr) is Status.SYNTAX_ERROR


def test_clean_exit_is_ok() -> None:
    assert _decide("r", 0, stdout="[1] 2\n") is Status.OK


def test_missing_rackunit_is_sandbox_error() -> None:
    stderr = "standard-module-name-resolver: collection not found\n  for module path: rackunit\n"
    assert _decide("rkt", 1, stderr=stderr) is Status.SANDBOX_ERROR


def test_missing_luaunit_is_sandbox_error() -> None:
    stderr = "lua5.4: program.lua:1: module 'luaunit' not found:\n\tno field package.preload['luaunit']\n"
    assert _decide("lua", 1, stderr=stderr) is Status.SANDBOX_ERROR


def test_racket_whitespace_on_stderr_is_not_ok() -> None:
    assert _decide("rkt", 0, stderr="\n") is not Status.OK


def test_printing_memoryerror_on_stdout_is_not_memory_limit() -> None:
    assert _decide("py", 1, stdout="MemoryError\n", stderr="Traceback (most recent call last):\nAssertionError\n") is Status.ASSERTION_ERROR


def test_another_runtime_s_memory_report_is_not_memory_limit() -> None:
    # Python's word: a Lua program printing it has not run out of memory in Lua.
    assert _decide("lua", 1, stderr="error: MemoryError\n") is Status.EXCEPTION


class _TinyLua(Lua):
    """A test double: Lua whose runtime would say "heap full" when memory runs out."""

    memory_markers = ("heap full",)


def test_memory_limit_reads_the_language_s_own_markers() -> None:
    def status(stderr: str) -> Status:
        return decide(_TinyLua(), Limits(), 1, _captured(""), _captured(stderr), 0.1, timed_out=False).status

    assert status("lua5.4: heap full\n") is Status.MEMORY_LIMIT
    assert status("lua5.4: not enough memory\n") is Status.EXCEPTION
