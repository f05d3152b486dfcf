"""The executor protocol: how the Sandbox hands one program to an isolation method.

Two methods exist. ``process`` (``multiplt.sandbox.process.ProcessExecutor``) starts a
fresh sandbox and runtime per program; it works for every language and is the fallback.
``warm`` uses a per-language pool of warm workers from ``multiplt.sandbox.warm``, which
provides::

    def make_pool(code: str, *, jobs: int, scratch_root: Path | None) -> Executor | None

returning None when it has no warm worker for that language code ("py", "lua", "rkt",
"ml", "r", "jl"); the Sandbox then uses the process method for it. Every executor
gives the verdict the process method would give for the same program and limits
(build it with ``multiplt.sandbox.classify.decide``).
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Protocol

from multiplt.languages import get_language
from multiplt.program import Program, Verdict
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.process import ProcessExecutor

ISOLATIONS = ("warm", "process")
_log = logging.getLogger(__name__)


class Executor(Protocol):
    """Runs programs of one language in isolation. ``execute`` is called from many threads."""

    def execute(self, program: Program, limits: Limits) -> Verdict:
        """Run ``program`` under ``limits``; nothing of it (process, file) survives the call."""
        ...

    def close(self) -> None:
        """Stop any workers; called once when the Sandbox closes."""
        ...


def make_executor(code: str, isolation: str, *, jobs: int, scratch_root: Path | None = None) -> Executor:
    """The executor for language ``code`` under ``isolation`` ("warm" falls back to "process")."""
    if isolation not in ISOLATIONS:
        raise ValueError(f"unknown isolation {isolation!r}; choose one of: {', '.join(ISOLATIONS)}")
    if isolation == "warm":
        try:
            pool = _warm_pool(code, jobs=jobs, scratch_root=scratch_root)
        except Exception as error:  # a broken warm worker must not stop a run: fall back
            _log.warning("warm workers for %s failed to start (%s: %s); running one sandbox per program", code, type(error).__name__, error)
            pool = None
        if pool is not None:
            return pool
    return ProcessExecutor(scratch_root, get_language(code))


def _warm_pool(code: str, *, jobs: int, scratch_root: Path | None) -> Executor | None:
    try:
        warm = importlib.import_module("multiplt.sandbox.warm")
    except ModuleNotFoundError as error:
        if error.name in ("multiplt.sandbox.warm",):
            return None
        raise
    make_pool = getattr(warm, "make_pool", None)
    if make_pool is None:
        return None
    pool: Executor | None = make_pool(code, jobs=jobs, scratch_root=scratch_root)
    return pool
