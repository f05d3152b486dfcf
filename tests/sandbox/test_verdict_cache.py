"""VerdictCache: keyed by (language, program, limits), shared safely between processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from multiplt.program import Status, Verdict
from multiplt.sandbox import Limits
from multiplt.sandbox.cache import VerdictCache, cache_key

VERDICT = Verdict(Status.ASSERTION_ERROR, 1, "out", "err", 0.25)


def test_stored_verdict_comes_back(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "exec.sqlite")
    cache.put("k", VERDICT)
    assert cache.get("k") == VERDICT


def test_key_differs_by_language_program_and_limits() -> None:
    base = cache_key("lua", "print(1)", Limits())
    assert len({base, cache_key("py", "print(1)", Limits()), cache_key("lua", "print(2)", Limits()), cache_key("lua", "print(1)", Limits(timeout_s=1))}) == 4


def test_sandbox_errors_are_not_stored(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "exec.sqlite")
    cache.put("k", Verdict(Status.SANDBOX_ERROR, -1, "", "bwrap missing", 0.0))
    assert cache.get("k") is None


def test_verdicts_survive_reopening(tmp_path: Path) -> None:
    VerdictCache(tmp_path / "exec.sqlite").put("k", VERDICT)
    assert VerdictCache(tmp_path / "exec.sqlite").get("k") == VERDICT


def _write_many(path: Path, worker: int) -> None:
    cache = VerdictCache(path)
    for index in range(200):
        cache.put(f"{worker}-{index}", VERDICT)


def test_several_processes_can_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "exec.sqlite"
    VerdictCache(path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(path, worker)) for worker in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert len(VerdictCache(path)) == 800
