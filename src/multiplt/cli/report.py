"""`multiplt report RUN_DIR` and `multiplt status RUN_DIR`: what a run made and where it stands."""

from __future__ import annotations

from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.pipeline.status import RunState, dumps_state, read_run
from multiplt.storage import RemoteNotSupported, is_url


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command("report")
def report_command(
    run_dir: str = typer.Argument(..., metavar="RUN_DIR", help="A run folder (runs/<name>), finished or not; on "
                                  "local disk (copy one on object storage first)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Where to write the page (default: RUN_DIR/report.html)."),
    samples: int = typer.Option(8, "--samples", min=0, help="Tested functions shown in the sample table."),
) -> None:
    """Write one self-contained report.html for a run: funnel per stage and language, plots, sample items.

    The page needs no network when opened (plotly.js and the styles are inlined). A
    partial or damaged run folder gives a page with notes on what is missing.
    """
    from multiplt.report import write_report  # plotly is imported only by this command

    if is_url(run_dir):
        _fail(f"{run_dir}: multiplt report needs a run folder on local disk; copy it there first "
              f"(e.g. aws s3 sync {run_dir} runs/NAME) and run multiplt report runs/NAME")
    if not Path(run_dir).is_dir():
        _fail(f"{run_dir}: no such run folder")
    path = write_report(Path(run_dir), out, samples)
    typer.echo(f"report: {path}")


def _cell(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if digits else f"{round(value):,}"


STATUS_COLUMNS = ("stage", "parts done", "parts left", "records in", "records out", "LLM tokens", "LLM s",
                  "sandbox s", "stage s", "dropped")


def status_lines(state: RunState) -> list[str]:
    """The run state as a plain table, one line per stage whatever the terminal width (logs are grepped)."""
    rows = []
    for stage in state.stages:
        left = stage.parts_left
        rows.append((
            stage.name if stage.started else f"{stage.name} (not run)",
            str(stage.parts_done), "?" if left is None else str(left),
            _cell(stage.records_in), _cell(stage.records_out),
            _cell(stage.llm_tokens()), _cell(stage.llm_seconds(), 1), _cell(stage.sandbox_seconds(), 1),
            _cell(stage.seconds, 1),
            ", ".join(f"{reason} {count:,}" for reason, count in stage.dropped.items()) or "-",
        ))
    widths = [max(len(row[column]) for row in [STATUS_COLUMNS, *rows]) for column in range(len(STATUS_COLUMNS))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:-1])),
                 row[-1]]
        return "  ".join(cells).rstrip()

    title = f"{state.run_dir}: {'finished' if state.finished else 'not finished'}"
    return [title, line(STATUS_COLUMNS), *(line(row) for row in rows)]


@app.command("status")
def status_command(
    run_dir: str = typer.Argument(..., metavar="RUN_DIR", help="A run folder (runs/<name>), or its URL on object "
                                  "storage (s3://bucket/prefix/<name>; endpoint and credentials from the environment)."),
    as_json: bool = typer.Option(False, "--json", help="Print the state as JSON instead of a table."),
) -> None:
    """Show where a run stands: each stage's parts done and left, records in and out, LLM tokens, sandbox seconds.

    Read from the run folder alone (done markers, config.toml, log.jsonl), so it works
    while the run goes on, after a kill, or on a copied folder. "?" parts left: the
    stage's input is not finished, so its part count is not known yet.
    """
    try:
        state = read_run(run_dir)
    except (FileNotFoundError, RemoteNotSupported) as error:
        _fail(str(error))
        return
    if as_json:
        typer.echo(dumps_state(state))
        return
    for line in status_lines(state):
        typer.echo(line)
    for note in state.notes:
        typer.echo(f"note: {note}")
