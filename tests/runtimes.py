"""The one way a test skips for a missing language runtime, and the switch that makes it fail.

``MULTIPLT_REQUIRE_RUNTIMES=lua,racket,ocaml,r`` (language names or MultiPL-E codes,
comma-separated) turns such a skip into a failure for the languages it names, so a CI run
cannot pass with a runtime silently absent. `.ci/run` sets it; a developer's plain
``make test`` leaves it unset and missing runtimes skip with their reason printed.

Tests call :func:`require_runtime` (or mark themselves ``@pytest.mark.runtime("lua")``,
which ``tests/conftest.py`` turns into the same call).
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from multiplt.languages import get_language
from multiplt.languages.registry import UnknownLanguageError
from multiplt.sandbox import available

ENV = "MULTIPLT_REQUIRE_RUNTIMES"


def _canonical(name: str) -> str:
    """A language's MultiPL-E code (``racket`` -> ``rkt``), or the name itself if no language has it."""
    name = name.strip()
    try:
        return get_language(name).code
    except UnknownLanguageError:
        return name.lower()


def required_runtimes() -> set[str]:
    """The runtimes the environment variable requires, as codes (read on each call: tests may set it)."""
    return {_canonical(entry) for entry in os.environ.get(ENV, "").split(",") if entry.strip()}


def missing_runtime(name: str, reason: str) -> NoReturn:
    """Skip the calling test because runtime ``name`` is missing; fail it instead when ``name`` is required."""
    if _canonical(name) in required_runtimes():
        pytest.fail(f"{reason}, and {ENV}={os.environ[ENV]} requires it", pytrace=False)
    pytest.skip(reason)


def require_runtime(code: str) -> None:
    """Skip (or, when required, fail) the calling test unless language ``code``'s runtime is installed."""
    if not available(code):
        language = get_language(code)
        missing_runtime(code, f"{language.name} runtime not installed ({language.command('x')[0]} not found)")
