"""MULTIPLT_REQUIRE_RUNTIMES turns a missing-runtime skip into a failure, for the runtimes it names only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runtimes import ENV, required_runtimes

TESTS = Path(__file__).parent

NEEDS_A_MISSING_RUNTIME = '''
from runtimes import missing_runtime

def test_needs_nonexistent_lang():
    missing_runtime("nonexistent-lang", "nonexistent-lang runtime not installed")
'''


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str | None) -> pytest.RunResult:
    pytester.makepyfile(NEEDS_A_MISSING_RUNTIME)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    if required is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, required)
    return pytester.runpytest_subprocess("-rsf")


def test_without_the_switch_a_missing_runtime_skips_with_its_reason(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, None)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*nonexistent-lang runtime not installed*"])


def test_the_switch_fails_a_test_whose_required_runtime_is_missing(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "lua,Nonexistent-Lang")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*nonexistent-lang runtime not installed, and {ENV}=lua,Nonexistent-Lang requires it*"])


def test_a_runtime_the_switch_does_not_name_still_skips(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "lua,racket,ocaml,r")
    result.assert_outcomes(skipped=1)


def test_the_switch_takes_language_names_or_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "lua, racket,OCaml,r,rkt,nonexistent-lang")
    assert required_runtimes() == {"lua", "rkt", "ml", "r", "nonexistent-lang"}
