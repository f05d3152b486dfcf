"""Host-side views of a warm worker's processes, read from ``/proc``.

A warm worker runs in its own pid namespace, so the pids it reports are not ours. The
host finds the matching host pids by walking ``/proc/<pid>/task/*/children`` down from
the ``bwrap`` it started, and uses them to watch a program's end and to kill whatever
it left behind, without the worker's help. (Setting another process's rlimits would
need CAP_SYS_RESOURCE, which containers usually drop: rlimits are set at launch.)
"""

from __future__ import annotations

import fcntl
import functools
import os
import signal
import struct
import time
from collections.abc import Iterable

# ioctl(pidfd, PIDFD_GET_INFO, struct pidfd_info) with PIDFD_INFO_EXIT (Linux 6.15): the
# wait status of an exited (even reaped) process, to whoever holds a pidfd on it.
_PIDFD_GET_INFO = 0xC040FF0B
_PIDFD_INFO_EXIT = 0x8
_PIDFD_INFO_SIZE = 64
_EXIT_CODE_OFFSET = 60


def children(pid: int) -> list[int]:
    """Host pids of the direct children of ``pid`` (empty if it is gone)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    """Host pids of every process below ``pid``, parents before their children."""
    found: list[int] = []
    frontier = children(pid)
    while frontier:
        found += frontier
        frontier = [grandchild for child in frontier for grandchild in children(child)]
    return found


def namespace_pid(host_pid: int) -> int | None:
    """The pid ``host_pid`` has in its innermost pid namespace (None if it is gone)."""
    try:
        with open(f"/proc/{host_pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("NSpid:"):
                    return int(line.split()[-1])
    except (OSError, ValueError):
        return None
    return None


def is_live(host_pid: int) -> bool:
    """Whether ``host_pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{host_pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :][:1] not in ("Z", "X", "")


def kill_all(pids: Iterable[int]) -> None:
    """SIGKILL each pid, ignoring the ones already gone."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def kill_below(roots: Iterable[int], *, keep: Iterable[int] = (), rounds: int = 200) -> bool:
    """Kill every live process below ``roots`` except ``keep`` (whose children it kills too).

    Repeats until none is left, since a dying fork bomb's children are reparented to
    the namespace's init and may still fork while we look. Returns False if some
    survived ``rounds`` passes. Killed processes may still be zombies when it returns:
    ``clear_namespace`` also waits for them to be reaped.
    """
    roots, kept = list(roots), set(keep)
    for attempt in range(rounds):
        victims = [pid for pid in _below(roots, kept) if is_live(pid)]
        if not victims:
            return True
        _stop_and_kill(victims)
        time.sleep(0.0005 * min(attempt + 1, 20))
    return False


def clear_namespace(init: int, worker: int, timeout_s: float) -> bool:
    """Kill every process of a worker's pid namespace but its init and the worker, and wait until they are reaped.

    Zombies still count against the namespace's RLIMIT_NPROC, so the next program would
    start with less than its share until the init or the worker reaps them. Success is
    judged only on an empty tree read in this order: the worker's children (none), then
    the init's (the worker alone). A walk that found only dead processes could have
    missed one being reparented to the init while it read, a process under the worker
    can only move to the init, and nobody else forks here, so both reads empty means no
    process is left. Returns False if processes remained after ``timeout_s``.
    """
    deadline = time.monotonic() + timeout_s
    attempt = 0
    while True:
        if not children(worker) and children(init) == [worker]:
            return True
        victims = [pid for pid in _below([init], {worker}) if is_live(pid)]
        _stop_and_kill(victims)
        if time.monotonic() >= deadline:
            return False
        attempt += 1
        time.sleep(0.0005 * min(attempt, 20))


def _below(roots: list[int], kept: set[int]) -> list[int]:
    """Every process below ``roots``, descending through ``kept`` but leaving them out."""
    found: list[int] = []
    frontier = [child for root in roots for child in children(root)]
    while frontier:
        found += [pid for pid in frontier if pid not in kept]
        frontier = [grandchild for child in frontier for grandchild in children(child)]
    return found


def _stop_and_kill(victims: list[int]) -> None:
    for pid in victims:  # stop them all first so none can fork while the others die
        try:
            os.kill(pid, signal.SIGSTOP)
        except (ProcessLookupError, PermissionError):
            pass
    kill_all(victims)


def exit_status(pidfd: int) -> int | None:
    """The exit code (negative: the signal) of the process behind ``pidfd``; None while unknown.

    Unknown while it runs or is a zombie, and for a moment while it is being reaped
    (the kernel answers ESRCH between unhashing the task and recording its status).
    """
    info = bytearray(_PIDFD_INFO_SIZE)
    struct.pack_into("Q", info, 0, _PIDFD_INFO_EXIT)
    try:
        fcntl.ioctl(pidfd, _PIDFD_GET_INFO, info)
    except ProcessLookupError:
        return None
    if not struct.unpack_from("Q", info, 0)[0] & _PIDFD_INFO_EXIT:
        return None
    return os.waitstatus_to_exitcode(struct.unpack_from("i", info, _EXIT_CODE_OFFSET)[0])


@functools.cache
def exit_status_supported() -> bool:
    """Whether this kernel reports exit statuses through pidfds (see ``exit_status``)."""
    try:
        pidfd = os.pidfd_open(os.getpid())
    except OSError:
        return False
    try:
        exit_status(pidfd)
        return True
    except OSError:
        return False
    finally:
        os.close(pidfd)
