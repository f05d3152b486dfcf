"""Run untrusted programs in isolation, with limits, fast.

``Sandbox`` runs programs (``Program``) and returns ``Verdict``s; ``available`` says
whether a language's runtime is installed. The pieces an isolation method is built
from: ``Limits`` and ``bwrap_argv`` (the sandbox command line), ``OutputCapture``
(capped output), ``decide`` (how a run's end becomes a verdict), the ``Executor``
protocol (``executor.py``) and the naive ``ProcessExecutor``.
"""

from __future__ import annotations

import importlib
from typing import Any

from multiplt.sandbox.verdict import Program, Status, Verdict

# Loaded on first use: the language modules import `verdict` from this package, and
# the sandbox proper imports the language modules.
_LAZY = {
    "SCRATCH_MOUNT": "multiplt.sandbox.bwrap",
    "bwrap_argv": "multiplt.sandbox.bwrap",
    "make_scratch": "multiplt.sandbox.bwrap",
    "remove_scratch": "multiplt.sandbox.bwrap",
    "OutputCapture": "multiplt.sandbox.capture",
    "decide": "multiplt.sandbox.classify",
    "Executor": "multiplt.sandbox.executor",
    "make_executor": "multiplt.sandbox.executor",
    "Limits": "multiplt.sandbox.limits",
    "ProcessExecutor": "multiplt.sandbox.process",
    "available": "multiplt.sandbox.runtime",
    "Sandbox": "multiplt.sandbox.sandbox",
}

__all__ = ["Program", "Status", "Verdict", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
