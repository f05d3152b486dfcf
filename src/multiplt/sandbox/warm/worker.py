"""One warm worker: a language runtime started once in its own sandbox, fed programs.

The host side of the protocol described in ``workers/python_worker.py``. The worker's
stdout and stderr carry only its programs' output; this class reads them under the
output caps while it waits for the worker's answer, enforces the wall time by killing
the program's process tree (fork-based workers) or by trusting the worker's own clock
with a backstop (Racket), and after each program kills anything it left running,
empties the sandbox's ``/tmp`` and deletes its folder. A worker that dies or stops
answering raises ``WorkerFailed``; the pool replaces it and runs the program again.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import select
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from multiplt.languages import get_language
from multiplt.program import Program, Verdict
from multiplt.sandbox.bwrap import SANDBOX_GID, SANDBOX_UID, SCRATCH_MOUNT, bwrap_argv, filled, memory_file, open_writable, remove_scratch, sweep_stale_scratch
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.classify import TIMEOUT_EXIT_CODE, decide
from multiplt.sandbox.limits import MIB, Limits
from multiplt.sandbox.runtime import runtime_binds
from multiplt.sandbox.warm import procs
from multiplt.sandbox.warm.runtimes import RUNTIMES, WORKER_SCRIPTS, WarmRuntime
from multiplt.sandbox.warm.spawner import Spawner

_CHUNK = 64 * 1024
_KILL_GRACE_S = 5.0  # how long a worker may take to answer after its program was killed
_BACKSTOP_S = 5.0  # how long past the timeout a self-timing (Racket) worker may stay silent
GO_FIFO = ".multiplt-go"  # a forked child waits on it until the host watches the child
_CLEAR_S = 5.0  # how long the processes a program left may take to die and be reaped

# (files to copy in: (fd, path inside), worker command inside the sandbox, limits) -> full argv
Launcher = Callable[[list[tuple[int, str]], list[str], Limits], list[str]]
WORKER_MOUNT = "/worker"  # where the worker's script is copied, read-only; programs run in SCRATCH_MOUNT
_LIBC = ctypes.CDLL(None, use_errno=True)


class WorkerFailed(RuntimeError):
    """The worker could not start, died, or stopped answering."""


def bwrap_launcher(code: str) -> Launcher:
    """Start the worker in a bubblewrap sandbox under ``limits``' memory/process/file limits.

    Its programs inherit them. CPU time is per program: the wall clock is the host's.
    RLIMIT_NPROC counts every process of the sandbox: a fork server's program gets the
    same share as under the process method (the init, then itself and its children)
    when the cap makes room for the worker; an in-process worker is the program's own
    runtime, as ``racket FILE`` is, so it gets no extra room.
    A worker running programs in-process (Racket) shares its address space with them, as
    ``racket FILE`` shares it with its program: a program over the limit aborts it, and
    that abort is the program's verdict.
    """

    worker_processes = 1 if RUNTIMES[code].forks else 0  # the (single-threaded) fork server

    def launch(files: list[tuple[int, str]], command: list[str], limits: Limits) -> list[str]:
        rlimits = [
            "prlimit",
            f"--as={limits.memory_mb * MIB}",
            f"--nproc={limits.max_processes + worker_processes}",
            f"--fsize={limits.max_file_mb * MIB}",
            "--core=0",
        ]
        return bwrap_argv(files, None, write_mb=limits.max_file_mb, ro_binds=runtime_binds(code)) + [*rlimits, "--", *command]

    return launch


_LEGACY_WORKER_ROOT = Path("/dev/shm/multiplt-warm")


def sweep_legacy_worker_folders() -> int:
    """Remove the host folders earlier versions' killed workers left in ``/dev/shm``.

    Workers keep nothing on the host any more (their files are the sandbox's own
    tmpfs, gone with it); folders of processes still alive are left alone.
    """
    return sweep_stale_scratch(_LEGACY_WORKER_ROOT)


def launch_key(limits: Limits) -> tuple[int, int, int]:
    """The part of ``limits`` a worker is started under (the rest is per program)."""
    return (limits.memory_mb, limits.max_processes, limits.max_file_mb)


class WarmWorker:
    """A started worker for one language; not thread-safe (the pool hands it to one thread)."""

    def __init__(self, runtime: WarmRuntime, limits: Limits, *, spawner: Spawner, launcher: Launcher, scratch_root: Path | None = None) -> None:
        self.runtime = runtime
        self.language = get_language(runtime.code)
        self.programs_run = 0
        self.dead = False  # set when it must not be reused (it failed, or was killed with its program)
        self._limits = limits
        self._spawner = spawner
        self._launcher = launcher
        self._serial = 0
        self._answers = b""
        self._process = None
        self._writable: dict[str, int] = {}  # the sandbox's writable tmpfs by path, opened from outside
        self._scratch_fd: int | None = None
        self._shm_fd: int | None = None
        self._tmp_baseline: set[str] = set()  # what the worker itself keeps in /tmp (R's session folder)
        self._tmp_folders: set[str] = set()

    @property
    def launch_key(self) -> tuple[int, int, int]:
        """The limits fixed when the worker started; only programs with the same fit it."""
        return launch_key(self._limits)

    # -- life cycle ---------------------------------------------------------------

    def start(self) -> None:
        """Start the worker and wait until it says it is ready."""
        script_fd = memory_file(self.runtime.script, (WORKER_SCRIPTS / self.runtime.script).read_bytes())
        request_read, self._request_fd = os.pipe()
        self._answer_fd, answer_write = os.pipe()
        for fd in (request_read, answer_write):  # R reopens them by /dev/fd/N, as the sandbox user
            os.fchmod(fd, 0o666)
        script = f"{WORKER_MOUNT}/{self.runtime.script}"
        command = [part.replace("{script}", script) for part in self.runtime.command] + [str(request_read), str(answer_write)]
        try:
            argv = self._launcher([(script_fd, script)], command, self._limits)
            self._process = self._spawner.spawn(argv, (request_read, answer_write, script_fd))
        except OSError as error:
            self.close()
            raise WorkerFailed(f"cannot start the {self.language.name} worker: {error}") from error
        finally:
            for fd in (request_read, answer_write, script_fd):
                os.close(fd)
        os.set_blocking(self._answer_fd, False)
        for stream in (self._process.stdout, self._process.stderr):
            os.set_blocking(stream.fileno(), False)
        ready = self._read_answer(time.monotonic() + self.runtime.startup_timeout_s)
        if ready is None or not ready.startswith("READY "):
            detail = self._startup_output()
            self.close()
            raise WorkerFailed(f"the {self.language.name} worker did not start: {ready or 'no answer'} {detail}".strip())
        self._find_host_pids(int(ready.split()[1]))
        self._record_tmp_baseline()
        writable = open_writable(self._worker_pid)  # the sandbox's own capped tmpfs, reached from outside
        if writable is None:
            self.close()
            raise WorkerFailed(f"cannot reach the {self.language.name} worker's folders")
        self._writable = writable
        self._scratch_fd, self._shm_fd = writable[SCRATCH_MOUNT], writable["/dev/shm"]
        for fd in (self._request_fd, self._answer_fd):
            # Both pipes were open to all for R and Racket to reopen them by /dev/fd/N; now
            # that they have, nothing in the sandbox may reopen them through /proc/<pid>/fd.
            os.fchmod(fd, 0o600)

    def close(self) -> None:
        """Kill the worker's sandbox and delete its scratch root."""
        self.dead = True
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()  # the outer bwrap: its init, and so every process inside, dies with it
            self._process.wait()
            for stream in (self._process.stdout, self._process.stderr):
                if stream is not None:
                    stream.close()
            self._process = None
        for fd in self._writable.values():
            os.close(fd)
        self._writable = {}
        self._scratch_fd = self._shm_fd = None
        for fd_name in ("_request_fd", "_answer_fd"):
            fd = getattr(self, fd_name, None)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, fd_name, None)

    # -- one program ----------------------------------------------------------------

    def execute(self, program: Program, limits: Limits) -> Verdict:
        """Run one program; raises WorkerFailed if the worker fails before answering."""
        if self._process is None or self.dead:
            raise WorkerFailed("the worker is not running")
        self._serial += 1
        self.programs_run = self._serial
        file_name = "program" + self.language.extension
        with _as_sandbox_user():  # the tmpfs belongs to the sandbox's user namespace: only its user may create there
            fd = os.open(file_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=self._scratch_fd)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(program.source)
            if self.runtime.forks:
                os.mkfifo(GO_FIFO, 0o600, dir_fd=self._scratch_fd)
        stdout = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
        stderr = OutputCapture(limits.output_keep_bytes, limits.output_budget_bytes)
        self._discard_output()
        self._answers = b""
        nonce = secrets.token_hex(8)
        started = time.monotonic()
        try:
            request = f"RUN {SCRATCH_MOUNT} {file_name} {limits.timeout_s:g} {limits.memory_mb} {limits.cpu_s} {nonce}\n"
            try:
                os.write(self._request_fd, request.encode())
            except OSError as error:
                raise WorkerFailed(f"the worker stopped reading: {error}") from error
            exit_code, timed_out = self._await_exit(started, limits, stdout, stderr, nonce)
            seconds = time.monotonic() - started
            full = filled(self._writable)
            if not self.dead:
                self._clean_up(stdout, stderr)
        except WorkerFailed:
            self.dead = True
            raise
        return decide(self.language, limits, exit_code, stdout, stderr, seconds, timed_out=timed_out, filled=full)

    def _await_exit(self, started: float, limits: Limits, stdout: OutputCapture, stderr: OutputCapture, nonce: str) -> tuple[int, bool]:
        """Pump output until the program has ended: (exit code, timed out).

        A forked child's exit code comes from the kernel (a pidfd opened before the child
        may start its program), never from the answer channel; an in-process (Racket)
        program's from an answer carrying ``nonce``. An answer that is not the one
        expected retires the worker after this program.
        """
        assert self._process is not None and self._process.stdout is not None and self._process.stderr is not None
        out_fd, err_fd = self._process.stdout.fileno(), self._process.stderr.fileno()
        captures = {out_fd: stdout, err_fd: stderr}
        poller = select.poll()
        for fd in (out_fd, err_fd, self._answer_fd):
            poller.register(fd, select.POLLIN)
        deadline = started + limits.timeout_s
        give_up = deadline + _BACKSTOP_S  # a self-timing worker past this is hung
        timed_out = killed = False
        pidfd: int | None = None
        go_fd: int | None = None
        try:
            while True:
                now = time.monotonic()
                if self.runtime.forks and not killed and now >= deadline:
                    timed_out = killed = True
                    self._kill_program()
                    give_up = now + _KILL_GRACE_S
                if now >= give_up:
                    if not self.runtime.forks:
                        # An in-process program that blocks its worker past the timeout (a
                        # foreign call the worker cannot interrupt) is a Timeout, as under
                        # `racket FILE`: kill the worker with it rather than rerun it elsewhere.
                        self._kill_worker()
                        return TIMEOUT_EXIT_CODE, True
                    raise WorkerFailed(f"no answer {now - started:.1f} s after the program started")
                wake = give_up
                if not killed and self.runtime.forks:
                    wake = min(wake, deadline)
                for fd, _event in poller.poll(max(0.0, wake - now) * 1000 + 1):
                    if fd in captures:
                        data = self._read(fd)
                        if not data:
                            return self._worker_died(stderr)
                        if not captures[fd].feed(data) and not killed:
                            killed = True
                            if not self.runtime.forks:  # the program runs inside the worker: both go
                                self._kill_worker()
                                return -9, False
                            self._kill_program()
                    elif fd == pidfd:
                        poller.unregister(pidfd)
                        if not self.runtime.reports_exit:  # R reaps it on SIGCHLD: the status follows
                            return self._reaped_status(pidfd), timed_out
                    else:
                        chunk = self._read(self._answer_fd)
                        if not chunk:
                            return self._worker_died(stderr)
                        self._answers += chunk
                        for line in self._take_lines():
                            kind, _, rest = line.partition(" ")
                            fields = rest.split()
                            if not self.runtime.forks and kind == "EXIT" and fields[-1:] == [nonce] and len(fields) >= 2:
                                return int(fields[0]), timed_out or "TIMEOUT" in fields[1:-1]
                            if self.runtime.forks and kind == "PID" and pidfd is None and len(fields) == 1 and fields[0].isdigit():
                                pidfd, go_fd = self._watch_child(int(fields[0]), poller)
                            elif self.runtime.forks and self.runtime.reports_exit and kind == "EXIT" and pidfd is not None:
                                return self._reaped_status(pidfd), timed_out
                            else:
                                self.dead = True  # not the worker's answer: retire it after this program
        finally:
            for fd in (pidfd, go_fd):
                if fd is not None:
                    os.close(fd)

    @staticmethod
    def _reaped_status(pidfd: int) -> int:
        """The child's exit code once its parent reaped it (the kernel keeps it on the pidfd)."""
        give_up = time.monotonic() + _CLEAR_S
        while (code := procs.exit_status(pidfd)) is None:
            if time.monotonic() >= give_up:
                raise WorkerFailed("the worker did not reap its child")
            time.sleep(0.0002)
        return code

    def _worker_died(self, stderr: OutputCapture) -> tuple[int, bool]:
        """The worker ended mid-program: the program's verdict if it took the worker with it."""
        self.dead = True
        text = stderr.classify_text()
        if self.runtime.forks or not any(marker in text for marker in self.language.memory_markers):
            raise WorkerFailed(f"the worker exited{self._exit_note()}")
        assert self._process is not None
        return self._process.wait(), False  # an in-process program exhausted the memory: racket aborted

    def _watch_child(self, namespace_pid: int, poller: select.poll) -> tuple[int, int]:
        """A pidfd on the worker's new child, then let the child start its program: (pidfd, FIFO fd).

        The child waits on its folder's FIFO before it runs anything, so it cannot have
        ended (nor been reaped) yet: the pidfd is the child's, and its exit status will
        be the kernel's word.
        """
        found = [pid for pid in procs.children(self._worker_pid) if procs.namespace_pid(pid) == namespace_pid]
        if len(found) != 1:
            raise WorkerFailed(f"the worker's child {namespace_pid} is not there")
        try:
            pidfd = os.pidfd_open(found[0])
        except OSError as error:
            raise WorkerFailed(f"cannot watch the worker's child: {error}") from error
        poller.register(pidfd, select.POLLIN)
        # O_RDWR never blocks; kept open until the program ended (a FIFO nobody holds loses its line).
        go = os.open(GO_FIFO, os.O_RDWR | os.O_NONBLOCK, dir_fd=self._scratch_fd)
        os.write(go, b"go\n")
        return pidfd, go

    def _kill_program(self) -> None:
        """Kill the running program: every process of the sandbox but its init and the worker.

        Not only those below the worker: a program's orphans (a fork bomb's, mostly) are
        reparented to the init.
        """
        procs.kill_below([self._init_pid], keep=[self._worker_pid])

    def _kill_worker(self) -> None:
        self.dead = True
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    def _clean_up(self, stdout: OutputCapture, stderr: OutputCapture) -> None:
        """Kill what the program left running, take its last output, empty /tmp.

        The next program starts only once the last one's processes are all reaped, so it
        gets the whole process budget; a worker whose sandbox cannot be emptied is
        retired (marked dead, the pool replaces it).
        """
        if not procs.clear_namespace(self._init_pid, self._worker_pid, _CLEAR_S):
            self.dead = True
        if self._answers or self._read(self._answer_fd):
            self.dead = True  # an answer nobody asked for: whatever wrote it must not judge the next program
        assert self._process is not None and self._process.stdout is not None and self._process.stderr is not None
        for stream, capture in ((self._process.stdout, stdout), (self._process.stderr, stderr)):
            while data := self._read(stream.fileno()):
                capture.feed(data)
        for folder_fd in (self._scratch_fd, self._shm_fd):  # the next program starts from empty folders
            _empty(folder_fd)
        for entry in self._tmp_entries():
            if entry not in self._tmp_baseline:
                _remove(self._tmp_path() / entry)
            elif entry in self._tmp_folders:  # the worker's own folder: empty it of the program's files
                for inner in self._tmp_entries(entry):
                    if f"{entry}/{inner}" not in self._tmp_baseline:
                        _remove(self._tmp_path() / entry / inner)

    # -- plumbing -------------------------------------------------------------------

    def _find_host_pids(self, worker_namespace_pid: int) -> None:
        assert self._process is not None
        below = procs.descendants(self._process.pid)
        if not below:
            raise WorkerFailed("the worker's sandbox has no processes")
        self._init_pid = below[0]
        matches = [pid for pid in below if procs.namespace_pid(pid) == worker_namespace_pid]
        self._worker_pid = matches[0] if matches else below[-1]

    def _tmp_path(self) -> Path:
        return Path(f"/proc/{self._worker_pid}/root/tmp")

    def _tmp_entries(self, folder: str = "") -> list[str]:
        try:
            return os.listdir(self._tmp_path() / folder)
        except OSError:
            return []

    def _record_tmp_baseline(self) -> None:
        """Note what the worker keeps in /tmp, two levels deep, so cleaning spares it."""
        top = self._tmp_entries()
        self._tmp_folders = {entry for entry in top if (self._tmp_path() / entry).is_dir()}
        self._tmp_baseline = set(top) | {f"{folder}/{inner}" for folder in self._tmp_folders for inner in self._tmp_entries(folder)}

    def _read_answer(self, deadline: float) -> str | None:
        """The next line from the worker, or None at EOF or past ``deadline``."""
        while True:
            lines = self._take_lines(limit=1)
            if lines:
                return lines[0]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._answer_fd], [], [], remaining)
            if ready:
                chunk = self._read(self._answer_fd)
                if not chunk:
                    return None
                self._answers += chunk

    def _take_lines(self, limit: int | None = None) -> list[str]:
        lines: list[str] = []
        while b"\n" in self._answers and (limit is None or len(lines) < limit):
            line, self._answers = self._answers.split(b"\n", 1)
            lines.append(line.decode("utf-8", errors="replace").strip())
        return lines

    @staticmethod
    def _read(fd: int) -> bytes:
        try:
            return os.read(fd, _CHUNK)
        except BlockingIOError:
            return b""

    def _discard_output(self) -> None:
        """Drop what the worker printed between programs (runtime notices, not a program's)."""
        assert self._process is not None and self._process.stdout is not None and self._process.stderr is not None
        for stream in (self._process.stdout, self._process.stderr):
            while self._read(stream.fileno()):
                pass

    def _startup_output(self) -> str:
        if self._process is None or self._process.stderr is None:
            return ""
        return self._read(self._process.stderr.fileno()).decode("utf-8", errors="replace").strip()[-500:]

    def _exit_note(self) -> str:
        if self._process is None:
            return ""
        code = self._process.poll()
        return "" if code is None else f" (status {code})"


def _remove(path: Path) -> None:
    """Delete a file, link or folder tree a program left, whatever its modes."""
    if path.is_dir() and not path.is_symlink():
        remove_scratch(path)
    else:
        path.unlink(missing_ok=True)


def _empty(folder_fd: int) -> None:
    """Delete everything in the folder open as ``folder_fd``, whatever its modes."""
    for name in os.listdir(folder_fd):
        try:
            if stat.S_ISDIR(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode):
                shutil.rmtree(name, dir_fd=folder_fd)
            else:
                os.unlink(name, dir_fd=folder_fd)
        except FileNotFoundError:
            pass


@contextlib.contextmanager
def _as_sandbox_user() -> Iterator[None]:
    """Create files as the sandbox's user in this thread (setfsuid), when we are root."""
    if os.geteuid() != 0:
        yield
        return
    _LIBC.setfsgid(SANDBOX_GID)
    _LIBC.setfsuid(SANDBOX_UID)
    try:
        yield
    finally:
        _LIBC.setfsuid(0)
        _LIBC.setfsgid(0)
