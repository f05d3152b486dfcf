"""Which languages have a warm worker, and how each worker is started."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WORKER_SCRIPTS = Path(__file__).parent / "workers"


@dataclass(frozen=True)
class WarmRuntime:
    """How to start one language's warm worker inside the sandbox.

    ``command`` runs ``script`` (copied to the worker's scratch root, whose path inside
    replaces ``{script}``); the worker gets its request and answer fds as its last two
    arguments. ``forks``: each program runs in a forked child the worker reports by
    pid, so the host can set its CPU limit and kill it; otherwise the worker runs the
    program in-process and enforces the wall time itself (Racket). A forked child's exit
    status is read by the host from the kernel (a pidfd), never from the worker's
    answers; ``reports_exit``: the worker also answers ``EXIT`` once it reaped the child
    (R cannot wait for a child, so its worker does not).
    ``max_programs``: a worker is retired after this many programs (in-process workers
    keep a little of each program: compiled code, interned symbols).
    ``process_only``: programs whose source matches run in process isolation instead,
    because the worker itself makes them behave otherwise (OCaml's worker loads the
    ``Unix`` library, which a plain ``ocaml FILE`` run cannot link: a program naming it
    would pass warm and fail cold). A false match costs only speed, never a verdict.
    """

    code: str
    script: str
    command: tuple[str, ...]
    forks: bool = True
    reports_exit: bool = True
    startup_timeout_s: float = 60.0
    max_programs: int | None = None
    process_only: re.Pattern[str] | None = None


RUNTIMES: dict[str, WarmRuntime] = {
    runtime.code: runtime
    for runtime in (
        WarmRuntime("py", "python_worker.py", ("python3", "{script}")),
        WarmRuntime("ml", "ocaml_worker.ml", ("ocaml", "{script}"), process_only=re.compile(r"\bUnix(Labels)?\b")),
        WarmRuntime("r", "r_worker.R", ("Rscript", "{script}"), reports_exit=False),
        WarmRuntime("rkt", "racket_worker.rkt", ("racket", "{script}"), forks=False, max_programs=500),
    )
}
