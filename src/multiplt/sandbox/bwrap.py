"""The bubblewrap command line that isolates one program (or one warm worker).

What a sandboxed process sees: a read-only root holding the system's ``/usr`` and
``/etc`` (plus the ``/bin``, ``/lib``... links or folders the host has), a fresh
``/proc`` and a read-only ``/dev``, and three private size-capped tmpfs: ``/tmp``,
``/dev/shm`` and ``/scratch`` (the working directory and ``$HOME``, where the program
file is copied); only those three are writable, and nothing of them is on the host. Nothing else: no ``/root``, ``/home``, ``/work`` or project
checkout. It has no network, its own pid, ipc, uts and user namespaces, a new session,
and runs as ``nobody`` (uid 65534). When the calling process is root, bubblewrap itself
is started as ``nobody`` too: this keeps the kernel's per-namespace process limit in
force (root's processes are exempt from RLIMIT_NPROC) and makes root-only files on the
host unreadable even through the read-only system view.

Killing the sandbox's init kills everything of the program: when a pid namespace's init
dies the kernel kills every process in it, and the outer ``bwrap`` exits only after
that. Killing the outer ``bwrap`` does the same, but asynchronously (the init gets
SIGKILL through ``--die-with-parent``). ``bwrap`` itself gets SIGKILL if the Python
thread that started it dies (``setpriv --pdeathsig``).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from multiplt.sandbox.limits import MIB, Limits

SANDBOX_UID = 65534  # nobody
SANDBOX_GID = 65534
SCRATCH_MOUNT = "/scratch"
WRITABLE = (SCRATCH_MOUNT, "/tmp", "/dev/shm")  # a program's only writable places: capped tmpfs each
# The PATH inside the sandbox; runtimes are looked up on it (outside too, by `available`).
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
_SYSTEM_DIRS = ("/usr", "/etc")
_SYSTEM_LINKS_OR_DIRS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


class SandboxUnavailable(RuntimeError):
    """bubblewrap (or another tool the sandbox needs) is missing on this machine."""


@functools.cache
def _system_view() -> tuple[str, ...]:
    """bwrap options mounting the host's system folders read-only, links as links."""
    options: list[str] = []
    for path in _SYSTEM_DIRS:
        options += ["--ro-bind", path, path]
    for path in _SYSTEM_LINKS_OR_DIRS:
        if os.path.islink(path):
            options += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            options += ["--ro-bind", path, path]
    return tuple(options)


def _is_root() -> bool:
    return os.geteuid() == 0


@functools.cache
def _tool(name: str) -> str:
    path = shutil.which(name, path=SANDBOX_PATH)
    if path is None:
        raise SandboxUnavailable(f"{name} not found on {SANDBOX_PATH}; install it (apt-get install bubblewrap util-linux)")
    return path


def launch_env() -> dict[str, str]:
    """The environment ``setpriv`` and ``bwrap`` are started with: none of the caller's.

    bwrap's own environment stays readable inside the sandbox as its init's
    ``/proc/1/environ`` (``--clearenv`` cleans only the command's), so the caller's
    variables, API keys among them, must never reach bwrap itself.
    """
    return {"PATH": SANDBOX_PATH}


def launcher_argv() -> list[str]:
    """How ``bwrap`` is started: as nobody with a parent-death signal when we are root."""
    if not _is_root():
        return [_tool("setpriv"), "--pdeathsig", "KILL", "--"]
    return [
        _tool("setpriv"),
        f"--reuid={SANDBOX_UID}",
        f"--regid={SANDBOX_GID}",
        "--clear-groups",
        "--pdeathsig",
        "KILL",
        "--",
    ]


def bwrap_argv(
    files: Sequence[tuple[int, str]],
    limits: Limits | None = None,
    *,
    write_mb: int | None = None,
    ro_binds: Sequence[Path] = (),
    extra_processes: int = 0,
    info_fd: int | None = None,
    block_fd: int | None = None,
) -> list[str]:
    """The argv prefix that runs a command isolated, in its own empty ``/scratch``.

    Append the command (its paths as seen inside: ``SCRATCH_MOUNT/<file>``). ``files``
    are (fd, path inside) pairs: bubblewrap copies each fd's content (a memfd holding a
    program, say) to that path while it sets the sandbox up. Everything a program can
    write is a size-capped tmpfs of its sandbox, gone with it: ``/scratch``, ``/tmp``
    and ``/dev/shm`` hold ``write_mb`` MB each (default ``limits.max_file_mb``), and the
    rest of ``/dev`` is read-only, so nothing lands on the host's disk and a program
    can hold at most three times ``write_mb`` of the host's memory in files. With
    ``limits``, the command runs under ``limits.prlimit_argv(extra_processes)`` (memory,
    CPU, processes, file size); without, no rlimits are applied (a warm worker applies
    them itself to each program's child). ``ro_binds`` are extra host folders the
    runtime needs, mounted read-only at the same path. With ``info_fd`` (an inheritable
    fd), bubblewrap writes JSON with ``child-pid``, the sandbox's init as seen from
    outside: SIGKILL it and the kernel kills every process of the sandbox before the
    outer ``bwrap`` exits (see ``multiplt.sandbox.process.SandboxProcess``). With
    ``block_fd`` (the read end of a pipe holding one byte), bubblewrap reads that byte
    only once the sandbox is set up, just before it runs the command: a byte left
    unread says the sandbox itself failed, whatever the output says. Wall time
    and output caps are the caller's job.
    """
    cap = str((write_mb if write_mb is not None else (limits or Limits()).max_file_mb) * MIB)  # tmpfs pages are host memory
    argv = [*launcher_argv(), _tool("bwrap"), "--unshare-all", "--die-with-parent", "--new-session"]
    if info_fd is not None:
        argv += ["--info-fd", str(info_fd)]
    if block_fd is not None:
        argv += ["--block-fd", str(block_fd)]
    argv += _system_view()
    for path in ro_binds:
        argv += ["--ro-bind", str(path), str(path)]
    argv += [
        "--proc", "/proc",
        "--dev", "/dev",
        "--size", cap, "--tmpfs", "/dev/shm",
        "--remount-ro", "/dev",
        "--size", cap, "--tmpfs", "/tmp",
        "--size", cap, "--tmpfs", SCRATCH_MOUNT,
    ]  # fmt: skip
    for fd, path in files:
        argv += ["--perms", "0644", "--file", str(fd), path]
    argv += [
        "--remount-ro", "/",
        "--chdir", SCRATCH_MOUNT,
        "--hostname", "sandbox",
        "--uid", str(SANDBOX_UID),
        "--gid", str(SANDBOX_GID),
        "--clearenv",
        "--setenv", "PATH", SANDBOX_PATH,
        "--setenv", "HOME", SCRATCH_MOUNT,
        "--setenv", "TMPDIR", "/tmp",
        "--setenv", "LANG", "C.UTF-8",
        "--",
    ]  # fmt: skip
    if limits is not None:
        argv += [_tool("prlimit"), *limits.prlimit_argv(extra_processes)[1:]]
    return argv


def open_writable(pid: int) -> dict[str, int] | None:
    """Fds on the writable tmpfs of the sandbox process ``pid`` (by ``WRITABLE`` path), once it has them.

    None while its root is not yet the sandbox's (each must be a mount of its own).
    The fds keep each tmpfs readable after the sandbox is gone (see ``filled``).
    """
    root = f"/proc/{pid}/root"
    try:
        root_device = os.stat(root).st_dev
        if any(os.stat(root + path).st_dev == root_device for path in WRITABLE):
            return None
    except OSError:
        return None
    opened: dict[str, int] = {}
    try:
        for path in WRITABLE:
            opened[path] = os.open(root + path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        for fd in opened.values():
            os.close(fd)
        return None
    return opened


def filled(writable: dict[str, int]) -> tuple[str, ...]:
    """Which of the sandbox's writable tmpfs are full: the program wrote up to its cap there."""
    return tuple(path for path, fd in writable.items() if os.fstatvfs(fd).f_bavail == 0)


def memory_file(name: str, content: bytes) -> int:
    """A memfd holding ``content``, read from the start: what ``bwrap_argv``'s ``files`` take."""
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    try:
        view = memoryview(content)
        written = 0
        while written < len(view):
            written += os.write(fd, view[written:])
        os.lseek(fd, 0, os.SEEK_SET)
    except BaseException:
        os.close(fd)
        raise
    return fd


def default_scratch_root() -> Path:
    """Where scratch folders are made: ``$MULTIPLT_SCRATCH`` or ``<tmp>/multiplt-scratch``."""
    return Path(os.environ.get("MULTIPLT_SCRATCH") or Path(tempfile.gettempdir()) / "multiplt-scratch")


def make_scratch(root: Path | None = None) -> Path:
    """A new empty folder, writable by the sandbox user only, under ``root``."""
    root = root or default_scratch_root()
    root.mkdir(parents=True, exist_ok=True)
    if _is_root():
        os.chmod(root, 0o711)  # nobody may enter its own folder, not list the others
    scratch = root / f"{os.getpid()}-{uuid.uuid4().hex[:16]}"  # the pid lets a sweep find orphans
    scratch.mkdir(mode=0o700)
    if _is_root():
        os.chown(scratch, SANDBOX_UID, SANDBOX_GID)
    return scratch


def sweep_stale_scratch(root: Path | None = None) -> int:
    """Remove scratch folders whose creating process is gone (it was killed mid-run).

    Returns how many were removed. Folders of live processes are left alone.
    """
    root = root or default_scratch_root()
    removed = 0
    try:
        entries = list(root.iterdir())
    except FileNotFoundError:
        return 0
    for entry in entries:
        owner = entry.name.split("-", 1)[0]
        if not owner.isdigit() or _alive(int(owner)):
            continue
        try:
            remove_scratch(entry)
            removed += 1
        except FileNotFoundError:
            pass  # another sweep took it
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_scratch(scratch: Path) -> None:
    """Delete a scratch folder and everything the program left in it, whatever its modes."""

    def make_writable_and_retry(function, path, _exc_info):  # type: ignore[no-untyped-def]
        os.chmod(os.path.dirname(path), 0o700)
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, 0o700)
        function(path)

    shutil.rmtree(scratch, onerror=make_writable_and_retry)
