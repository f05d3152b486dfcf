"""Kill a run the moment one of its stages has finished a part, as a crash would."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from multiplt.pipeline import parts


def run_killed_after_a_part(command: list[str], stage_folder: Path, wait_limit_s: float) -> None:
    """Start ``command``, SIGKILL it as soon as ``stage_folder`` has a done marker, and reap it.

    Fails the test when the run ends by itself first or finishes no part in ``wait_limit_s``.
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait_limit_s
    try:
        while not list((stage_folder / parts.DONE_DIR).glob("part-*")):
            assert process.poll() is None, f"the run ended (exit {process.returncode}) before it could be killed"
            assert time.monotonic() < deadline, f"{stage_folder.name} finished no part in time"
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
