"""Warm fork server for Python programs; runs inside the sandbox, not imported.

Protocol (one line each): requests ``RUN <dir> <file> <timeout s> <memory MB> <cpu s>`` arrive on the fd named by
the first argument; answers go to the fd named by the second: ``READY <pid>`` once, then per program ``PID <child pid>`` and ``EXIT <code>``
(a negative code is the signal that killed it). The program's stdout and stderr are
this process's own, read by the host. Each program runs in a forked child that starts
a process group of its own, works in its own folder and ends as ``python3 FILE`` would.

The host trusts nothing the child could write: before the program runs, the child
waits on the FIFO ``<dir>/.multiplt-go`` (the host opens it once it holds a pidfd on
the child, from which it reads the child's real exit status), closes both protocol fds
and makes itself dumpable again. This process is not dumpable, so the child cannot
reach its fds, memory or command line through ``/proc/<ppid>``.
"""

import atexit
import builtins
import ctypes
import os
import random
import resource
import sys
import types

# Paid once here rather than by every program.
import bisect, collections, copy, dataclasses, functools, hashlib, heapq, itertools, json, math, operator, re, string, typing  # noqa: E401,F401


def exit_code_of(stop: SystemExit) -> int:
    """The status ``python3`` exits with for ``sys.exit(value)``."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code & 0xFF
    print(stop.code, file=sys.stderr)
    return 1


def run_program(path: str) -> int:
    """Run ``path`` as ``__main__`` and report errors as the interpreter does."""
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    random.seed()  # a fresh interpreter would not share its seed with the previous program
    # A fresh module as __main__, so pickle, dataclasses and typing find the program's names.
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        exec(compile(source, path, "exec"), main.__dict__)
        status = 0
    except SystemExit as stop:
        status = exit_code_of(stop)
    except BaseException as error:  # noqa: BLE001 - the interpreter reports anything
        # Drop this function's frame: the traceback starts in the program, as python3's does.
        trimmed = error.__traceback__.tb_next if error.__traceback__ else None
        sys.excepthook(type(error), error.with_traceback(trimmed), trimmed)
        status = 1
    try:
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001
        pass
    return status


GO_FIFO = ".multiplt-go"
PR_SET_DUMPABLE = 4


def set_dumpable(flag: int) -> None:
    """prctl(PR_SET_DUMPABLE): 0 hides /proc/<pid>/{fd,mem,environ} from same-uid processes."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, flag, 0, 0, 0)


def child(directory: str, filename: str, cpu_seconds: int, protocol_fds: tuple[int, int]) -> None:
    """The forked child: isolate, run one program, exit with its status."""
    status = 1
    try:
        for fd in protocol_fds:
            os.close(fd)
        go = os.path.join(directory, GO_FIFO)
        with open(go, "rb") as barrier:  # blocks until the host watches this child
            barrier.readline()
        os.unlink(go)
        set_dumpable(1)  # as `python3 FILE` is; the parent stays hidden
        os.setpgid(0, 0)  # its own group, so killpg(0) spares the worker; not a session leader, as under `python3 FILE`
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        os.chdir(directory)
        os.environ["TMPDIR"] = directory
        status = run_program(os.path.join(directory, filename))
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        os._exit(status)


def main() -> None:
    request_fd, answer_fd = int(sys.argv[1]), int(sys.argv[2])
    set_dumpable(0)
    requests = os.fdopen(request_fd, "r", encoding="utf-8")
    answers = os.fdopen(answer_fd, "w", encoding="utf-8")
    answers.write(f"READY {os.getpid()}\n")
    answers.flush()
    for line in requests:
        parts = line.split()
        if len(parts) < 6 or parts[0] != "RUN":
            continue
        pid = os.fork()
        if pid == 0:
            child(parts[1], parts[2], int(parts[5]), (request_fd, answer_fd))
        answers.write(f"PID {pid}\n")
        answers.flush()
        _, wait_status = os.waitpid(pid, 0)
        answers.write(f"EXIT {os.waitstatus_to_exitcode(wait_status)}\n")
        answers.flush()


if __name__ == "__main__":
    main()
