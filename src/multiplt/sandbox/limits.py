"""The resource limits one program runs under, and how they map to rlimits."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from multiplt.program import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, Program

MIB = 1024 * 1024
MAX_TIMEOUT_S = 3600.0  # an hour: past it a "program" is a mistake (1e308, inf), and poll() cannot wait that long
MAX_MEMORY_MB = 1024 * 1024  # a TiB


def check_timeout(value: object, what: str = "timeout") -> float:
    """``value`` as a wall-time limit in seconds; ValueError unless finite, above 0 and at most an hour."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT_S:
        raise ValueError(f"{what} must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:g}, got {value!r}")
    return float(value)


def check_memory(value: object, what: str = "memory") -> int:
    """``value`` as a memory limit in MB; ValueError unless a whole number from 16 to a TiB."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 16 <= value <= MAX_MEMORY_MB:
        raise ValueError(f"{what} must be a whole number of MB from 16 to {MAX_MEMORY_MB}, got {value!r}")
    return value


@dataclass(frozen=True)
class Limits:
    """Per-program limits, enforced by every isolation method alike.

    ``timeout_s`` is wall time; CPU time is capped a little above it (RLIMIT_CPU) so a
    busy loop dies even if the wall clock is not watched. ``memory_mb`` caps the address
    space (RLIMIT_AS). ``max_processes`` caps processes and threads of the program's own
    user namespace (RLIMIT_NPROC counts per namespace, so sandboxes running side by side
    do not share the budget). Output: each of stdout and stderr is read up to
    ``output_budget_bytes`` (more kills the program); ``output_keep_bytes`` of it are kept
    in the verdict.
    """

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    max_processes: int = 64
    output_keep_bytes: int = 2048
    output_budget_bytes: int = 1 * MIB
    max_file_mb: int = 64

    def __post_init__(self) -> None:
        check_timeout(self.timeout_s, "timeout_s")
        check_memory(self.memory_mb, "memory_mb")

    @classmethod
    def for_program(cls, program: Program, **overrides: int | float) -> Limits:
        """The limits ``program`` asks for (timeout, memory), other fields default."""
        return replace(cls(timeout_s=program.timeout_s, memory_mb=program.memory_mb), **overrides)

    @property
    def cpu_s(self) -> int:
        """RLIMIT_CPU in whole seconds: the wall timeout rounded up, plus one."""
        return math.ceil(self.timeout_s) + 1

    def key(self) -> str:
        """A stable text form, part of the verdict cache key."""
        return (
            f"t={self.timeout_s:g};m={self.memory_mb};p={self.max_processes};"
            f"k={self.output_keep_bytes};b={self.output_budget_bytes};f={self.max_file_mb}"
        )

    def prlimit_argv(self, extra_processes: int = 0) -> list[str]:
        """``prlimit ... --`` applying these limits to the command that follows it.

        Run inside the sandbox's user namespace, after it was created: the namespace
        inherits the caller's (high) process limit, and only this namespace gets the
        low one. ``extra_processes`` makes room for helpers (a fork server, an init).
        """
        return [
            "prlimit",
            f"--as={self.memory_mb * MIB}",
            f"--cpu={self.cpu_s}:{self.cpu_s + 1}",  # SIGXCPU first, SIGKILL a second later
            f"--nproc={self.max_processes + extra_processes}",
            f"--fsize={self.max_file_mb * MIB}",
            "--core=0",
            "--",
        ]
