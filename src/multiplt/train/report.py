"""The training run's report: one self-contained HTML page with the checkpoint table as plots.

Losses per epoch (training and held-out, epoch 0 being the held-out loss before
training) and pass@1 per language per checkpoint, with the selection rule beside them.
plotly.js is inlined, so the page opens without a network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from multiplt.io import atomic_write_text
from multiplt.report.plots import LAYOUT, plotly_script
from multiplt.train.trainer import EpochRow

REPORT_FILE = "train-report.html"


def _div(figure: go.Figure, element_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=element_id, config={"displaylogo": False})


def loss_figure(rows: Sequence[EpochRow], held_out_before: float | None) -> str:
    """Training and held-out loss per epoch, as lines."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=[row.epoch for row in rows], y=[row.train_loss for row in rows], name="training loss", mode="lines+markers"))
    held = [(0, held_out_before)] if held_out_before is not None else []
    held += [(row.epoch, row.held_out_loss) for row in rows]
    figure.add_trace(go.Scatter(x=[epoch for epoch, _ in held], y=[loss for _, loss in held], name="held-out loss", mode="lines+markers"))
    figure.update_layout(title="Loss per epoch", xaxis_title="epoch", yaxis_title="loss", **LAYOUT)
    return _div(figure, "plot-train-losses")


def pass_figure(rows: Sequence[EpochRow]) -> str:
    """pass@1 per language per checkpoint, one line per language."""
    figure = go.Figure()
    for language in sorted({language for row in rows for language in row.pass_at_1}):
        scored = [row for row in rows if language in row.pass_at_1]
        figure.add_trace(go.Scatter(x=[row.epoch for row in scored], y=[row.pass_at_1[language] for row in scored],
                                    name=f"pass@1 {language}", mode="lines+markers"))
    figure.update_layout(title="pass@1 per checkpoint", xaxis_title="epoch", yaxis_title="pass@1",
                         yaxis_range=[0, 1], **LAYOUT)
    return _div(figure, "plot-train-pass")


def write_train_report(out_dir: Path, rows: Sequence[EpochRow], table: str, rule: str | None, held_out_before: float | None) -> Path:
    """Write ``out_dir/train-report.html`` (atomically) and return its path."""
    plots = [loss_figure(rows, held_out_before)]
    if any(row.pass_at_1 for row in rows):
        plots.append(pass_figure(rows))
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>multiplt train: "
        f"{html.escape(out_dir.name)}</title><script>{plotly_script()}</script></head>"
        "<body style='font-family: system-ui, sans-serif; margin: 2em'>"
        f"<h1>Training run {html.escape(str(out_dir))}</h1>"
        f"<p id='rule'>{html.escape(rule or 'no checkpoint selected')}</p>"
        f"<pre id='table'>{html.escape(table)}</pre>{''.join(plots)}</body></html>"
    )
    path = out_dir / REPORT_FILE
    atomic_write_text(path, page)
    return path
