"""Warm workers: pay a runtime's start-up once, run each program in a fresh child.

A worker is one long-lived interpreter (Python, R, OCaml: a fork server; Racket: fresh
namespaces and custodians) started in its own bubblewrap sandbox. Each program still
gets its own folder, limits, output caps and wall clock, and its verdict is decided by
the same rules as the one-process-per-program method. Lua starts in milliseconds and
has no warm worker: ``make_pool`` returns None and the Sandbox runs it the naive way.
"""

from __future__ import annotations

from pathlib import Path

from multiplt.languages import get_language
from multiplt.sandbox.runtime import available
from multiplt.sandbox.warm import procs
from multiplt.sandbox.warm.pool import WarmPool
from multiplt.sandbox.warm.runtimes import RUNTIMES, WarmRuntime
from multiplt.sandbox.warm.worker import Launcher, WarmWorker, WorkerFailed

__all__ = ["RUNTIMES", "WarmPool", "WarmRuntime", "WarmWorker", "WorkerFailed", "has_warm_worker", "make_pool"]


def has_warm_worker(code: str) -> bool:
    """Whether language ``code`` has a warm worker (its runtime may still be missing)."""
    return get_language(code).code in RUNTIMES


def make_pool(
    code: str,
    *,
    jobs: int = 1,
    scratch_root: Path | None = None,
    launcher: Launcher | None = None,
) -> WarmPool | None:
    """A pool of up to ``jobs`` warm workers for ``code``, or None when it has none.

    None also when the runtime is not installed: the process method then reports the
    missing runtime. ``launcher`` replaces the bubblewrap command (see ``worker.Launcher``).
    """
    language_code = get_language(code).code
    if language_code not in RUNTIMES or not available(language_code):
        return None
    if RUNTIMES[language_code].forks and not procs.exit_status_supported():
        return None  # a child's status would have to come from the worker, which its program can reach
    return WarmPool(RUNTIMES[language_code], size=jobs, scratch_root=scratch_root, launcher=launcher)
