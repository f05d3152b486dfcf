"""What the sandbox runs (`Program`) and what it reports back (`Verdict`, `Status`).

Base types: the language modules (which classify a run's end into a `Status`) and the
sandbox (which runs a `Program`) both import them, so they sit below both. The default
limits live here once; `multiplt.sandbox.limits.Limits` uses the same constants.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

DEFAULT_TIMEOUT_S = 15.0  # wall time, seconds
DEFAULT_MEMORY_MB = 1024  # address space, MB


class Status(str, Enum):
    """Outcome of one program run, named as MultiPL-E's results files name them.

    `MemoryLimit` and `SandboxError` are ours: the first when the program hit its
    memory limit, the second when the sandbox itself failed to run the program.
    """

    OK = "OK"
    SYNTAX_ERROR = "SyntaxError"
    ASSERTION_ERROR = "AssertionError"
    EXCEPTION = "Exception"
    TIMEOUT = "Timeout"
    MEMORY_LIMIT = "MemoryLimit"
    SANDBOX_ERROR = "SandboxError"


@dataclass(frozen=True)
class Program:
    """A complete program in one language, with the limits it runs under."""

    language: str
    source: str
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB


@dataclass(frozen=True)
class Verdict:
    """How a program ended: its status, exit code and capped output."""

    status: Status
    exit_code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def passed(self) -> bool:
        """A run passes iff its status is OK and it exited 0 (MultiPL-E's rule)."""
        return self.status is Status.OK and self.exit_code == 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; `status` as its MultiPL-E string."""
        data = asdict(self)
        data["status"] = self.status.value
        return data
