"""`multiplt testgen`: mined functions -> tested functions, as a one-stage run."""

from __future__ import annotations

from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.cli.backend_options import one_or_many
from multiplt.cli.data import _JOBS, _RESTART, _RUNS_DIR, _SET_HELP, _SOURCE_HELP, _run_stage


@app.command("testgen")
def testgen_command(
    source: Path = typer.Argument(..., help=_SOURCE_HELP.replace("A JSONL file", "Mined functions: a JSONL file"), exists=True),
    replay: Path | None = typer.Option(None, "--replay", help="Take the model's completions from a replay file (JSONL by prompt or by function name) instead of a model.", exists=True),
    samples: int = typer.Option(5, "--samples", "-n", help="Completions asked per function."),
    temperature: float = typer.Option(0.2, "--temperature"),
    top_p: float = typer.Option(0.95, "--top-p"),
    max_tokens: int = typer.Option(512, "--max-tokens", help="New tokens per completion."),
    doctests: bool = typer.Option(False, "--doctests/--no-doctests", help="Also harvest docstring examples as tests (counted apart)."),
    min_coverage: float = typer.Option(0.9, "--min-coverage", help="Keep functions whose own lines are covered at least this much (0..1)."),
    augment: bool = typer.Option(False, "--augment/--no-augment", help="Below --min-coverage, add tests from the function's own results on inputs mutated from the model's and drawn from the inferred types (sandboxed, deterministic only, kept if coverage rises; no extra model calls)."),
    timeout_s: float = typer.Option(5.0, "--timeout", help="Seconds per test in the sandbox."),
    backend: str | None = typer.Option(None, "--backend", help="llamacpp (embedded model by default), openai, vllm, transformers or replay."),
    model: str | None = typer.Option(None, "--model", help="Model name or path (the replay file for --backend replay)."),
    base_url: list[str] | None = typer.Option(None, "--base-url", help="Server URL for --backend openai; repeat it for several servers."),
    name: str | None = typer.Option(None, "--name", help="The run folder's name under --runs-dir (default: testgen)."),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Ask a model for `assert f(...) == ...` tests of each mined function, keep the tests that pass
    alone in the sandbox, keep the functions whose own lines they cover (line and branch coverage,
    coverage.py in the sandbox), and record types seen at run time. Writes runs/<name>/testgen/."""
    options = {
        "replay": str(replay.resolve()) if replay else None, "samples": samples, "temperature": temperature,
        "top_p": top_p, "max_tokens": max_tokens, "doctests": doctests, "min_coverage": min_coverage, "augment": augment, "timeout_s": timeout_s,
    }
    llm = {"backend": backend, "model": model, "base_url": one_or_many(base_url)}
    _run_stage("testgen", source, name, runs_dir, jobs, options, assignments, llm=llm, restart=restart)
