"""Run untrusted programs in isolation, with limits, fast.

``Sandbox`` runs programs (``Program``) and returns ``Verdict``s; ``available`` says
whether a language's runtime is installed. The pieces an isolation method is built
from: ``Limits`` and ``bwrap_argv`` (the sandbox command line), ``OutputCapture``
(capped output), ``decide`` (how a run's end becomes a verdict), the ``Executor``
protocol (``executor.py``) and the naive ``ProcessExecutor``.

``Program``, ``Status`` and ``Verdict`` are base types (``multiplt.program``), below
both the sandbox and the language modules; they are re-exported here for callers.
"""

from __future__ import annotations

from multiplt.program import Program, Status, Verdict
from multiplt.sandbox.bwrap import SCRATCH_MOUNT, bwrap_argv, make_scratch, remove_scratch
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.classify import decide
from multiplt.sandbox.executor import Executor, make_executor
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.process import ProcessExecutor
from multiplt.sandbox.runtime import available
from multiplt.sandbox.sandbox import Sandbox

__all__ = [
    "SCRATCH_MOUNT",
    "Executor",
    "Limits",
    "OutputCapture",
    "ProcessExecutor",
    "Program",
    "Sandbox",
    "Status",
    "Verdict",
    "available",
    "bwrap_argv",
    "decide",
    "make_executor",
    "make_scratch",
    "remove_scratch",
]
