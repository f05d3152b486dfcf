"""The report's plots, drawn with plotly; each function returns an HTML ``<div>``.

The figures carry no script of their own: the page inlines plotly.js once
(:func:`plotly_script`), so the report opens without a network.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from multiplt.report.sections import BIN_LABELS, Costs, Distribution, ExecutionTimes, LanguageFunnel, StageRow

LAYOUT = dict(margin=dict(l=60, r=20, t=40, b=50), height=340, template="plotly_white",
              font=dict(family="system-ui, sans-serif", size=12))


def plotly_script() -> str:
    """plotly.js itself, to inline once in the page's head."""
    return get_plotlyjs()


def _div(figure: go.Figure, element_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=element_id,
                          config={"displaylogo": False, "responsive": True})


def funnel_figure(rows: list[StageRow]) -> str:
    """Records out of each stage, as a funnel."""
    started = [row for row in rows if row.parts_done]
    figure = go.Figure(go.Funnel(y=[row.name for row in started], x=[row.records_out for row in started],
                                 textinfo="value"))
    figure.update_layout(title="Records out of each stage", **LAYOUT)
    return _div(figure, "plot-funnel")


def language_figure(funnel: LanguageFunnel) -> str:
    """Records out per stage, one bar group per stage, one colour per language."""
    figure = go.Figure()
    for language in funnel.languages:
        figure.add_bar(name=language, x=funnel.stages,
                       y=[funnel.cells[(stage, language)].records_out for stage in funnel.stages])
    figure.update_layout(title="Records out per language", barmode="group", yaxis_title="records", **LAYOUT)
    return _div(figure, "plot-languages")


def histogram_figure(distribution: Distribution, title: str, axis: str, element_id: str) -> str:
    """A histogram of fractions in ten bins of 10%, one bar group per bin, one colour per language."""
    figure = go.Figure()
    for name, counts in distribution.binned().items():
        figure.add_bar(x=BIN_LABELS, y=counts, name=name)
    figure.update_layout(title=title, barmode="group", xaxis_title=axis, yaxis_title="count",
                         showlegend=bool(distribution.by_language), **LAYOUT)
    return _div(figure, element_id)


def execution_figure(times: ExecutionTimes) -> str:
    """Seconds per judged program per language (box plot), or programs run per language by status (bars)."""
    figure = go.Figure()
    if times.verdict_seconds:
        for language, seconds in sorted(times.verdict_seconds.items()):
            figure.add_box(y=seconds, name=language, boxpoints="outliers")
        figure.update_layout(title="Seconds per program", yaxis_title="seconds", showlegend=False, **LAYOUT)
    else:
        statuses = sorted({status for counts in times.programs.values() for status in counts})
        languages = sorted(times.programs)
        for status in statuses:
            figure.add_bar(name=status, x=languages, y=[times.programs[language].get(status, 0)
                                                        for language in languages])
        figure.update_layout(title="Programs run per language, by status", barmode="stack", yaxis_title="programs",
                             **LAYOUT)
    return _div(figure, "plot-execution")


def cost_figure(costs: Costs) -> str:
    """LLM tokens per validated item, by the stage that spent them."""
    rows = [row for row in costs.rows if row.llm_tokens]
    figure = go.Figure(go.Bar(x=[row.stage for row in rows],
                              y=[(row.llm_tokens or 0) / costs.validated if costs.validated else 0 for row in rows]))
    figure.update_layout(title="LLM tokens per validated item, by stage", yaxis_title="tokens", **LAYOUT)
    return _div(figure, "plot-costs")
