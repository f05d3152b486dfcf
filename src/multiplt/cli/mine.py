"""`multiplt mine`: Python files -> mined functions, as a one-stage run."""

from __future__ import annotations

from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.cli.data import _JOBS, _RESTART, _RUNS_DIR, _SET_HELP, _run_stage


@app.command("mine")
def mine_command(
    source: Path = typer.Argument(..., exists=True, help="A .py file, a folder of them (searched recursively, symlinked folders not followed), or a .txt list of files, one per line (a 'stdlib:PATH' line names a file of this Python's standard library)."),
    autoimport: bool = typer.Option(False, "--autoimport/--no-autoimport", help="Add `import m` for a standard-library module a function uses but its file does not import."),
    typecheck: bool = typer.Option(True, "--typecheck/--no-typecheck", help="Type-check each kept function alone with basedpyright (standard mode, pyright's default; an error drops it as type_error, with the message in mine/_dropped/), 250 functions per checker run."),
    licenses: str | None = typer.Option(None, "--licenses", help="Keep only files whose licence is in this comma-separated list (files of a folder have no known licence; stdlib files are PSF-2.0)."),
    name: str | None = typer.Option(None, "--name", help="The run folder's name under --runs-dir (default: mine)."),
    runs_dir: str = _RUNS_DIR, jobs: int = _JOBS, restart: bool = _RESTART,
    assignments: list[str] = typer.Option([], "--set", help=_SET_HELP),
) -> None:
    """Mine top-level Python functions whose body starts with a docstring (methods and nested
    functions are out, as in MultiPL-T), parsing only, never running them. Kept: functions that
    return a value, have no TODO, are ASCII, are not a docstring plus a trivial return, and are
    self-contained (every free name a parameter, a local, a builtin or a standard-library import,
    which the record carries), and type-check alone. Every drop is counted by reason.
    Writes runs/<name>/mine/."""
    options = {"autoimport": autoimport, "typecheck": typecheck,
               "licenses": [part.strip() for part in licenses.split(",") if part.strip()] if licenses else None}
    _run_stage("mine", source, name, runs_dir, jobs, options, assignments, source_kind="python")
