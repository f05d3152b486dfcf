"""Warm workers give the verdicts of one process per program, on the whole corpus.

The corpus (``tests/data/exec_corpus``, written by its ``generate.py``) has over 200
MultiPL-E shaped programs per language: passing, failing assertions, runtime errors,
syntax and type errors, output on stdout and stderr, explicit exit statuses, a few
timeouts and a few memory bombs. Each language's corpus runs once per isolation method (two jobs each); every
program must get the same status and exit code from both. Lua has no warm worker and
must fall back to the process method.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from multiplt.program import Program, Status, Verdict
from multiplt.sandbox import Sandbox, available
from multiplt.sandbox.limits import Limits
from multiplt.sandbox.warm import make_pool

CORPUS = Path(__file__).parents[1] / "data" / "exec_corpus"
FOLDER_CODES = {"python": "py", "lua": "lua", "rkt": "rkt", "ml": "ml", "r": "r"}
TIMEOUT_PROGRAM_S = 2.0
# Generous: the verdict of an ordinary program must not depend on the machine's load.
ORDINARY_PROGRAM_S = 60.0
JOBS = 2


def corpus_programs(folder: str) -> list[tuple[str, Program]]:
    """(file name, Program) for every corpus program in ``folder``, sorted by name."""
    code = FOLDER_CODES[folder]
    programs = []
    for path in sorted((CORPUS / folder).iterdir()):
        timeout = TIMEOUT_PROGRAM_S if path.stem.endswith("_timeout") else ORDINARY_PROGRAM_S
        programs.append((path.name, Program(code, path.read_text(encoding="utf-8"), timeout_s=timeout, memory_mb=1024)))
    return programs


def require_runtime(folder: str) -> None:
    if not available(FOLDER_CODES[folder]):
        pytest.skip(f"{folder} runtime not installed")


def process_verdicts(programs: list[Program], scratch_root: Path) -> list[Verdict]:
    with Sandbox(jobs=JOBS, isolation="process", scratch_root=scratch_root) as sandbox:
        return list(sandbox.map(programs))


@pytest.fixture()
def scratch(scratch_root: Path) -> Path:
    """The session's scratch root (conftest.py), in /tmp so ``nobody`` can enter it."""
    return scratch_root


@pytest.mark.parametrize("folder", ["python", "lua", "rkt", "ml", "r"])
def test_corpus_has_at_least_200_programs_per_language(folder: str) -> None:
    assert len(corpus_programs(folder)) >= 200


@pytest.mark.parametrize("folder", ["python", "rkt", "ml", "r"])
def test_corpus_mixes_passing_and_failing_programs(folder: str) -> None:
    names = [name for name, _ in corpus_programs(folder)]
    kinds = {name.rsplit("_", 1)[-1].split(".")[0] for name in names}
    assert {"pass", "expected", "error", "truncated", "type", "name", "timeout", "memory"} <= kinds


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["python", "rkt", "ml", "r"])
def test_warm_workers_give_the_process_verdict_on_every_corpus_program(folder: str, scratch: Path) -> None:
    require_runtime(folder)
    named = corpus_programs(folder)
    programs = [program for _, program in named]
    pool = make_pool(FOLDER_CODES[folder], jobs=JOBS, scratch_root=scratch)
    assert pool is not None
    try:
        with ThreadPoolExecutor(JOBS) as threads:
            warm = list(threads.map(lambda program: pool.execute(program, Limits.for_program(program)), programs))
        replaced, fell_back = pool.replaced, pool.fell_back
    finally:
        pool.close()
    naive = process_verdicts(programs, scratch)
    differences = [
        f"{name}: warm {w.status.value}/{w.exit_code} vs process {n.status.value}/{n.exit_code}\n  warm stderr: {w.stderr[-300:]!r}\n  process stderr: {n.stderr[-300:]!r}"
        for (name, _), w, n in zip(named, warm, naive, strict=True)
        if (w.status, w.exit_code) != (n.status, n.exit_code)
    ]
    assert not differences, "\n".join(differences)
    assert (replaced, fell_back) == (0, 0), "no worker should have failed on the corpus"
    statuses = {verdict.status for verdict in naive}
    assert {Status.OK, Status.ASSERTION_ERROR, Status.EXCEPTION, Status.TIMEOUT, Status.MEMORY_LIMIT} <= statuses


@pytest.mark.slow
def test_lua_has_no_warm_worker_and_runs_the_process_way(scratch: Path) -> None:
    require_runtime("lua")
    assert make_pool("lua", jobs=JOBS, scratch_root=scratch) is None
    named = corpus_programs("lua")[:27]
    with Sandbox(jobs=JOBS, isolation="warm", scratch_root=scratch) as sandbox:
        warm = list(sandbox.map(program for _, program in named))
    naive = process_verdicts([program for _, program in named], scratch)
    assert [(v.status, v.exit_code) for v in warm] == [(v.status, v.exit_code) for v in naive]


def hostile_programs(code: str) -> list[tuple[str, Program]]:
    """The hostile suite's programs of issue 15, each followed by a passing one (verdicts after them count too)."""
    from sandbox_helpers import fill
    from sandbox_programs import CARRY_OVER, FILL_FOLDER, FORGE_VERDICT, PASSING, READ_ENVIRONS, SPOOF_BWRAP

    sources = {
        "forge": FORGE_VERDICT[code],
        "spoof-bwrap": SPOOF_BWRAP[code],
        "carry": CARRY_OVER[code],
        "carry-again": CARRY_OVER[code] + "\n",
        "environ": READ_ENVIRONS[code],
        **{f"fill-{name}": fill(FILL_FOLDER[code], folder=folder) for name, folder in [("scratch", "."), ("tmp", "/tmp"), ("shm", "/dev/shm"), ("dev", "/dev")]},
    }
    comment = {"py": "# {}", "r": "# {}", "rkt": "; {}", "ml": "(* {} *)"}[code]
    named = []
    for name, source in sources.items():
        named.append((name, Program(code, source, timeout_s=ORDINARY_PROGRAM_S)))
        # A distinct passing program after each (distinct: the sandbox would not run a repeat).
        named.append((f"after-{name}", Program(code, PASSING[code] + comment.format(name) + "\n", timeout_s=ORDINARY_PROGRAM_S)))
    return named


@pytest.mark.parametrize("folder", ["python", "rkt", "ml", "r"])
def test_warm_workers_give_the_process_verdict_on_the_hostile_programs(folder: str, scratch: Path) -> None:
    require_runtime(folder)
    named = hostile_programs(FOLDER_CODES[folder])
    programs = [program for _, program in named]
    with Sandbox(jobs=1, isolation="warm", scratch_root=scratch) as sandbox:
        warm = list(sandbox.map(programs))
    naive = process_verdicts(programs, scratch)
    pairs = [(name, (w.status, w.exit_code), (n.status, n.exit_code)) for (name, _), w, n in zip(named, warm, naive, strict=True)]
    assert [pair for pair in pairs if pair[1] != pair[2]] == []
    assert all(n.passed for (name, _), n in zip(named, naive, strict=True) if name.startswith("after-")), naive
