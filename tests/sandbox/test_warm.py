"""Warm workers: what they add over one process per program, and what they must not leak.

Verdict and hostile-program behaviour is tested for both isolation methods by
``test_verdicts.py`` and ``test_hostile.py``; the corpus equivalence is in
``test_warm_equivalence.py``. Here: workers that die or hang are replaced without
losing the program, programs cannot see each other's files or the worker's own code,
and each program gets the limits it asks for.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from runtimes import require_runtime

from multiplt.program import Program, Status
from multiplt.sandbox.warm import WarmPool, has_warm_worker, make_pool
from multiplt.sandbox.warm import procs

WARM_CODES = ("py", "rkt", "ml", "r")


def open_pool(code: str, scratch_root: Path, jobs: int = 1) -> WarmPool:
    require_runtime(code)
    pool = make_pool(code, jobs=jobs, scratch_root=scratch_root)
    assert pool is not None
    return pool


@pytest.fixture()
def python_pool(scratch_root: Path) -> Iterator[WarmPool]:
    pool = open_pool("py", scratch_root)
    yield pool
    pool.close()


def worker_pid(pool: WarmPool) -> int:
    """Host pid of the pool's one idle worker (started by a first program)."""
    pool.run(Program("py", "pass\n"))
    (worker,) = pool._idle  # noqa: SLF001 - the test reaches in to break the worker
    return worker._worker_pid  # noqa: SLF001


def after(seconds: float, action) -> threading.Thread:  # type: ignore[no-untyped-def]
    thread = threading.Thread(target=lambda: (time.sleep(seconds), action()))
    thread.start()
    return thread


@pytest.mark.parametrize("code", ["lua", "jl"])
def test_languages_without_warm_worker_get_no_pool(code: str, scratch_root: Path) -> None:
    assert not has_warm_worker(code)
    assert make_pool(code, jobs=1, scratch_root=scratch_root) is None


def test_a_worker_killed_mid_program_is_replaced_and_the_program_still_runs(python_pool: WarmPool) -> None:
    pid = worker_pid(python_pool)
    killer = after(0.5, lambda: os.kill(pid, signal.SIGKILL))
    verdict = python_pool.run(Program("py", "import time\ntime.sleep(1.5)\nprint('done')\n", timeout_s=10))
    killer.join()
    assert (verdict.status, verdict.stdout) == (Status.OK, "done\n")
    assert python_pool.replaced == 1
    assert python_pool.fell_back == 0


def test_a_hung_worker_is_replaced_and_the_program_still_runs(python_pool: WarmPool) -> None:
    pid = worker_pid(python_pool)
    stopper = after(0.2, lambda: os.kill(pid, signal.SIGSTOP))
    verdict = python_pool.run(Program("py", "import time\ntime.sleep(0.5)\nprint('done')\n", timeout_s=1))
    stopper.join()
    assert (verdict.status, verdict.stdout) == (Status.OK, "done\n")
    assert python_pool.replaced == 1
    assert not procs.is_live(pid)


def test_files_a_program_leaves_in_tmp_are_gone_before_the_next(python_pool: WarmPool) -> None:
    python_pool.run(Program("py", "open('/tmp/left-behind', 'w').write('x')\n"))
    verdict = python_pool.run(Program("py", "import os\nprint(os.path.exists('/tmp/left-behind'))\n"))
    assert verdict.stdout == "False\n"


def test_a_program_sees_only_its_own_file_not_earlier_ones(python_pool: WarmPool) -> None:
    python_pool.run(Program("py", "open('mine.txt', 'w').write('x')\nimport os\nos.mkdir('sub')\n"))
    verdict = python_pool.run(Program("py", "import os\nprint(os.getcwd(), sorted(os.listdir('.')))\n"))
    assert verdict.stdout == "/scratch ['program.py']\n"


def test_a_program_cannot_write_beside_its_folder(python_pool: WarmPool) -> None:
    verdict = python_pool.run(Program("py", "open('../planted.txt', 'w').write('x')\n"))
    assert verdict.status is Status.EXCEPTION
    assert "Read-only file system" in verdict.stderr


WORKER_NAMES = {
    "py": "print(run_program)\n",
    "rkt": "#lang racket\n(displayln run-program)\n",
    "ml": "let () = print_string (Obj.magic run_child)\n",
    "r": "print(run_program)\n",
}


@pytest.mark.parametrize("code", WARM_CODES)
def test_a_program_cannot_see_the_workers_own_definitions(code: str, scratch_root: Path) -> None:
    pool = open_pool(code, scratch_root)
    try:
        verdict = pool.run(Program(code, WORKER_NAMES[code], timeout_s=30))
    finally:
        pool.close()
    assert verdict.status in (Status.EXCEPTION, Status.SYNTAX_ERROR), verdict


ALLOCATE_300_MB = {
    "py": "x = bytearray(300 * 1024 * 1024)\nprint(len(x))\n",
    "rkt": "#lang racket\n(define x (make-bytes (* 300 1024 1024) 0))\n(displayln (bytes-length x))\n",
    "ml": "let () = let x = Bytes.create (300 * 1024 * 1024) in print_int (Bytes.length x)\n",
    "r": "x <- raw(300 * 1024 * 1024)\nprint(length(x))\n",
}


@pytest.mark.parametrize("code", WARM_CODES)
def test_each_program_gets_the_memory_limit_it_asks_for(code: str, scratch_root: Path) -> None:
    pool = open_pool(code, scratch_root)
    try:
        roomy = pool.run(Program(code, ALLOCATE_300_MB[code], timeout_s=30, memory_mb=1024))
        tight = pool.run(Program(code, ALLOCATE_300_MB[code], timeout_s=30, memory_mb=200))
    finally:
        pool.close()
    assert roomy.status is Status.OK, roomy
    assert tight.status is Status.MEMORY_LIMIT, tight


@pytest.mark.parametrize("code", WARM_CODES)
def test_a_worker_survives_a_program_that_times_out(code: str, scratch_root: Path) -> None:
    loops = {"py": "while True:\n    pass\n", "rkt": "#lang racket\n(let loop () (loop))\n", "ml": "let rec f () = f ()\nlet () = f ()\n", "r": "repeat {}\n"}
    hello = {"py": "print('hi')\n", "rkt": "#lang racket\n(displayln \"hi\")\n", "ml": "let () = print_endline \"hi\"\n", "r": "cat('hi\\n')\n"}
    pool = open_pool(code, scratch_root)
    try:
        looped = pool.run(Program(code, loops[code], timeout_s=1))
        greeted = pool.run(Program(code, hello[code], timeout_s=30))
        replaced = pool.replaced
    finally:
        pool.close()
    assert looped.status is Status.TIMEOUT
    assert (greeted.status, greeted.stdout) == (Status.OK, "hi\n")
    assert replaced == 0


def test_an_r_programs_temporary_files_are_gone_before_the_next(scratch_root: Path) -> None:
    pool = open_pool("r", scratch_root)
    try:
        pool.run(Program("r", "writeLines('x', file.path(tempdir(), 'left-behind'))\n", timeout_s=30))
        verdict = pool.run(Program("r", "cat(file.exists(file.path(tempdir(), 'left-behind')), '\\n')\n", timeout_s=30))
    finally:
        pool.close()
    assert verdict.stdout == "FALSE \n"


def test_a_racket_program_closing_its_output_does_not_silence_the_next(scratch_root: Path) -> None:
    pool = open_pool("rkt", scratch_root)
    try:
        pool.run(Program("rkt", "#lang racket\n(close-output-port (current-output-port))\n(close-output-port (current-error-port))\n", timeout_s=30))
        verdict = pool.run(Program("rkt", '#lang racket\n(displayln "still here")\n', timeout_s=30))
    finally:
        pool.close()
    assert (verdict.status, verdict.stdout) == (Status.OK, "still here\n")


def test_a_pool_whose_workers_cannot_start_falls_back_to_one_process_per_program(scratch_root: Path) -> None:
    require_runtime("py")
    never_starts = make_pool("py", jobs=1, scratch_root=scratch_root, launcher=lambda scratch, command, limits: ["/bin/false"])
    assert never_starts is not None
    try:
        verdicts = [never_starts.run(Program("py", "assert 1 + 1 == 2\n")) for _ in range(4)]
    finally:
        never_starts.close()
    assert [verdict.status for verdict in verdicts] == [Status.OK] * 4
    assert never_starts.fell_back == 4


def test_a_python_program_runs_as_its_own_main_module(python_pool: WarmPool) -> None:
    source = (
        "import pickle, sys\n"
        "from dataclasses import dataclass\n"
        "@dataclass\nclass Point:\n    x: int\n"
        "assert pickle.loads(pickle.dumps(Point(1))) == Point(1)\n"
        "print(sys.modules['__main__'].Point is Point)\n"
    )
    verdict = python_pool.run(Program("py", source))
    assert (verdict.status, verdict.stdout) == (Status.OK, "True\n"), verdict


def test_a_racket_program_blocked_in_a_foreign_call_is_a_timeout_not_retried(scratch_root: Path) -> None:
    pool = open_pool("rkt", scratch_root)
    blocked = '#lang racket\n(require ffi/unsafe)\n((get-ffi-obj "sleep" #f (_fun _uint -> _uint)) 100)\n'
    try:
        verdict = pool.run(Program("rkt", blocked, timeout_s=2))
        after_it = pool.run(Program("rkt", '#lang racket\n(displayln "next")\n', timeout_s=30))
    finally:
        pool.close()
    assert verdict.status is Status.TIMEOUT, verdict
    assert (pool.replaced, pool.fell_back) == (0, 0)  # judged once, on the worker it blocked
    assert (after_it.status, after_it.stdout) == (Status.OK, "next\n")


def test_folders_killed_workers_of_earlier_versions_left_in_dev_shm_are_swept(scratch_root: Path) -> None:
    require_runtime("py")
    legacy = Path("/dev/shm/multiplt-warm")
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no longer runs: its folders are orphans
    orphan = legacy / f"{dead.pid}-{'0' * 16}"
    (orphan / "p1").mkdir(parents=True)
    (orphan / "p1" / "program.py").write_text("x" * 1000)
    pool = open_pool("py", scratch_root)
    pool.close()
    assert not orphan.exists()
