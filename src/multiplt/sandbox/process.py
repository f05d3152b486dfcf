"""The naive isolation method: one bubblewrap sandbox and one fresh runtime per program."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from pathlib import Path

from multiplt.languages import get_language
from multiplt.sandbox.bwrap import SCRATCH_MOUNT, SandboxUnavailable, bwrap_argv, make_scratch, remove_scratch
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.classify import decide
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.runtime import available, missing_runtime_message, runtime_binds
from multiplt.sandbox.verdict import Program, Status, Verdict

_CHUNK = 64 * 1024


def sandbox_error(message: str, seconds: float = 0.0) -> Verdict:
    """A verdict saying the sandbox could not run the program, and why."""
    return Verdict(Status.SANDBOX_ERROR, -1, "", message, seconds)


class ProcessExecutor:
    """Runs each program in its own sandbox with a fresh interpreter (thread-safe)."""

    def __init__(self, scratch_root: Path | None = None) -> None:
        self.scratch_root = scratch_root

    def execute(self, program: Program, limits: Limits) -> Verdict:
        """Run ``program`` under ``limits``; nothing of it survives the call."""
        language = get_language(program.language)
        if not available(language.code):
            return sandbox_error(missing_runtime_message(language.code))
        scratch = make_scratch(self.scratch_root)
        try:
            file_name = "program" + language.extension
            (scratch / file_name).write_text(program.source, encoding="utf-8")
            command = language.command(f"{SCRATCH_MOUNT}/{file_name}")
            try:
                argv = bwrap_argv(scratch, limits, ro_binds=runtime_binds(language.code)) + command
            except SandboxUnavailable as error:
                return sandbox_error(f"multiplt: {error}")
            return run_captured(argv, language_code=language.code, limits=limits)
        finally:
            remove_scratch(scratch)

    def close(self) -> None:
        """Nothing to release: every run cleans up after itself."""


def run_captured(argv: list[str], *, language_code: str, limits: Limits) -> Verdict:
    """Start ``argv``, read its output under the caps, enforce the wall time, judge it."""
    stdout = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
    stderr = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
    started = time.monotonic()
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as error:
        return sandbox_error(f"multiplt: cannot start the sandbox: {error}")
    timed_out = False
    try:
        timed_out = not _pump(process, {process.stdout: stdout, process.stderr: stderr}, started + limits.timeout_s)
    finally:
        if process.poll() is None:
            process.kill()  # the outer bwrap: its death takes the whole sandbox with it
        exit_code = process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    seconds = time.monotonic() - started
    return decide(get_language(language_code), limits, exit_code, stdout, stderr, seconds, timed_out=timed_out)


def _pump(process: subprocess.Popen[bytes], captures: dict, deadline: float) -> bool:  # type: ignore[type-arg]
    """Read both streams until they close; False if the deadline came first.

    Stops early (True) when a stream goes over its budget; the caller kills the process.
    """
    with selectors.DefaultSelector() as selector:
        for stream, capture in captures.items():
            os.set_blocking(stream.fileno(), False)
            selector.register(stream, selectors.EVENT_READ, capture)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            for key, _ in selector.select(timeout=remaining):
                data = os.read(key.fd, _CHUNK)
                if not data:
                    selector.unregister(key.fileobj)
                elif not key.data.feed(data):
                    return True
    # Streams closed: the sandbox is ending; its init exits with the program.
    try:
        process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return False
    return True
