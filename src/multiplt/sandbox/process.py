"""The naive isolation method: one bubblewrap sandbox and one fresh runtime per program.

The program file reaches the sandbox as a memfd that bubblewrap copies into the
sandbox's own capped ``/scratch``: nothing of a run is ever on the host's disk.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import selectors
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from pathlib import Path

from multiplt.languages import get_language
from multiplt.languages.base import Language
from multiplt.program import Program, Status, Verdict
from multiplt.sandbox.bwrap import SCRATCH_MOUNT, SandboxUnavailable, bwrap_argv, filled, launch_env, memory_file, open_writable
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.classify import decide
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.runtime import available, missing_runtime_message, runtime_binds

_CHUNK = 64 * 1024
_SETUP_WAIT_S = 10.0  # how long bubblewrap may take to set a sandbox up
_REAP_TIMEOUT_S = 10.0  # a killed sandbox's namespace empties in milliseconds


def sandbox_error(message: str, seconds: float = 0.0) -> Verdict:
    """A verdict saying the sandbox could not run the program, and why."""
    return Verdict(Status.SANDBOX_ERROR, -1, "", message, seconds)


class ProcessExecutor:
    """Runs each program in its own sandbox with a fresh interpreter (thread-safe).

    ``language``: the one language this executor runs, resolved once by whoever made it
    (the Sandbox makes an executor per language); None looks up each program's own.
    """

    def __init__(self, scratch_root: Path | None = None, language: Language | None = None) -> None:
        self.scratch_root = scratch_root
        self.language = language

    def execute(self, program: Program, limits: Limits) -> Verdict:
        """Run ``program`` under ``limits``; nothing of it survives the call."""
        language = self.language or get_language(program.language)
        if not available(language.code):
            return sandbox_error(missing_runtime_message(language.code))
        file_name = "program" + language.extension
        command = language.command(f"{SCRATCH_MOUNT}/{file_name}")
        binds = runtime_binds(language.code)
        try:
            bwrap_argv((), limits)  # fails early when bubblewrap is missing
        except SandboxUnavailable as error:
            return sandbox_error(f"multiplt: {error}")
        source = memory_file(file_name, program.source.encode("utf-8", errors="surrogateescape"))
        try:
            files = ((source, f"{SCRATCH_MOUNT}/{file_name}"),)
            return run_captured(
                lambda info_fd, block_fd: bwrap_argv(files, limits, ro_binds=binds, info_fd=info_fd, block_fd=block_fd) + command,
                language=language,
                limits=limits,
                pass_fds=(source,),
            )
        finally:
            os.close(source)

    def close(self) -> None:
        """Nothing to release: every run cleans up after itself."""


class SandboxProcess:
    """A running sandbox: the outer ``bwrap`` process and a pidfd on the sandbox's init.

    ``kill()`` SIGKILLs the init, so the kernel kills every process in the sandbox's
    pid namespace, and ``wait()`` returns only once all of them are gone.
    ``started()`` says whether bubblewrap got as far as running the command: the
    sandbox's own word, not anything the program can print.
    """

    def __init__(self, build_argv: Callable[[int, int], list[str]], pass_fds: tuple[int, ...] = ()) -> None:
        """Start ``build_argv(info_fd, block_fd)`` (a ``bwrap_argv(..., info_fd=, block_fd=)`` command line)."""
        info_read, info_write = os.pipe()
        block_read, self._block_write = os.pipe()
        self.writable: dict[str, int] = {}
        try:
            self.popen = subprocess.Popen(
                build_argv(info_write, block_read),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(info_write, block_read, *pass_fds),
                env=launch_env(),
            )
        except BaseException:
            os.close(self._block_write)
            raise
        finally:
            os.close(info_write)
            os.close(block_read)
        try:
            self._init_pidfd, init_pid = _open_init(info_read)
        finally:
            os.close(info_read)
        if init_pid is not None:
            self.writable = _await_writable(init_pid, self._init_pidfd)
        try:
            os.write(self._block_write, b"x")  # now the command may start
            self._block_sent = True
        except BrokenPipeError:
            self._block_sent = False  # bubblewrap already gave up: it never reached the command

    def kill(self) -> None:
        """Kill every process of the sandbox (idempotent); ``wait()`` then waits for them all."""
        if self._init_pidfd is not None:
            try:
                signal.pidfd_send_signal(self._init_pidfd, signal.SIGKILL)
                return  # not the outer bwrap too: it exits once the namespace is empty
            except ProcessLookupError:
                pass  # the init already ended: so did the namespace
        if self.popen.poll() is None:
            self.popen.kill()

    def started(self) -> bool:
        """Whether bubblewrap set the sandbox up and ran the command (it took the block-fd byte)."""
        unread = struct.unpack("i", fcntl.ioctl(self._block_write, termios.FIONREAD, b"\0\0\0\0"))[0]
        return self._block_sent and unread == 0

    def wait(self) -> int:
        """Wait for the outer ``bwrap`` to exit; its exit code (128 + signal when killed)."""
        try:
            code = self.popen.wait(timeout=_REAP_TIMEOUT_S)
        except subprocess.TimeoutExpired:  # the init could not be killed: take the slow way
            self.popen.kill()
            code = self.popen.wait()
        if self._init_pidfd is not None:
            os.close(self._init_pidfd)
            self._init_pidfd = None
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()
        return code

    def close(self) -> None:
        """Release the block-fd pipe and the writable folders' fds (after ``started()``, ``filled()``)."""
        os.close(self._block_write)
        for fd in self.writable.values():
            os.close(fd)
        self.writable = {}


def _await_writable(init_pid: int, init_pidfd: int | None) -> dict[str, int]:
    """Fds on the sandbox's writable tmpfs, taken while bwrap waits on its block fd before the command."""
    give_up = time.monotonic() + _SETUP_WAIT_S
    pause = 0.0001
    while time.monotonic() < give_up:
        opened = open_writable(init_pid)
        if opened is not None:
            return opened
        if init_pidfd is None or select.select([init_pidfd], [], [], 0)[0]:
            return {}  # the sandbox ended during its setup: it never had them
        time.sleep(pause)
        pause = min(pause * 2, 0.0005)
    return {}


def _open_init(info_read: int) -> tuple[int | None, int | None]:
    """A pidfd on the sandbox's init and its pid, from bubblewrap's ``--info-fd`` JSON; Nones if it never started."""
    data = b""
    while chunk := os.read(info_read, 4096):
        data += chunk
        try:
            child_pid = int(json.loads(data)["child-pid"])
        except (ValueError, KeyError):
            continue  # not all of it yet
        try:
            return os.pidfd_open(child_pid), child_pid
        except ProcessLookupError:
            return None, None
    return None, None


def run_captured(
    build_argv: Callable[[int, int], list[str]], *, language: Language, limits: Limits, pass_fds: tuple[int, ...] = ()
) -> Verdict:
    """Start a sandbox, read its output under the caps, enforce the wall time, judge it by ``language``'s rules."""
    stdout = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
    stderr = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
    started = time.monotonic()
    try:
        sandbox = SandboxProcess(build_argv, pass_fds)
    except OSError as error:
        return sandbox_error(f"multiplt: cannot start the sandbox: {error}")
    process = sandbox.popen
    timed_out = False
    try:
        timed_out = not _pump(process, {process.stdout: stdout, process.stderr: stderr}, started + limits.timeout_s)
    finally:
        if process.poll() is None:
            sandbox.kill()
        exit_code = sandbox.wait()
        sandbox_started = sandbox.started()
        full = filled(sandbox.writable)
        sandbox.close()
    seconds = time.monotonic() - started
    return decide(
        language, limits, exit_code, stdout, stderr, seconds, timed_out=timed_out, sandbox_started=sandbox_started, filled=full
    )


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
