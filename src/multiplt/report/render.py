"""Turn a loaded run into one self-contained ``report.html``.

The page holds its CSS, plotly.js and the figures inline, and the code is highlighted
with Pygments at build time, so the file opens with no network. Every value from the
run (generated programs are hostile) is escaped by Jinja's autoescape or by Pygments.
"""

from __future__ import annotations

from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

from multiplt.io import atomic_write_text
from multiplt.languages.registry import UnknownLanguageError, get_language
from multiplt.report import plots, sections
from multiplt.report.loading import RunContent, load_run

REPORT_FILE = "report.html"


_FORMATTER = HtmlFormatter(cssclass="code", nowrap=False)


def lexer_name(language: str) -> str:
    """The Pygments lexer for a language code or alias: Pygments knows each registered
    language by its name (``rkt`` -> ``racket``); anything else is passed through."""
    try:
        return get_language(language).name.lower()
    except UnknownLanguageError:
        return language


def highlight_code(text: str, language: str) -> str:
    """``text`` as highlighted HTML (escaped), for a MultiPL-E language code or ``python``."""
    try:
        lexer = get_lexer_by_name(lexer_name(language))
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(text, lexer, _FORMATTER)


def _environment() -> jinja2.Environment:
    template_text = resources.files("multiplt.report").joinpath("report.html.j2").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True, loader=jinja2.DictLoader({"report": template_text}))
    environment.filters["num"] = _number
    environment.filters["reasons"] = lambda dropped: ", ".join(f"{reason} {count:,}"
                                                               for reason, count in dropped.items())
    return environment


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}" if isinstance(value, float) else f"{value:,}"


def _summary(content: RunContent) -> dict[str, Any]:
    config = content.state.config or {}
    llm = config.get("llm", {}) if isinstance(config.get("llm"), dict) else {}
    stages = content.state.stages
    return {
        "run_dir": str(content.state.run_dir),
        "name": content.state.run_dir.name,
        "finished": content.state.finished,
        "backend": llm.get("backend", "unknown"),
        "model": llm.get("model") or ("embedded Gemma 3 270M" if llm.get("backend") == "llamacpp" else "default"),
        "languages": content.languages(),
        "stage_seconds": sum(stage.seconds for stage in stages),
        "written": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def build_html(content: RunContent, samples: int = 8) -> str:
    """The report page for a loaded run."""
    rows = sections.funnel_rows(content)
    language_funnel = sections.language_funnel(content)
    coverage = sections.coverage_distribution(content)
    pass_rate = sections.pass_rate_distribution(content)
    costs = sections.costs(content)
    execution = sections.execution_times(content)
    sample_table = sections.sample_items(content, samples)
    figures = {
        "funnel": plots.funnel_figure(rows) if any(row.parts_done for row in rows) else None,
        "languages": plots.language_figure(language_funnel) if language_funnel.stages else None,
        "coverage": plots.histogram_figure(coverage, "Line coverage of tested functions", "line coverage",
                                           "plot-coverage") if coverage.values else None,
        "pass_rate": plots.histogram_figure(pass_rate, "Pass rate per problem", "samples passing",
                                            "plot-pass-rate") if pass_rate.values else None,
        "execution": plots.execution_figure(execution) if execution.programs or execution.verdict_seconds else None,
        "costs": plots.cost_figure(costs) if costs.validated and any(row.llm_tokens for row in costs.rows) else None,
    }
    highlighted = [
        {
            "item": item,
            "python": highlight_code(item.source, "python"),
            "tests": highlight_code("\n".join(item.tests), "python") if item.tests else None,
            "translations": {language: highlight_code(translation.text, language)
                             for language, translation in item.translations.items()},
        }
        for item in sample_table.items
    ]
    return _environment().get_template("report").render(
        summary=_summary(content), rows=rows, language_funnel=language_funnel, coverage=coverage,
        pass_rate=pass_rate, costs=costs, execution=execution, samples=sample_table, highlighted=highlighted,
        figures=figures, notes=content.notes, plotly_js=plots.plotly_script(),
        pygments_css=_FORMATTER.get_style_defs(".code"),
    )


def write_report(run_dir: Path, out: Path | None = None, samples: int = 8) -> Path:
    """Write ``report.html`` for a run folder (into it unless ``out`` is given) and return its path."""
    content = load_run(Path(run_dir))
    path = Path(out) if out is not None else Path(run_dir) / REPORT_FILE
    atomic_write_text(path, build_html(content, samples))
    return path
