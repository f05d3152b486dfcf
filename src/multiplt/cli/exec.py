"""`multiplt exec`: run programs in the sandbox and print verdicts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.languages.registry import LANGUAGES, aliases_text, codes_text, extensions_text, timeouts_text
from multiplt.program import DEFAULT_MEMORY_MB, Program


def _language_for(path: Path) -> str | None:
    by_extension = {language.extension.lower(): code for code, language in LANGUAGES.items()}
    return by_extension.get(path.suffix.lower())


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("exec")
def exec_command(
    file: Path | None = typer.Argument(None, help=f"A program file to run; its language comes from the extension ({extensions_text()}) unless --lang is given."),
    lang: str | None = typer.Option(None, "--lang", help=f"Language of FILE: {codes_text()} (or {aliases_text()})."),
    timeout: float | None = typer.Option(None, "--timeout", help=f"Wall-time limit in seconds, above 0 and at most 3600 (default: the language's MultiPL-E timeout, {timeouts_text()})."),
    memory: int | None = typer.Option(None, "--memory", help=f"Memory (address space) limit in MB, 16 to 1048576 (default {DEFAULT_MEMORY_MB})."),
    jsonl: Path | None = typer.Option(None, "--jsonl", help='Run many: a JSONL file of {"language": ..., "program": ...} lines (other fields are passed through; timeout_s and memory_mb override the limits per line).'),
    out: Path | None = typer.Option(None, "--out", help="With --jsonl: where to write one result line per program (the input fields plus status, exit_code, stdout, stderr, seconds); written whole at the end, checked before anything runs."),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", min=1, help="Programs run in parallel."),
    isolation: str = typer.Option("warm", "--isolation", help="warm: per-language warm workers where available, else one sandbox per program; process: always one fresh sandbox and interpreter per program."),
    cache: Path | None = typer.Option(None, "--cache", help="SQLite file caching verdicts by (language, program, limits); a cached program is not run again."),
) -> None:
    """Run one program file and print its verdict as JSON, or run a JSONL file of programs (--jsonl IN --out OUT)."""
    from multiplt.sandbox import Sandbox
    from multiplt.sandbox.executor import ISOLATIONS
    from multiplt.sandbox.limits import check_memory, check_timeout

    if isolation not in ISOLATIONS:
        raise _fail(f"--isolation must be one of {', '.join(ISOLATIONS)}, not {isolation!r}")
    try:
        if timeout is not None:
            check_timeout(timeout, "--timeout")
        if memory is not None:
            check_memory(memory, "--memory")
    except ValueError as error:
        raise _fail(str(error)) from None
    if (file is None) == (jsonl is None):
        raise _fail("give either a program FILE or --jsonl IN --out OUT")
    if jsonl is not None:
        if out is None:
            raise _fail("--jsonl needs --out")
        _run_batch(jsonl, out, jobs=jobs, isolation=isolation, cache=cache, timeout=timeout, memory=memory)
        return
    assert file is not None
    from multiplt.languages import get_language
    from multiplt.languages.registry import UnknownLanguageError

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    code = lang or _language_for(file)
    if code is None:
        raise _fail(f"{file}: cannot tell the language from the extension {file.suffix!r}; pass --lang")
    try:
        language = get_language(code)
    except UnknownLanguageError as error:
        raise _fail(str(error)) from None
    source = file.read_text(encoding="utf-8", errors="replace")
    program = Program(language.code, source, timeout_s=timeout or language.timeout_s, memory_mb=memory or DEFAULT_MEMORY_MB)
    _check_cache(cache)
    with Sandbox(jobs=1, isolation=isolation, cache_path=cache) as sandbox:
        verdict = sandbox.run(program)
    typer.echo(json.dumps({"language": language.code, "file": str(file), **verdict.to_dict()}, indent=2, ensure_ascii=False))


def _run_batch(source: Path, out: Path, *, jobs: int, isolation: str, cache: Path | None, timeout: float | None, memory: int | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from multiplt.cli.messages import say, stderr_console
    from multiplt.sandbox import Sandbox
    from multiplt.sandbox.batch import BatchOutputError, check_output, count_lines, run_jsonl

    if not source.is_file():
        raise _fail(f"{source}: no such file")
    try:
        check_output(out)  # before any program runs
    except BatchOutputError as error:
        raise _fail(str(error)) from None
    _check_cache(cache)
    console = stderr_console()
    columns = (TextColumn("exec"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress, Sandbox(jobs=jobs, isolation=isolation, cache_path=cache) as sandbox:
        task = progress.add_task("exec", total=count_lines(source))

        def malformed(line_number: int, reason: str) -> None:
            say(progress.console, "skipped", "red", f"{source}:{line_number}: {reason}")
            progress.advance(task)

        def replaced(line_number: int, count: int) -> None:
            say(progress.console, "note", "yellow", f"{source}:{line_number}: {count} bytes not UTF-8, replaced by U+FFFD")

        report = run_jsonl(
            sandbox,
            source,
            out,
            timeout_s=timeout,
            memory_mb=memory,
            on_result=lambda: progress.advance(task),
            on_malformed=malformed,
            on_replaced=replaced,
        )
        progress.update(task, completed=progress.tasks[0].total)  # blank lines count too
        hits = sandbox.cache_hits
    bad_bytes = f", {len(report.replaced)} lines with non-UTF-8 bytes replaced" if report.replaced else ""
    typer.echo(
        f"ran {report.ran} programs ({report.passed} passed, {hits} from cache), "
        f"skipped {len(report.malformed)} malformed lines of {report.lines}{bad_bytes} -> {out}"
    )


def _check_cache(cache: Path | None) -> None:
    """A one-line error unless ``cache`` is absent, empty or an SQLite file (checked before running)."""
    if cache is None or not cache.exists():
        return
    if cache.is_dir():
        raise _fail(f"{cache}: --cache is a folder, not an SQLite file")
    with cache.open("rb") as handle:
        head = handle.read(16)
    if head and head != b"SQLite format 3\x00":
        raise _fail(f"{cache}: --cache is not an SQLite file")
