"""`multiplt generate`: ad-hoc sampling from any backend, cached."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text

from multiplt.cli import backend_options as flags
from multiplt.cli.app import app
from multiplt.cli.messages import error as print_error
from multiplt.cli.messages import stderr_console, warning
from multiplt.llm import BackendError, BackendSettings, Request, open_from_settings
from multiplt.llm.prompts_file import read_prompts, stop_for, write_completions


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]generate[/]"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TextColumn("prompts · {task.fields[requests]} calls · {task.fields[cache_hits]} cached ·"),
        TextColumn("{task.fields[tokens_per_s]:.1f} tok/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


@app.command()
def generate(
    prompts: Path = typer.Option(..., "--prompts", help='JSONL input, one {"prompt": ...} per line; other fields are copied to the output, a "stop_tokens" list adds stop sequences for its line.', exists=True, dir_okay=False, readable=True),
    out: Path = typer.Option(..., "--out", help='JSONL output: each input record plus "completions", a list of --n strings. Written whole at the end (under a temporary name beside it meanwhile).'),
    backend: str = flags.BACKEND,
    model: str | None = flags.MODEL,
    n: int = typer.Option(1, "--n", min=1, help="Samples per prompt."),
    temperature: float = typer.Option(0.2, "--temperature", min=0.0, help="Sampling temperature (0: greedy)."),
    top_p: float = typer.Option(0.95, "--top-p", min=0.0, max=1.0, help="Nucleus sampling: keep the smallest token set with this much probability."),
    max_tokens: int = typer.Option(512, "--max-tokens", min=1, help="Most new tokens per sample."),
    stop: list[str] = typer.Option([], "--stop", help="A stop sequence (repeatable); the text is cut at the earliest one, as MultiPL-E does. Escapes such as \\n are understood."),
    seed: int | None = flags.SEED,
    base_url: list[str] | None = flags.BASE_URL,
    api_key: str | None = flags.API_KEY,
    concurrency: int = flags.CONCURRENCY,
    chat: bool = flags.CHAT,
    timeout_s: float = flags.TIMEOUT,
    retries: int = flags.RETRIES,
    n_ctx: int = flags.N_CTX,
    threads: int | None = flags.THREADS,
    cache: Path | None = typer.Option(None, "--cache", help="SQLite sample cache (default: cache/llm.sqlite beside --out). A rerun asks only for samples not in it."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the sample cache."),
) -> None:
    """Sample --n completions per prompt from a backend, with caching and resume.

    To use a real model, serve it (for example `vllm serve bigcode/starcoder2-15b`) and pass
    `--backend openai --base-url http://HOST:8000/v1`, or run it in-process with --backend vllm.
    """
    console = stderr_console()
    prompt_file = read_prompts(prompts)
    for number, reason in prompt_file.malformed:
        warning(console, f"{prompts}:{number}: {reason}")
    if prompt_file.malformed:
        warning(console, f"skipped {len(prompt_file.malformed)} malformed line(s) of {prompts}")
    stop_sequences = [_unescape(sequence) for sequence in stop]
    requests = [
        Request(
            prompt=record["prompt"], n=n, temperature=temperature, top_p=top_p, max_tokens=max_tokens,
            stop=stop_for(record, stop_sequences),
        )
        for _, record in prompt_file.records
    ]
    cache_path = None if no_cache else (cache or out.parent / "cache" / "llm.sqlite")
    settings = BackendSettings(
        kind=backend, model=model, base_url=base_url, api_key=api_key, concurrency=concurrency, chat=chat,
        timeout_s=timeout_s, retries=retries, seed=seed, n_ctx=n_ctx, threads=threads, cache_path=cache_path,
    )
    try:
        llm = open_from_settings(settings)
    except (BackendError, ValueError) as error:
        print_error(console, str(error))
        raise typer.Exit(1) from None

    try:
        with _progress(console) as progress:
            task = progress.add_task("generate", total=len(requests), requests=0, cache_hits=0, tokens_per_s=0.0)

            def rows() -> Iterator[dict[str, Any]]:
                for (_, record), completions in zip(prompt_file.records, llm.complete(requests)):
                    stats = llm.stats
                    progress.update(
                        task, advance=1, requests=stats.requests, cache_hits=stats.cache_hits,
                        tokens_per_s=stats.tokens_per_second(),
                    )
                    yield {**record, "completions": completions}

            written = write_completions(out, rows())
    except BackendError as error:
        print_error(console, str(error))
        raise typer.Exit(1) from None
    finally:
        llm.close()
    stats = llm.stats
    summary = (
        f"wrote {written} records to {out}: {stats.generated} samples generated in {stats.requests} requests, "
        f"{stats.cache_hits} from the cache, {stats.prompt_tokens} prompt + {stats.completion_tokens} "
        f"completion tokens, {stats.tokens_per_second():.1f} tok/s"
        + (f"; cache {cache_path}" if cache_path else "")
    )
    console.print(Text(summary), soft_wrap=True)


def _unescape(sequence: str) -> str:
    """``\\n``, ``\\t`` and ``\\\\`` typed on a command line become the characters."""
    return re.sub(r"\\([nt\\])", lambda match: {"n": "\n", "t": "\t", "\\": "\\"}[match.group(1)], sequence)
