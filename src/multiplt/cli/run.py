"""`multiplt run CONFIG`: run (or resume) the configured source and chain of stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from multiplt.cli.app import app
from multiplt.cli.backend_options import one_or_many
from multiplt.cli.messages import error as print_error
from multiplt.cli.messages import stderr_console
from multiplt.config import ConfigError, load_config, parse_override
from multiplt.pipeline.ray_scheduler import RayUnavailable
from multiplt.pipeline.runner import StageFailed
from multiplt.pipeline.session import RunFolderBusy, StageSelectionError, execute
from multiplt.pipeline.sources import SourceError
from multiplt.storage import RemoteNotSupported


@app.command("run")
def run_command(
    config_path: Path = typer.Argument(..., metavar="CONFIG", help="A run config (TOML); `multiplt init DIR` writes one."),
    name: str | None = typer.Option(None, "--name", help="Overrides run.name: the folder under runs_dir."),
    runs_dir: str | None = typer.Option(None, "--runs-dir", help="Overrides run.runs_dir (default: runs); a URL such "
                                        "as s3://bucket/prefix puts the run folder on object storage."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Overrides run.jobs: worker processes (0 = one per core)."),
    runner: str | None = typer.Option(None, "--runner", help="Overrides run.runner: local or ray."),
    address: str | None = typer.Option(None, "--address", help="Overrides run.address: the Ray cluster (host:port, ray://host:10001 or auto)."),
    cores: int | None = typer.Option(None, "--cores", help="Overrides run.cores: cores the whole run may use (0 = all); workers x sandbox programs per worker stay within them."),
    part_size: int | None = typer.Option(None, "--part-size", help="Overrides run.part_size: records per Parquet part."),
    backend: str | None = typer.Option(None, "--backend", help="Overrides llm.backend: llamacpp, openai, vllm or transformers."),
    model: str | None = typer.Option(None, "--model", help="Overrides llm.model."),
    base_url: list[str] | None = typer.Option(None, "--base-url", help="Overrides llm.base_url (backend openai); repeat it for several servers to balance across."),
    assignments: list[str] = typer.Option([], "--set", help="Override any key: --set KEY=VALUE (value read as TOML), repeatable."),
    restart: bool = typer.Option(False, "--restart", help="Delete this run's folder first instead of resuming it."),
    break_lock: bool = typer.Option(False, "--break-lock", help="Run folder on object storage: first delete the lock a "
                                    "dead run left there (a run on this host that died is noticed without it)."),
    until: str | None = typer.Option(None, "--until", metavar="STAGE", help="Stop after this stage (its folder name)."),
    start_from: str | None = typer.Option(None, "--from", metavar="STAGE",
                                          help="Go on from this stage; the stages before it must be finished."),
) -> None:
    """Run the source and stages of CONFIG in runs/<name>/, resuming what an earlier run left.

    Each stage writes Parquet parts with done markers; running the same command again
    after an interruption (Ctrl-C, a kill, a crash) redoes only unfinished parts.
    Stages reach the [llm] backend and the [sandbox] (opened once per worker process);
    --backend, --model and --base-url override [llm] for every stage.
    Writes config.toml (the resolved config) and log.jsonl (a JSON-lines event log).
    `--until STAGE` stops after a stage; `--from STAGE` goes on later (the stages before
    it must be finished). `multiplt status RUN_DIR` shows where a run stands.
    """
    console = stderr_console()
    flags = {"run.name": "--name", "run.runs_dir": "--runs-dir", "run.jobs": "--jobs", "run.cores": "--cores",
             "run.runner": "--runner", "run.address": "--address", "run.part_size": "--part-size", "llm.backend": "--backend", "llm.model": "--model",
             "llm.base_url": "--base-url"}
    given: dict[str, Any] = {"run.name": name, "run.runs_dir": runs_dir, "run.jobs": jobs, "run.cores": cores,
                             "run.runner": runner, "run.address": address, "run.part_size": part_size, "llm.backend": backend, "llm.model": model,
                             "llm.base_url": one_or_many(base_url)}
    overrides = {key: value for key, value in given.items() if value is not None}
    try:
        for assignment in assignments:
            key, value = parse_override(assignment)
            overrides[key] = value
            flags[key] = f"--set {assignment}"
        config = load_config(config_path, overrides, flags)
        result = execute(config, console, restart=restart, until=until, start_from=start_from, break_lock=break_lock)
    except ConfigError as error:
        for problem in error.problems:
            print_error(console, problem)
        raise typer.Exit(2) from None
    except (SourceError, RunFolderBusy, StageFailed, StageSelectionError, RayUnavailable, RemoteNotSupported) as error:
        print_error(console, str(error))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("interrupted; run the same command again to resume")
        raise typer.Exit(130) from None
    typer.echo(f"run folder: {result.run_dir}  (final records: {result.final_folder})")
