"""`multiplt data ...`: the data-making stages one at a time (translate, generate, validate, dedup, dataset).

Each command is a one-stage run: it reads a JSONL file or a finished stage folder,
writes ``<runs-dir>/<name>/<stage>/`` and resumes like ``multiplt run``. The library
does the work (``multiplt.translate``, ``multiplt.dataset``); this module turns flags
into a run config.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import tomli_w
import typer

from multiplt.cli.app import app
from multiplt.cli.backend_options import one_or_many
from multiplt.cli.messages import error as print_error
from multiplt.cli.messages import stderr_console
from multiplt.config import ConfigError, hub_name, load_config, parse_override
from multiplt.languages.registry import TARGETS, codes_text
from multiplt.pipeline.registry import UnknownKindError, resolve_stage
from multiplt.pipeline.runner import StageFailed
from multiplt.pipeline.session import RunFolderBusy, RunResult, execute
from multiplt.pipeline.sources import SourceError

data_app = typer.Typer(
    help=(
        "Make training data one stage at a time: translate tested functions, generate completions, "
        "validate them in the sandbox, deduplicate, export the dataset. Each command reads a JSONL file "
        "or the folder an earlier command wrote, writes runs/<name>/<stage>/, and resumes when run again."
    ),
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

_SOURCE_HELP = "A JSONL file (or folder of them), or a stage folder an earlier command wrote (runs/<name>/<stage>)."
_NAME_HELP = "The run folder's name under --runs-dir (default: the stage's name)."
_SET_HELP = "Any stage option: --set KEY=VALUE (value read as TOML), repeatable."


def _run_stage(kind: str, source: Path, name: str | None, runs_dir: str, jobs: int, options: dict[str, Any],
               assignments: list[str], llm: dict[str, Any] | None = None, restart: bool = False,
               source_kind: str | None = None, then: list[tuple[str, dict[str, Any]]] | None = None,
               source_assignments: list[str] | None = None) -> RunResult:
    """Run ``kind`` (and the stages ``then`` names after it) on ``source``; ``--set`` keys go to the
    first stage whose options know them, ``source_assignments`` to the source's options."""
    console = stderr_console()
    if source_kind is None:
        source_kind = "parts" if source.is_dir() and any(source.glob("part-*.parquet")) else "jsonl"
    chain = [(kind, options), *(then or [])]
    config: dict[str, Any] = {
        "run": {"name": name or kind, "runs_dir": str(Path(runs_dir).resolve()), "jobs": jobs},
        "source": {"kind": source_kind, "path": str(source) if hub_name(source) else str(source.resolve())},
        "stages": [{"kind": stage, "options": {key: value for key, value in values.items() if value is not None}}
                   for stage, values in chain],
    }
    if llm:
        config["llm"] = {key: value for key, value in llm.items() if value is not None}
    config_path = Path()
    try:
        for assignment in assignments:
            key, value = parse_override(assignment)
            config["stages"][_stage_taking(key, [stage for stage, _ in chain])]["options"][key] = value
        for assignment in source_assignments or []:
            key, value = parse_override(assignment)
            config["source"].setdefault("options", {})[key] = value
        with tempfile.TemporaryDirectory() as folder:
            config_path = Path(folder) / f"{kind}.toml"
            config_path.write_text(tomli_w.dumps(config), encoding="utf-8")
            result = execute(load_config(config_path), console, restart=restart)
    except ConfigError as error:
        for problem in error.problems:
            # The config is ours, written from the flags: name the command line, not a temp file.
            problem = re.sub(rf"^{re.escape(str(config_path))}:\d+: (stages\[\d+\]\.options\.|source\.options\.)?", "command line: ", problem)
            print_error(console, problem)
        raise typer.Exit(2) from None
    except (SourceError, RunFolderBusy, StageFailed) as error:
        print_error(console, str(error))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("interrupted; run the same command again to resume")
        raise typer.Exit(130) from None
    typer.echo(f"wrote {result.final_folder}")
    return result


def _stage_taking(key: str, kinds: list[str]) -> int:
    """The position of the first stage of ``kinds`` whose options have ``key`` (else the first)."""
    for position, kind in enumerate(kinds):
        try:
            model = resolve_stage(kind).Options
        except UnknownKindError:
            continue
        if model is not None and key in model.model_fields:
            return position
    return 0


_RUNS_DIR = typer.Option("runs", "--runs-dir", help="Parent folder of run folders.")
_JOBS = typer.Option(1, "--jobs", "-j", help="Worker processes (0 = one per core).")
_RESTART = typer.Option(False, "--restart", help="Delete this run's folder first instead of resuming it.")


@data_app.command("translate")
def translate_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP, exists=True),
    languages: str = typer.Option(",".join(TARGETS), "--languages", "-l", help=f"Target languages, comma-separated MultiPL-E codes: {codes_text()}."),
    min_tests: int = typer.Option(1, "--min-tests", help="Drop a function for a language when fewer asserts translate."),
    canonical: bool = typer.Option(True, "--canonical/--no-canonical", help="Show the Python body as a commented block (MultiPL-T's prompt)."),
    stub_check: bool = typer.Option(True, "--stub-check/--no-stub-check", help="Drop problems that do not compile with a raising body."),
    name: str | None = typer.Option(None, "--name", help=_NAME_HELP),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Tested functions (testgen's records) -> one MultiPL-E problem per function and language."""
    options = {"languages": [code.strip() for code in languages.split(",") if code.strip()], "min_tests": min_tests,
               "canonical_solution": canonical, "stub_check": stub_check}
    _run_stage("translate", source, name, runs_dir, jobs, options, assignments, restart=restart)


@data_app.command("generate")
def generate_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP, exists=True),
    replay: Path | None = typer.Option(None, "--replay", help="Take samples from a replay file or a MultiPL-E completions folder instead of a model.", exists=True),
    n: int = typer.Option(50, "--n", help="Samples per problem (adaptive: at most)."),
    temperature: float = typer.Option(0.8, "--temperature"),
    top_p: float = typer.Option(0.95, "--top-p"),
    max_tokens: int = typer.Option(512, "--max-tokens"),
    adaptive: bool = typer.Option(False, "--adaptive", help="Sample in rounds, validating each; stop at --k distinct passing, give up after --m."),
    k: int = typer.Option(5, "--k", help="Adaptive: distinct passing solutions that end a problem."),
    m: int = typer.Option(20, "--m", help="Adaptive: samples without a pass after which a problem is given up."),
    round_size: int = typer.Option(10, "--round-size", help="Adaptive: samples per problem per round."),
    backend: str | None = typer.Option(None, "--backend", help="llamacpp, openai, vllm or transformers (the run's [llm])."),
    model: str | None = typer.Option(None, "--model"),
    base_url: list[str] | None = typer.Option(None, "--base-url", help="Server URL for --backend openai; repeat it for several servers."),
    name: str | None = typer.Option(None, "--name", help=_NAME_HELP),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Problems -> problems with completions (defaults as MultiPL-T: 50 samples, T 0.8, top_p 0.95, 512 tokens)."""
    options = {"replay": str(replay.resolve()) if replay else None, "n": n, "temperature": temperature, "top_p": top_p,
               "max_tokens": max_tokens, "adaptive": adaptive, "k": k, "m": m, "round_size": round_size}
    llm = {"backend": backend, "model": model, "base_url": one_or_many(base_url)}
    _run_stage("generate", source, name, runs_dir, jobs, options, assignments, llm=llm, restart=restart)


_TIMEOUTS_HELP = ("Seconds per language, overriding --limits: lua=1,rkt=1 (benchmarks/validation_limits.py derives "
                  "them from what passing programs need).")


def _timeouts(text: str | None) -> dict[str, float] | None:
    """``lua=1,rkt=2.5`` as {"lua": 1.0, "rkt": 2.5}; a malformed entry is a one-line error."""
    if not text:
        return None
    timeouts: dict[str, float] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        code, _, seconds = entry.partition("=")
        try:
            timeouts[code.strip()] = float(seconds)
        except ValueError:
            print_error(stderr_console(), f"command line: --timeouts entry {entry!r} is not CODE=SECONDS")
            raise typer.Exit(2) from None
    return timeouts


@data_app.command("validate")
def validate_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP, exists=True),
    limits: str = typer.Option("data", "--limits", help="'data' (5 s, 512 MB), 'reference' (MultiPL-E's 15 s or 5 s, 1 GB) or a timeout in seconds."),
    memory_mb: int | None = typer.Option(None, "--memory-mb", help="Memory limit per program."),
    timeouts: str | None = typer.Option(None, "--timeouts", help=_TIMEOUTS_HELP),
    keep_failing: bool = typer.Option(False, "--keep-failing", help="Keep problems with no passing solution."),
    name: str | None = typer.Option(None, "--name", help=_NAME_HELP),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Problems with completions -> with solutions and verdicts; a pass is status OK and exit code 0."""
    limit: str | float = float(limits) if limits.replace(".", "", 1).isdigit() else limits
    options = {"limits": limit, "memory_mb": memory_mb, "keep_failing": keep_failing, "timeouts": _timeouts(timeouts)}
    _run_stage("validate", source, name, runs_dir, jobs, options, assignments, restart=restart)


@data_app.command("dedup")
def dedup_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP, exists=True),
    threshold: float = typer.Option(0.6, "--threshold", help="Near duplicate within a problem: ROUGE-L F1 above this."),
    name: str | None = typer.Option(None, "--name", help=_NAME_HELP),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Validated problems -> cleaned passing solutions without TODO, exact or near duplicates."""
    _run_stage("dedup", source, name, runs_dir, jobs, {"threshold": threshold}, assignments, restart=restart)


@data_app.command("dataset")
def dataset_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP, exists=True),
    cross_problem: bool = typer.Option(False, "--cross-problem", help="Also drop near duplicates across problems (ROUGE-L 0.7, groups of 200)."),
    hf: bool = typer.Option(True, "--hf/--no-hf", help="Write a datasets save_to_disk folder (hf/)."),
    name: str | None = typer.Option(None, "--name", help=_NAME_HELP),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Deduplicated problems -> <lang>.jsonl, <lang>.parquet, hf/ and README.md (the card) in runs/<name>/dataset/."""
    _run_stage("dataset", source, name, runs_dir, jobs, {"cross_problem": cross_problem, "hf": hf}, assignments, restart=restart)
