"""Hostile programs in every installed language, in both isolation modes.

Each must end with the right status, reach nothing outside its sandbox, and leave
nothing behind: no process (looked up by a token each one carries) and no file (the
``sandbox`` fixture checks the scratch root is empty when it closes).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sandbox_helpers import ISOLATIONS, fill, new_token, processes_with, require_runtime, run
from sandbox_programs import (
    BACKGROUND_CHILD,
    CARRY_OVER,
    COUNTED_FORKS,
    FAILED_ASSERTION,
    FILL_FOLDER,
    FILL_IGNORING_ERRORS,
    FILL_TMP,
    FORGE_VERDICT,
    FORK_BOMB,
    INFINITE_LOOP,
    KILL_PARENT,
    LANGUAGES,
    MEMORY_BOMB,
    NETWORK,
    OUTPUT_FLOOD,
    PASSING,
    READ_ENVIRONS,
    READ_HOME,
    RUNTIME_EXCEPTION,
    SLEEP,
    SPOOF_BWRAP,
    WRITE_OUTSIDE,
)

from multiplt.program import Program, Status
from multiplt.sandbox import Limits, Sandbox

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code", LANGUAGES)
def test_infinite_loop_is_stopped_as_timeout(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, INFINITE_LOOP[code], timeout_s=2)
    assert verdict.status is Status.TIMEOUT, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_sleeping_past_the_timeout_is_timeout(sandbox: Sandbox, code: str) -> None:
    token = new_token()
    verdict = run(sandbox, code, fill(SLEEP[code], token=token), timeout_s=2)
    assert verdict.status is Status.TIMEOUT, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_process_count_is_capped_per_program(sandbox: Sandbox, code: str) -> None:
    # The gentle check that runs before any real fork bomb: 200 sleepers asked for.
    token = str(uuid.uuid4().int)[:12]
    verdict = run(sandbox, code, fill(COUNTED_FORKS[code], token=token))
    started = verdict.stdout.count("started")
    assert 0 < started < Limits().max_processes, verdict
    assert processes_with(token) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_fork_bomb_is_contained_and_leaves_no_process(sandbox: Sandbox, code: str) -> None:
    token = new_token()
    verdict = run(sandbox, code, fill(FORK_BOMB[code], token=token), timeout_s=3)
    assert verdict.status is Status.TIMEOUT, verdict
    assert processes_with(token) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_memory_bomb_is_memory_limit(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, MEMORY_BOMB[code], memory_mb=256, timeout_s=20)
    assert verdict.status is Status.MEMORY_LIMIT, verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_background_child_does_not_outlive_its_program(sandbox: Sandbox, code: str) -> None:
    token = new_token()
    verdict = run(sandbox, code, fill(BACKGROUND_CHILD[code], token=token), timeout_s=10)
    assert (verdict.status, verdict.stdout.strip()) == (Status.OK, "started"), verdict
    assert processes_with(token) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_gigabytes_of_output_are_cut_and_killed(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, OUTPUT_FLOOD[code], timeout_s=10)
    assert verdict.status is Status.EXCEPTION, verdict
    assert "output over" in verdict.stderr
    assert len(verdict.stdout) < Limits().output_keep_bytes + 100


@pytest.mark.parametrize("folder", [Path("/etc"), PROJECT_ROOT], ids=["system", "project"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_writing_outside_scratch_fails(sandbox: Sandbox, code: str, folder: Path) -> None:
    target = folder / f"multiplt-escape-{new_token()}"
    try:
        verdict = run(sandbox, code, fill(WRITE_OUTSIDE[code], path=target), timeout_s=10)
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)
    assert verdict.status is Status.EXCEPTION, verdict


def test_private_tmp_is_capped_in_size(sandbox: Sandbox) -> None:
    verdict = run(sandbox, "py", FILL_TMP["py"], timeout_s=20)
    assert verdict.status is Status.EXCEPTION, verdict
    assert "No space left on device" in verdict.stderr


@pytest.fixture
def home_secret() -> Iterator[Path]:
    """A file in the home folder holding a unique secret."""
    secret = Path.home() / f".multiplt-secret-{new_token()}"
    secret.write_text(f"secret {secret.name}\n")
    yield secret
    secret.unlink()


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_folder_is_invisible(sandbox: Sandbox, code: str, home_secret: Path) -> None:
    verdict = run(sandbox, code, fill(READ_HOME[code], path=home_secret), timeout_s=10)
    assert verdict.status is Status.EXCEPTION, verdict
    assert home_secret.name not in verdict.stdout


@pytest.fixture
def host_listener() -> Iterator[socket.socket]:
    """A TCP socket listening on the host's 127.0.0.1, non-blocking."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    yield listener
    listener.close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_network_is_unreachable(sandbox: Sandbox, code: str, host_listener: socket.socket) -> None:
    port = host_listener.getsockname()[1]
    verdict = run(sandbox, code, fill(NETWORK[code], port=port), timeout_s=10)
    assert verdict.status is Status.EXCEPTION, verdict
    with pytest.raises(BlockingIOError):
        host_listener.accept()


@pytest.mark.parametrize("code", LANGUAGES)
def test_killing_its_parent_harms_nothing(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, KILL_PARENT[code], timeout_s=10)
    assert (verdict.status, verdict.stdout.strip()) == (Status.OK, "alive"), verdict


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def own_scratch_root() -> Iterator[Path]:
    """A scratch root apart from the session's (a killed host leaves its folder behind)."""
    root = Path(tempfile.mkdtemp(prefix="multiplt-test-killed-host-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_programs_die_with_a_killed_host_process_and_leave_no_file(own_scratch_root: Path, isolation: str, signal_number: int) -> None:
    require_runtime("py")
    scratch_root = own_scratch_root
    token = new_token()
    host = (
        "import sys\nfrom pathlib import Path\nfrom multiplt.sandbox import Program, Sandbox\n"
        "with Sandbox(jobs=1, isolation=sys.argv[3], scratch_root=Path(sys.argv[1])) as sandbox:\n"
        "    sandbox.run(Program('py', sys.argv[2], timeout_s=60))\n"
    )
    # The token is spelled backwards outside, so only the sandboxed shell's command line holds it.
    program = (
        "import subprocess\nopen('/tmp/big', 'wb').write(b'x' * (8 << 20))\nopen('/dev/shm/big', 'wb').write(b'x' * (8 << 20))\n"
        f"open('big', 'wb').write(b'x' * (8 << 20))\nsubprocess.run(['sh', '-c', 'sleep 100; echo ' + {token[::-1]!r}[::-1]])\n"
    )
    warm_root = Path("/dev/shm/multiplt-warm")
    before = set(warm_root.iterdir()) if warm_root.exists() else set()
    process = subprocess.Popen([sys.executable, "-c", host, str(scratch_root), program, isolation])
    try:
        assert _wait_for(lambda: bool(processes_with(token)), 60), "the program never started"
    finally:
        process.send_signal(signal_number)
        process.wait()
    assert _wait_for(lambda: not processes_with(token), 10), processes_with(token)
    assert list(scratch_root.rglob("*")) == []  # nothing of the run was ever on the host
    after = set(warm_root.iterdir()) if warm_root.exists() else set()
    assert after - before == set()


@pytest.mark.parametrize("isolation", ISOLATIONS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_the_callers_environment_is_invisible(code: str, isolation: str, scratch_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # bwrap's own environment is its init's /proc/1/environ inside: it must not be ours.
    require_runtime(code)
    secret = new_token()
    monkeypatch.setenv("MULTIPLT_TEST_SECRET", secret)
    with Sandbox(jobs=1, isolation=isolation, scratch_root=scratch_root) as sandbox:
        verdict = sandbox.run(Program(code, READ_ENVIRONS[code], timeout_s=30))
    assert verdict.status is Status.OK, verdict
    assert "LEAK" not in verdict.stdout and secret not in verdict.stdout + verdict.stderr, verdict
    read = int(verdict.stdout.split("read")[-1].split()[0])
    assert read >= 2, verdict  # its own environment and bwrap's init's were readable


@pytest.mark.parametrize("isolation", ISOLATIONS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_a_program_cannot_forge_its_verdict_nor_shift_the_next_ones(code: str, isolation: str, scratch_root: Path) -> None:
    # One job: in warm isolation every program runs on the forger's worker, if it survives.
    require_runtime(code)
    sequence = [FORGE_VERDICT[code], PASSING[code], FAILED_ASSERTION[code], PASSING[code], RUNTIME_EXCEPTION[code], PASSING[code]]
    with Sandbox(jobs=1, isolation=isolation, scratch_root=scratch_root) as sandbox:
        verdicts = list(sandbox.map(Program(code, source, timeout_s=20) for source in sequence))
    forged, *after = verdicts
    assert not forged.passed and forged.status in (Status.ASSERTION_ERROR, Status.EXCEPTION), forged
    assert [verdict.passed for verdict in after] == [True, False, True, False, True], after
    assert after[1].status is not Status.SANDBOX_ERROR and after[3].status is not Status.SANDBOX_ERROR, after


@pytest.mark.parametrize("isolation", ISOLATIONS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_absurd_timeouts_are_refused_and_leak_no_worker(code: str, isolation: str, scratch_root: Path) -> None:
    # A refused limit must never cost a warm worker: with one job, a leaked one hangs the next program.
    require_runtime(code)
    absurd = [1e7, 1e308, float("inf"), float("nan"), 0.0, -1.0]
    programs = [Program(code, PASSING[code], timeout_s=value) for value in absurd] + [Program(code, PASSING[code], timeout_s=20)]
    with Sandbox(jobs=1, isolation=isolation, scratch_root=scratch_root) as sandbox:
        verdicts = list(sandbox.map(programs))
        again = sandbox.run(Program(code, PASSING[code], timeout_s=20))
    for verdict in verdicts[:-1]:
        assert verdict.status is Status.SANDBOX_ERROR and "timeout_s must be" in verdict.stderr, verdict
    assert verdicts[-1].passed and again.passed, (verdicts[-1], again)


def test_an_error_inside_a_warm_worker_does_not_leak_it(scratch_root: Path) -> None:
    # Limits built past their checks (as a caller bug would): the pool must still give the worker back.
    require_runtime("py")
    from multiplt.sandbox.limits import Limits as RawLimits
    from multiplt.sandbox.warm import make_pool

    pool = make_pool("py", jobs=1, scratch_root=scratch_root)
    assert pool is not None
    try:
        broken = RawLimits(timeout_s=5)
        object.__setattr__(broken, "timeout_s", float("inf"))
        with pytest.raises((OverflowError, ValueError)):
            pool.execute(Program("py", PASSING["py"]), broken)
        assert pool.execute(Program("py", PASSING["py"]), RawLimits(timeout_s=20)).passed
    finally:
        pool.close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_printing_a_bubblewrap_error_is_not_a_sandbox_error(sandbox: Sandbox, code: str) -> None:
    verdict = run(sandbox, code, SPOOF_BWRAP[code], timeout_s=20)
    assert verdict.status not in (Status.SANDBOX_ERROR, Status.OK) and verdict.exit_code == 1, verdict
    assert verdict.stderr.startswith("bwrap: "), verdict


WRITE_MB = Limits().max_file_mb


@pytest.mark.parametrize("folder", [".", "/tmp", "/dev/shm", "/dev"], ids=["scratch", "tmp", "shm", "dev"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_writes_are_capped_everywhere_and_hitting_the_cap_fails(sandbox: Sandbox, code: str, folder: str) -> None:
    # 50 files of 4 MB asked for in each writable place; each holds max_file_mb at most, /dev nothing.
    verdict = run(sandbox, code, fill(FILL_FOLDER[code], folder=folder), timeout_s=60)
    written_mb = 4 * verdict.stdout.split().count("w")
    assert not verdict.passed and verdict.status is not Status.TIMEOUT, verdict
    if code != "r":  # R only warns on a failed write: its count is what it tried, not what landed
        assert written_mb <= (0 if folder == "/dev" else WRITE_MB), verdict


@pytest.mark.parametrize("code", LANGUAGES)
def test_nothing_a_program_writes_is_there_for_the_next(sandbox: Sandbox, code: str) -> None:
    # The sandbox fixture runs two jobs: run the program often enough that a warm worker
    # serves it at least twice.
    require_runtime(code)
    verdicts = list(sandbox.map(Program(code, CARRY_OVER[code] + "\n" * n, timeout_s=30) for n in range(5)))
    for verdict in verdicts:
        assert verdict.status is Status.OK and "done" in verdict.stdout, verdict
        assert "FOUND" not in verdict.stdout, verdict


def test_a_python_program_may_make_its_own_process_group(sandbox: Sandbox) -> None:
    # Under `python3 FILE` the program is no session leader, so setpgid works; warm must agree.
    verdict = run(sandbox, "py", "import os\nos.setpgid(0, 0)\nprint('grouped')\n")
    assert (verdict.status, verdict.stdout) == (Status.OK, "grouped\n"), verdict


@pytest.mark.parametrize("folder", [".", "/tmp", "/dev/shm"], ids=["scratch", "tmp", "shm"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_filling_a_folder_to_its_cap_fails_even_when_the_program_ignores_it(sandbox: Sandbox, code: str, folder: str) -> None:
    verdict = run(sandbox, code, fill(FILL_IGNORING_ERRORS[code], folder=folder), timeout_s=60)
    assert verdict.status is Status.EXCEPTION and not verdict.passed, verdict
    assert f"the cap, to {'/scratch' if folder == '.' else folder}" in verdict.stderr, verdict
