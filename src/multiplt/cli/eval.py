"""`multiplt eval ...`: build MultiPL-E problems, generate completions, score, summarise."""

from __future__ import annotations

import typer

from multiplt.cli.main import app

eval_app = typer.Typer(help="MultiPL-E evaluation: build problems, generate, score, summarise pass@k.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
