"""Which language runtimes are installed, and what of the host each one needs."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from multiplt.languages import get_language
from multiplt.languages.packages import install_hint
from multiplt.sandbox.bwrap import SANDBOX_PATH

_VISIBLE_PREFIXES = ("/usr/", "/etc/", "/bin/", "/sbin/", "/lib")


@functools.cache
def runtime_binary(code: str) -> Path | None:
    """The runtime that runs ``code``'s programs, as found on the sandbox's PATH."""
    language = get_language(code)
    program = language.command("program" + language.extension)[0]
    found = shutil.which(program, path=SANDBOX_PATH) if not os.path.isabs(program) else program
    return Path(found) if found and os.access(found, os.X_OK) else None


def available(code: str) -> bool:
    """Whether the runtime for language ``code`` ("lua", "rkt", "jl"...) is installed."""
    return runtime_binary(code) is not None


def missing_runtime_message(code: str) -> str:
    """What to tell the user when ``code``'s runtime is absent."""
    language = get_language(code)
    program = language.command("program" + language.extension)[0]
    return (f"multiplt: {language.name} runtime {program!r} not found on {SANDBOX_PATH}; "
            f"to run {language.code} programs: {install_hint(language)}")


@functools.cache
def runtime_binds(code: str) -> tuple[Path, ...]:
    """Host folders outside the system view that ``code``'s runtime lives in.

    A runtime installed under ``/opt`` (say ``/usr/local/bin/julia`` linking to
    ``/opt/julia-1.10/bin/julia``) needs its install prefix mounted read-only.
    """
    binary = runtime_binary(code)
    if binary is None:
        return ()
    real = Path(os.path.realpath(binary))
    if str(real).startswith(_VISIBLE_PREFIXES):
        return ()
    return (real.parent.parent,)
