"""The shared Typer application every command module registers its commands on.

Command modules import ``app`` from here, and ``multiplt.cli.main`` imports the command
modules: imports inside the CLI go one way (main -> commands -> app), with no cycle.
"""

from __future__ import annotations

import typer

from multiplt import __version__
from multiplt.languages.registry import TARGETS, names_text

app = typer.Typer(
    name="multiplt",
    help=(
        "MultiPL-T in one tool: mine Python functions, generate and validate tests, "
        f"translate to {names_text(TARGETS)}, build training data, and "
        "evaluate models on MultiPL-E."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"multiplt {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """MultiPL-T in one tool."""
