"""Starts worker sandboxes from one long-lived thread.

The sandbox launcher asks the kernel to kill ``bwrap`` when the *thread* that started
it ends (``setpriv --pdeathsig``). Executor threads come and go, so every worker is
started from this one thread instead, which lives as long as its pool.
"""

from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Sequence
from concurrent.futures import Future

from multiplt.sandbox.bwrap import launch_env

_STOP = None


class Spawner:
    """A thread that runs ``subprocess.Popen`` for other threads."""

    def __init__(self, name: str) -> None:
        self._requests: queue.Queue[tuple[list[str], tuple[int, ...], Future[subprocess.Popen[bytes]]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def spawn(self, argv: Sequence[str], pass_fds: tuple[int, ...]) -> subprocess.Popen[bytes]:
        """Start ``argv`` with piped stdout/stderr, stdin from /dev/null, keeping ``pass_fds``.

        The environment is ``launch_env()``'s, never the caller's (see there).
        """
        future: Future[subprocess.Popen[bytes]] = Future()
        self._requests.put((list(argv), pass_fds, future))
        return future.result()

    def close(self) -> None:
        """Stop the thread (its workers get SIGKILL from the kernel when it ends)."""
        self._requests.put(_STOP)
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while (request := self._requests.get()) is not _STOP:
            argv, pass_fds, future = request
            try:
                process = subprocess.Popen(
                    argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=pass_fds, env=launch_env()
                )
            except BaseException as error:  # noqa: BLE001 - handed to the caller
                future.set_exception(error)
            else:
                future.set_result(process)
