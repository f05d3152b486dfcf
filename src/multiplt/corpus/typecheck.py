"""Type-check mined functions in isolation with basedpyright, many functions per checker run.

Each function's ``program`` (its carried imports plus its source) is written to a file of
its own in a temporary folder, and one checker run checks a whole batch of them; every
diagnostic is mapped back to its function by file. MultiPL-T ran pyright in its default
mode; here basedpyright (pyright with its own Node, from PyPI) runs in ``standard`` mode,
pyright's default, with ``reportPossiblyUnboundVariable`` (pyright's
``reportPossiblyUnbound``) lowered to a warning as pyright's standard mode has it
(basedpyright's raises it to an error). Only diagnostics of severity ``error`` fail a
function; warnings and information never do.

A batch whose checker run fails as a whole (a crash, an exit code other than 0 or 1,
output that is not the JSON report, a timeout, fewer files analysed than given) is split
in halves and each half checked again, down to single functions, so one function that
breaks the checker costs only itself (``type_check_failed``), never its batch
(MultiPL-T dropped whole batches of 250).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG = {
    "typeCheckingMode": "standard",
    "reportPossiblyUnboundVariable": "warning",
    "pythonVersion": f"{sys.version_info.major}.{sys.version_info.minor}",
}
"""The ``pyrightconfig.json`` each batch runs under."""

TYPE_ERROR = "type_error"
CHECK_FAILED = "type_check_failed"


@dataclass(frozen=True)
class Verdict:
    """One function's result: ``reason`` None when it type-checks, else why not and the first message."""

    reason: str | None = None
    detail: str = ""


class CheckerFailure(Exception):
    """One checker run gave no usable report (crash, bad exit code, unreadable output, timeout)."""


def default_command() -> list[str]:
    """``basedpyright`` of this interpreter's environment (beside ``sys.executable``), else on PATH."""
    beside = Path(sys.executable).parent / "basedpyright"
    return [str(beside)] if beside.exists() else ["basedpyright"]


def _first_line(diagnostic: dict[str, Any]) -> str:
    """``line:column: message [rule]``: the message's first line, 1-based position in the program."""
    start = diagnostic.get("range", {}).get("start", {})
    message = str(diagnostic.get("message", "")).splitlines()[0] if diagnostic.get("message") else "(no message)"
    rule = f" [{diagnostic['rule']}]" if diagnostic.get("rule") else ""
    return f"{start.get('line', -1) + 1}:{start.get('character', -1) + 1}: {message}{rule}"


class TypeChecker:
    """Checks programs in batches of ``batch_size``; see the module docstring for the rules that count.

    ``command`` is the checker's argv prefix (default: basedpyright); the file names are
    appended. ``timeout_s`` bounds one run of ``n`` files at ``startup_s + per_function_s * n``.
    """

    def __init__(self, command: Sequence[str] | None = None, batch_size: int = 250,
                 startup_s: float = 30.0, per_function_s: float = 1.0, threads: int = 1) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.command = list(command) if command is not None else default_command()
        self.batch_size = batch_size
        self.startup_s = startup_s
        self.per_function_s = per_function_s
        self.threads = threads
        self.runs = 0
        """checker runs made (a split batch counts each run)"""
        self.failed_runs = 0

    def check(self, programs: Sequence[str]) -> list[Verdict]:
        """One verdict per program, in order."""
        verdicts: list[Verdict] = []
        for start in range(0, len(programs), self.batch_size):
            verdicts.extend(self._check_splitting(list(programs[start:start + self.batch_size])))
        return verdicts

    def _check_splitting(self, programs: list[str]) -> list[Verdict]:
        if not programs:
            return []
        try:
            return self._run(programs)
        except CheckerFailure as failure:
            self.failed_runs += 1
            if len(programs) == 1:
                return [Verdict(CHECK_FAILED, str(failure))]
            middle = len(programs) // 2
            return self._check_splitting(programs[:middle]) + self._check_splitting(programs[middle:])

    def _run(self, programs: list[str]) -> list[Verdict]:
        """One checker run over ``programs``; raises CheckerFailure when its report is unusable."""
        self.runs += 1
        with tempfile.TemporaryDirectory(prefix="multiplt-typecheck-") as folder:
            root = Path(folder)
            (root / "pyrightconfig.json").write_text(json.dumps(CONFIG), encoding="utf-8")
            # Names no module could have, so no program's import finds another program.
            names = [f"_mt_fn_{index:05d}.py" for index in range(len(programs))]
            for name, program in zip(names, programs, strict=True):
                (root / name).write_text(program, encoding="utf-8")
            threads = ["--threads", str(self.threads)] if self.threads > 1 else []
            argv = [*self.command, "--outputjson", "-p", "pyrightconfig.json", *threads, *names]
            timeout = self.startup_s + self.per_function_s * len(programs)
            try:
                done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=timeout,
                                      env={**os.environ, "NO_COLOR": "1"}, check=False)
            except subprocess.TimeoutExpired:
                raise CheckerFailure(f"checker timed out after {timeout:.0f}s on {len(programs)} functions") from None
            except OSError as error:
                raise CheckerFailure(f"checker could not start: {error}") from None
            return self._verdicts(done, root, names)

    def _verdicts(self, done: subprocess.CompletedProcess[str], root: Path, names: list[str]) -> list[Verdict]:
        if done.returncode not in (0, 1):
            tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
            raise CheckerFailure(f"checker exited {done.returncode}: {tail[0][:200]}")
        try:
            report = json.loads(done.stdout)
            diagnostics = report["generalDiagnostics"]
            analysed = report["summary"]["filesAnalyzed"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise CheckerFailure(f"checker output is not its JSON report: {done.stdout[:200]!r}") from None
        if analysed < len(names):
            raise CheckerFailure(f"checker analysed {analysed} of {len(names)} files")
        index = {str((root / name).resolve()): position for position, name in enumerate(names)}
        first: dict[int, tuple[tuple[int, int], str]] = {}
        for diagnostic in diagnostics:
            if diagnostic.get("severity") != "error":
                continue
            position = index.get(str(Path(diagnostic.get("file", "")).resolve()))
            if position is None:
                continue  # not one of ours (the config file, a stub): says nothing about a function
            start = diagnostic.get("range", {}).get("start", {})
            where = (start.get("line", -1), start.get("character", -1))
            if position not in first or where < first[position][0]:
                first[position] = (where, _first_line(diagnostic))
        return [Verdict(TYPE_ERROR, first[position][1]) if position in first else Verdict()
                for position in range(len(names))]
