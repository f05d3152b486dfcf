"""Helpers for the sandbox tests: runtime skips, program filling, survivor checks."""

from __future__ import annotations

import os
import uuid

import pytest
from runtimes import require_runtime  # noqa: F401  (the sandbox tests import it from here)

from multiplt.program import Program, Verdict
from multiplt.sandbox import Sandbox

ISOLATIONS = ("process", "warm")  # every verdict and hostile test runs once per isolation


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced (str.format would trip on braces in code)."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def new_token() -> str:
    """A short unique marker (fits a process's 15-character ``comm``)."""
    return "mp" + uuid.uuid4().hex[:10]


def processes_with(token: str) -> list[int]:
    """Pids of live (non-zombie) processes whose command line or name holds ``token``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline, open(f"/proc/{entry}/stat", "rb") as stat:
                text = cmdline.read() + stat.read()
        except OSError:
            continue  # ended while we looked
        state = text.split(b") ", 1)[1][:1] if b") " in text else b""
        if token.encode() in text and state != b"Z":
            found.append(int(entry))
    return found


def run(sandbox: Sandbox, code: str, source: str, *, timeout_s: float = 15.0, memory_mb: int = 512) -> Verdict:
    """Run ``source`` as language ``code`` (skipping the test if its runtime is absent)."""
    require_runtime(code)
    return sandbox.run(Program(code, source, timeout_s=timeout_s, memory_mb=memory_mb))
