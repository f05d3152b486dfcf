"""Summarise MultiPL-E results files: pass@k per experiment (or per problem) and status counts.

An experiment is a folder of results files (MultiPL-E's convention: one folder per
language, model and temperature). A result passes iff its status is ``OK`` and its
exit code is 0; pass@k is computed per problem and averaged over problems, for the ks
that every problem of the experiment has enough samples for.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from multiplt.evaluation.passk import STANDARD_KS, pass_at_k, reportable_ks
from multiplt.io import atomic_open, atomic_write_text
from multiplt.languages.registry import UnknownLanguageError
from multiplt.multiple_files import (
    BadInputError,
    find_completion_files,
    find_results_files,
    language_code,
    problem_name_from_path,
    read_json,
    results_path,
)
from multiplt.program import Status

STATUSES: tuple[str, ...] = tuple(status.value for status in Status)


@dataclass(frozen=True)
class ProblemResult:
    """One problem's results file, reduced to what pass@k and the counts need."""

    experiment: str  # the folder holding the results file
    name: str
    language: str
    model: str
    temperature: float | None
    samples: int
    passed: int
    statuses: Counter[str]

    def pass_at(self, k: int) -> float | None:
        return pass_at_k(self.samples, self.passed, k) if k <= self.samples else None


@dataclass(frozen=True)
class ExperimentSummary:
    """pass@k and status counts of one experiment."""

    experiment: str
    language: str
    model: str
    temperature: float | None
    problems: int
    min_samples: int
    max_samples: int
    pass_at: dict[int, float]  # only the ks every problem allows
    statuses: Counter[str]


def _passed(entry: dict[str, Any]) -> bool:
    # Some older files lack exit_code: the status alone decides there.
    return entry.get("status") == Status.OK.value and entry.get("exit_code", 0) == 0


def read_problem_result(path: Path, experiment: str | None = None) -> ProblemResult:
    """Read one results file; a `BadInputError` names what is wrong with it.

    ``experiment`` labels the file's experiment; by default its folder's path.
    """
    data = read_json(path)
    if not isinstance(data, dict):
        raise BadInputError(path, f"expected a JSON object, found {type(data).__name__}")
    results = data.get("results")
    if not isinstance(results, list):
        raise BadInputError(path, "missing field 'results'" if results is None else "field 'results' is not a list")
    if not results:
        raise BadInputError(path, "holds no results")
    for index, entry in enumerate(results):
        if not isinstance(entry, dict) or not isinstance(entry.get("status"), str):
            raise BadInputError(path, f"results[{index}] has no 'status' string")
    try:
        language = language_code(data.get("language"))
    except UnknownLanguageError:
        language = str(data.get("language", "?"))
    name = data.get("name") if isinstance(data.get("name"), str) else problem_name_from_path(path)
    temperature = data.get("temperature")
    return ProblemResult(
        experiment=experiment if experiment is not None else str(path.parent),
        name=name,
        language=language,
        model=str(data.get("model", "-")),
        temperature=temperature if isinstance(temperature, (int, float)) else None,
        samples=len(results),
        passed=sum(_passed(entry) for entry in results),
        statuses=Counter(entry["status"] for entry in results),
    )


@dataclass
class LoadedResults:
    """The problem results found under some roots, and one line per unreadable file."""

    problems: list[ProblemResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_results(roots: Sequence[Path]) -> LoadedResults:
    """Read every results file under ``roots``; bad files are reported, the rest kept.

    An experiment is labelled by its folder's path from the root's parent
    (``runs/demo/completions`` -> ``completions/humaneval-lua``).
    """
    loaded = LoadedResults()
    for root in roots:
        if not root.exists():
            loaded.errors.append(f"{root}: no such file or folder")
            continue
        for path in find_completion_files(root) if root.is_dir() else []:
            if not results_path(path).exists():  # a problem left out would raise pass@k unseen
                loaded.errors.append(f"{path}: no results file (not scored yet: run `multiplt eval score`); left out")
        for path in find_results_files(root):
            base = root.parent if root.is_dir() else root.parent.parent
            try:
                loaded.problems.append(read_problem_result(path, str(path.parent.relative_to(base))))
            except BadInputError as error:
                loaded.errors.append(str(error))
    return loaded


def _one_or_mixed(values: set[Any]) -> Any:
    return next(iter(values)) if len(values) == 1 else "mixed"


def summarise(problems: Sequence[ProblemResult], ks: Sequence[int] = STANDARD_KS) -> list[ExperimentSummary]:
    """One summary per experiment folder, in folder order."""
    by_experiment: dict[str, list[ProblemResult]] = {}
    for problem in problems:
        by_experiment.setdefault(problem.experiment, []).append(problem)
    summaries = []
    for experiment in sorted(by_experiment):
        group = by_experiment[experiment]
        min_samples = min(problem.samples for problem in group)
        statuses: Counter[str] = Counter()
        for problem in group:
            statuses.update(problem.statuses)
        temperatures = {problem.temperature for problem in group}
        summaries.append(
            ExperimentSummary(
                experiment=experiment,
                language=_one_or_mixed({problem.language for problem in group}),
                model=_one_or_mixed({problem.model for problem in group}),
                temperature=_one_or_mixed(temperatures) if temperatures != {None} else None,
                problems=len(group),
                min_samples=min_samples,
                max_samples=max(problem.samples for problem in group),
                pass_at={
                    k: sum(pass_at_k(problem.samples, problem.passed, k) for problem in group) / len(group)
                    for k in reportable_ks(min_samples, ks)
                },
                statuses=statuses,
            )
        )
    return summaries


def _samples_text(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def experiment_rows(summaries: Sequence[ExperimentSummary], ks: Sequence[int] = STANDARD_KS) -> list[dict[str, Any]]:
    """Flat records (one per experiment) for CSV and JSON; pass@k as fractions, None where n is too small."""
    rows = []
    for summary in summaries:
        row: dict[str, Any] = {
            "experiment": summary.experiment,
            "language": summary.language,
            "model": summary.model,
            "temperature": summary.temperature,
            "problems": summary.problems,
            "min_samples": summary.min_samples,
            "max_samples": summary.max_samples,
        }
        row.update({f"pass@{k}": summary.pass_at.get(k) for k in ks})
        row.update({status: summary.statuses.get(status, 0) for status in _status_columns(summary.statuses)})
        rows.append(row)
    return rows


def problem_rows(problems: Sequence[ProblemResult], ks: Sequence[int] = STANDARD_KS) -> list[dict[str, Any]]:
    """Flat records (one per problem) for the ``--by-problem`` view."""
    rows = []
    for problem in sorted(problems, key=lambda item: (item.experiment, item.name)):
        row: dict[str, Any] = {
            "experiment": problem.experiment,
            "problem": problem.name,
            "language": problem.language,
            "samples": problem.samples,
            "passed": problem.passed,
        }
        row.update({f"pass@{k}": problem.pass_at(k) for k in ks})
        row.update({status: problem.statuses.get(status, 0) for status in _status_columns(problem.statuses)})
        rows.append(row)
    return rows


def _status_columns(statuses: Counter[str]) -> list[str]:
    """Our statuses in a fixed order, then any other status a foreign file used."""
    return list(STATUSES) + sorted(set(statuses) - set(STATUSES))


def write_rows(rows: Sequence[dict[str, Any]], csv_path: Path, json_path: Path) -> None:
    """Write the same records as CSV and as a JSON list."""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    with atomic_open(csv_path, "w") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval=0)
        writer.writeheader()
        writer.writerows({key: ("" if value is None else value) for key, value in row.items()} for row in rows)
    atomic_write_text(json_path, json.dumps(list(rows), indent=2) + "\n")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


_USUAL_STATUSES = [status.value for status in (Status.OK, Status.SYNTAX_ERROR, Status.ASSERTION_ERROR, Status.EXCEPTION, Status.TIMEOUT)]
_DESCRIPTIVE_KEYS = {"experiment", "problem", "language", "model", "temperature", "problems", "min_samples", "max_samples", "samples", "passed"}


def _present_statuses(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Status columns worth showing: OK, and every other status that occurred."""
    others = {
        key
        for row in rows
        for key, value in row.items()
        if key not in _DESCRIPTIVE_KEYS and not key.startswith("pass@") and key not in _USUAL_STATUSES and value
    }
    usual = [status for status in _USUAL_STATUSES if status == Status.OK.value or any(row.get(status) for row in rows)]
    return usual + sorted(others)


def render_table(rows: Sequence[dict[str, Any]], title: str, ks: Sequence[int] = STANDARD_KS) -> Table:
    """A Rich table of experiment rows (or problem rows): pass@k in percent, then status counts."""
    by_problem = bool(rows) and "problem" in rows[0]
    table = Table(title=title)
    if by_problem:
        leading = ["experiment", "problem", "language", "samples", "passed"]
    else:
        leading = ["experiment", "language", "model", "temperature", "problems", "samples"]
    for column in leading:
        table.add_column(column, justify="right" if column in {"problems", "samples", "passed", "temperature"} else "left")
    shown_ks = [k for k in ks if any(row.get(f"pass@{k}") is not None for row in rows)] or [ks[0]]
    for k in shown_ks:
        table.add_column(f"pass@{k} %", justify="right")
    statuses = _present_statuses(rows)
    for status in statuses:
        table.add_column(status, justify="right")
    for row in rows:
        cells = []
        for column in leading:
            if column == "samples" and not by_problem:
                cells.append(_samples_text(row["min_samples"], row["max_samples"]))
            else:
                value = row.get(column)
                cells.append("-" if value is None else str(value))
        cells.extend(_percent(row.get(f"pass@{k}")) for k in shown_ks)
        cells.extend(str(row.get(status, 0)) for status in statuses)
        table.add_row(*cells)
    return table
