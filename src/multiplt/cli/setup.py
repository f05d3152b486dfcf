"""`multiplt doctor` and `multiplt init`: check the machine, write a run config."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from multiplt.cli.app import app
from multiplt.doctor import Check, doctor_help, run_checks
from multiplt.io import atomic_write_text

STATUS_STYLE = {"ok": "green", "missing": "red", "broken": "red"}
TEMPLATES = "multiplt.pipeline.templates"
INIT_FILES = {"run.toml": "multiplt.toml", "functions.jsonl": "functions.jsonl"}


def _table(checks: list[Check]) -> Table:
    table = Table(title="multiplt doctor", show_lines=False)
    for column in ("component", "status", "version / detail", "install with"):
        table.add_column(column, overflow="fold")
    for check in checks:
        status = check.status if check.required or check.status == "ok" else f"{check.status} (optional)"
        style = STATUS_STYLE[check.status] if check.required or check.status == "ok" else "yellow"
        table.add_row(f"{check.group}: {check.name}", f"[{style}]{status}[/]", escape(check.detail),
                      "" if check.status == "ok" else escape(check.install))
    return table


@app.command(help=doctor_help())
def doctor() -> None:
    console = Console()
    checks = run_checks()
    console.print(_table(checks))
    failed = [check for check in checks if check.failed_requirement]
    if failed:
        for check in failed:
            console.print(f"[red]required {check.name} is {check.status}[/]: {escape(check.detail)}; "
                          f"install: {escape(check.install)}", soft_wrap=True)
        raise typer.Exit(1)
    console.print("[green]all required pieces work[/]")


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to write multiplt.toml and a small functions.jsonl into."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Write a commented example run config (multiplt.toml) and the small input it reads."""
    directory.mkdir(parents=True, exist_ok=True)
    targets = {directory / target: template for template, target in INIT_FILES.items()}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        typer.echo(f"error: {', '.join(existing)} already exist(s); use --force to overwrite", err=True)
        raise typer.Exit(1)
    for target, template in targets.items():
        atomic_write_text(target, resources.files(TEMPLATES).joinpath(template).read_text(encoding="utf-8"))
        typer.echo(f"wrote {target}")
    typer.echo(f"next: multiplt run {directory / 'multiplt.toml'}")
