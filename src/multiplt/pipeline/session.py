"""One invocation of a run: lock the run folder, save the resolved config, log, run the chain.

Resuming is the same call as starting: the runner skips what the done markers say is
finished. A run folder refuses a config whose output-relevant keys differ from the
config it was started with, so one folder never mixes the outputs of two configs.

The lock of a local run folder is ``flock`` on ``.lock``, which the kernel releases even
on SIGKILL. Object storage has no such lock: there ``.lock`` is an object created only if
absent (`multiplt.storage.create_exclusive`), holding the holder's host, pid and start,
and deleted when the run ends. A run killed outright leaves it behind; the next run on
the same host sees that the holder's process is gone and takes the lock over, and a
lock left by a run on another machine is cleared with ``multiplt run --break-lock``
(only when that run is surely dead: two runs in one folder would race each other).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from multiplt import storage
from multiplt.config import ConfigError, RunConfig, format_key
from multiplt.pipeline.build import build_source, build_stages
from multiplt.io import atomic_write_text
from multiplt.pipeline.progress import ProgressReporter
from multiplt.pipeline.resources import plan_cores, resource_settings
from multiplt.pipeline.runlog import RunLog
from multiplt.pipeline.runner import Runner, StageSummary
from multiplt.pipeline.scheduler import make_scheduler
from multiplt.pipeline.stage import Stage

if TYPE_CHECKING:
    from rich.console import Console

    from multiplt.storage import RunPath

CONFIG_FILE = "config.toml"
LOG_FILE = "log.jsonl"
LOCK_FILE = ".lock"

# Keys that change how fast a run goes, never what it produces: a resumed run may change them.
# runs_dir and storage_options say where the folder is: a copy (object storage <-> local) resumes.
SPEED_ONLY_KEYS = {("run", "jobs"), ("run", "cores"), ("run", "runner"), ("run", "address"),
                   ("run", "runs_dir"), ("run", "storage_options"),
                   ("sandbox", "jobs"), ("llm", "concurrency"), ("llm", "timeout_s"), ("llm", "retries"), ("llm", "threads")}


class RunFolderBusy(RuntimeError):
    """Another process holds the run folder's lock."""


class StageSelectionError(ValueError):
    """``--until`` or ``--from`` names no stage of the chain, or ``--from`` follows an unfinished stage."""


def select_stages(chain: list[tuple[str, Stage]], until: str | None, start_from: str | None) -> list[tuple[str, Stage]]:
    """The stages a run goes through: up to and including ``until`` (all when None).

    ``start_from`` does not shorten the chain at the front: the stages before it must be
    finished already (:func:`check_finished_before`), so the runner only walks their
    done markers.
    """
    names = [name for name, _ in chain]
    for flag, wanted in (("--until", until), ("--from", start_from)):
        if wanted is not None and wanted not in names:
            raise StageSelectionError(f"{flag} {wanted}: no such stage; the stages are: {', '.join(names) or '(none)'}")
    if until is not None and start_from is not None and names.index(start_from) > names.index(until):
        raise StageSelectionError(f"--from {start_from} comes after --until {until} in the chain")
    return chain if until is None else chain[: names.index(until) + 1]


def check_finished_before(run_dir: RunPath, chain: list[tuple[str, Stage]], start_from: str) -> None:
    """Refuse ``--from STAGE`` while a stage before it (or the source) has parts left."""
    from multiplt.pipeline.status import read_run

    names = [name for name, _ in chain]
    earlier = names[: names.index(start_from)]
    state = read_run(run_dir) if run_dir.is_dir() else None
    for name in ["source", *earlier]:
        stage = state.stage(name) if state is not None else None
        if stage is None or not stage.complete:
            left = "not run" if stage is None or not stage.started else (
                f"{stage.parts_left} parts left" if stage.parts_left is not None else "unfinished")
            hint = f"run with --until {name} first, or without --from" if name != "source" else "run without --from"
            raise StageSelectionError(f"--from {start_from}: stage {name!r} before it is not finished ({left}); {hint}")


@dataclass(frozen=True)
class RunResult:
    """Where a run wrote its outputs and the totals of each stage."""

    run_dir: RunPath
    summaries: list[StageSummary]

    @property
    def final_folder(self) -> RunPath:
        """The folder of the last stage's parts (the source's when there are no stages)."""
        return self.run_dir / self.summaries[-1].name


@contextmanager
def run_lock(run_dir: RunPath, *, break_lock: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on a run folder (see the module docstring for object storage).

    ``break_lock`` first deletes a lock object left on object storage by a dead run.
    """
    if storage.is_remote(run_dir):
        with _remote_lock(run_dir, break_lock):
            yield
        return
    run_dir.mkdir(parents=True, exist_ok=True)
    handle = open(run_dir / LOCK_FILE, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunFolderBusy(f"{run_dir} is in use by pid {holder}; wait for it or pick another run.name") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), or None when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _holder_gone(holder: dict[str, Any]) -> bool:
    """The lock's holder ran on this host and its process no longer exists (its pid may since be reused)."""
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    return _process_start(holder["pid"]) != holder.get("started")


@contextmanager
def _remote_lock(run_dir: RunPath, break_lock: bool) -> Iterator[None]:
    lock = run_dir / LOCK_FILE
    mine = {"host": socket.gethostname(), "pid": os.getpid(), "started": _process_start(os.getpid()),
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    content = json.dumps(mine).encode()
    if break_lock:
        lock.unlink(missing_ok=True)
    try:
        storage.create_exclusive(lock, content)
    except FileExistsError:
        holder = _read_holder(lock)
        if not _holder_gone(holder):
            raise RunFolderBusy(
                f"{run_dir} is in use by pid {holder.get('pid', '?')} on {holder.get('host', '?')} since "
                f"{holder.get('since', '?')}; wait for it or pick another run.name (if that run is dead: "
                "multiplt run --break-lock)") from None
        lock.unlink(missing_ok=True)  # its holder died on this host: a SIGKILLed run
        try:
            storage.create_exclusive(lock, content)
        except FileExistsError:
            raise RunFolderBusy(f"{run_dir} was just locked by another run; wait for it or pick another run.name") from None
    try:
        yield
    finally:
        if _read_holder(lock) == mine:  # not ours any more if someone broke it
            lock.unlink(missing_ok=True)


def _read_holder(lock: RunPath) -> dict[str, Any]:
    try:
        holder = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _differences(old: Any, new: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if path in SPEED_ONLY_KEYS:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[tuple[str | int, ...]] = []
        for key in sorted(set(old) | set(new)):
            found += _differences(old.get(key), new.get(key), (*path, key))
        return found
    return [] if old == new else [path]


def save_or_check_config(run_dir: RunPath, config: RunConfig) -> None:
    """Save the resolved config in the run folder, or refuse one that would change the outputs."""
    saved_path = run_dir / CONFIG_FILE
    resolved = config.resolved()
    if saved_path.exists():
        saved = tomllib.loads(saved_path.read_text(encoding="utf-8"))
        changed = _differences(saved, resolved)
        if changed:
            keys = ", ".join(format_key(key) for key in changed)
            raise ConfigError([
                f"{saved_path}: this run folder was started with a different config ({keys} changed); "
                "use another run.name, or --restart to delete the folder and start over"
            ])
    atomic_write_text(saved_path, tomli_w.dumps(resolved))


def execute(config: RunConfig, console: Console | None = None, *, restart: bool = False,
            progress: ProgressReporter | None = None, until: str | None = None,
            start_from: str | None = None, break_lock: bool = False) -> RunResult:
    """Run (or resume) the configured source and stages in ``runs_dir/name``.

    ``progress`` hears of every stage and gets the core plan's notes as lines; by
    default Rich bars and summary lines go to ``console`` (stderr when None).
    ``until`` stops after that stage; ``start_from`` requires the stages before it to be
    finished (a later ``--from`` after an earlier ``--until``). ``break_lock`` clears a
    lock a dead run left on object storage (see the module docstring).
    """
    if progress is None:
        from multiplt.pipeline.rich_progress import RichProgress

        progress = RichProgress(console)
    source = build_source(config)
    chain = build_stages(config)
    stages = select_stages(chain, until, start_from)
    run_dir = config.run.run_dir
    if restart and run_dir.exists():
        with run_lock(run_dir, break_lock=break_lock):
            storage.remove_tree(run_dir)
            if storage.is_remote(run_dir) and storage.local_mirror(run_dir).exists():
                storage.remove_tree(storage.local_mirror(run_dir))
        break_lock = False
    cores = plan_cores(config.run.cores, config.run.jobs, config.sandbox.jobs, config.llm.threads)
    scheduler_options: dict[str, object] = {}
    workers = cores.workers
    if config.run.runner == "ray":
        # On a cluster each actor's share is what it asks Ray for, not a share of this machine.
        share = max(1, config.sandbox.jobs, config.llm.threads)
        cores = plan_cores(share, 1, config.sandbox.jobs, config.llm.threads, available=share)
        scheduler_options = {"address": config.run.address, "cpus_per_actor": share}
        workers = config.run.jobs
    resources = resource_settings(config, cores)
    problems = resources.llm.problems()
    if problems:
        raise ConfigError([config.origin.problem(("llm", name), message) for name, message in problems])
    with run_lock(run_dir, break_lock=break_lock):
        save_or_check_config(run_dir, config)
        if start_from is not None:
            check_finished_before(run_dir, chain, start_from)
        for note in cores.notes:
            progress.stage_finished("", f"note: {note}")
        with RunLog(run_dir / LOG_FILE) as log:
            log.event("run_start", run_dir=str(run_dir), jobs=cores.workers, cores=cores.cores,
                      sandbox_jobs=cores.sandbox_jobs, llm_threads=cores.llm_threads, notes=list(cores.notes),
                      source=source.describe(), stages=[name for name, _ in chain], until=until, start_from=start_from,
                      pid=os.getpid())
            runner = Runner(run_dir, make_scheduler(config.run.runner, workers, **scheduler_options), part_size=config.run.part_size,
                            batch_size=config.run.batch_size, progress=progress, log=log, resources=resources)
            summaries = runner.run(source, stages)
            log.event("run_done", stages=[summary.to_dict() for summary in summaries])
    return RunResult(run_dir=run_dir, summaries=summaries)
