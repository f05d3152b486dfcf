"""The training set on disk: ``<lang>.jsonl``, ``<lang>.parquet``, a ``datasets`` folder and a card.

Rows have ``content`` (the one column MultiPL-T's published dataset has, so training
scripts written for it read ours) plus provenance: the problem and function, the
source repository, path and license, the tests, the pass rate, the model and sampling
settings, and the solution's verdict. ``hf/`` is a ``datasets.DatasetDict`` with one
split per language (``datasets.load_from_disk``); ``README.md`` is its dataset card,
holding the funnel and the settings. Publishing: ``load_from_disk(folder).push_to_hub(
"user/name")`` (needs a Hugging Face token; not exercised by the tests).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from multiplt.io import atomic_path, atomic_write_bytes, atomic_write_text
from multiplt.translate.dedup import cross_problem_dedup

COLUMNS = ("content", "language", "name", "function", "function_id", "solution", "source", "repository", "path",
           "license", "tests", "pass_rate", "model", "sampling", "status")
# No run time here: it differs between two runs of the same config, and the export must be
# the same bytes whatever run (or killed and resumed run) made it. The validate stage's
# records keep each solution's seconds.


def rows_of(problem: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The dataset rows of one deduplicated problem record: one per kept solution."""
    provenance = problem.get("provenance") or {}
    solutions = problem.get("solutions") or []
    rows = []
    for kept in problem.get("kept", []):
        verdict = solutions[kept["solution"]] if kept["solution"] < len(solutions) else {}
        rows.append({
            "content": kept["content"],
            "language": problem["language"],
            "name": problem["name"],
            "function": problem.get("function"),
            "function_id": problem.get("function_id"),
            "solution": kept["solution"],
            "source": provenance.get("source"),
            "repository": provenance.get("repository"),
            "path": provenance.get("path"),
            "license": provenance.get("license"),
            "tests": problem.get("tests"),
            "pass_rate": float(problem.get("pass_rate", 0.0)),
            "model": problem.get("model"),
            "sampling": json.dumps(problem.get("sampling"), sort_keys=True),
            "status": verdict.get("status"),
        })
    return rows


def cross_problem_pass(
    rows: Sequence[dict[str, Any]], threshold: float, group_size: int = 200
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows without near duplicates across problems (per language, groups of ``group_size``
    in row order); returns the kept rows and a drop entry (reason, detail, which row it
    duplicates) for each row dropped."""
    by_problem: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_problem[(row["language"], row["name"])].append(row)
    kept: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    for language in sorted({key[0] for key in by_problem}):
        keys = sorted(key for key in by_problem if key[0] == language)
        groups = [[row["content"] for row in by_problem[key]] for key in keys]
        flat = [row for key in keys for row in by_problem[key]]
        decisions = cross_problem_dedup(groups, threshold, group_size)
        for key, problem_decisions in zip(keys, decisions, strict=True):
            for row, decision in zip(by_problem[key], problem_decisions, strict=True):
                if decision.kept:
                    kept.append(row)
                    continue
                assert decision.duplicate_of is not None
                original = flat[decision.duplicate_of]
                against = f"{original['name']} solution {original['solution']}"
                dropped.append({
                    "reason": f"cross_problem_{decision.reason}", "language": language, "name": row["name"],
                    "solution": row["solution"], "duplicate_of": {"name": original["name"], "solution": original["solution"]},
                    "score": decision.score,
                    "detail": f"same text as {against}" if decision.score is None
                    else f"ROUGE-L F1 {decision.score:.3f} > {threshold} against {against}",
                })
    return kept, dropped


def write_exports(rows: Sequence[dict[str, Any]], folder: Path, *, card: str, hf: bool = True) -> dict[str, int]:
    """Write ``<lang>.jsonl``, ``<lang>.parquet``, ``hf/`` and ``README.md`` into ``folder``;
    returns the row count per language. Each file is written whole (temp, then rename)."""
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    folder.mkdir(parents=True, exist_ok=True)
    for language, language_rows in sorted(by_language.items()):
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in language_rows)
        atomic_write_text(folder / f"{language}.jsonl", lines)
        sink = pa.BufferOutputStream()
        pq.write_table(_table(language_rows), sink)
        atomic_write_bytes(folder / f"{language}.parquet", sink.getvalue().to_pybytes())
    if hf:
        save_hf_folder(by_language, folder / "hf")
    atomic_write_text(folder / "README.md", card)
    return {language: len(language_rows) for language, language_rows in sorted(by_language.items())}


def _table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    schema = pa.schema([
        (name, pa.float64() if name == "pass_rate" else pa.int64() if name == "solution" else pa.string())
        for name in COLUMNS
    ])
    return pa.Table.from_pylist([{name: row.get(name) for name in COLUMNS} for row in rows], schema=schema)


def save_hf_folder(by_language: Mapping[str, Sequence[dict[str, Any]]], target: Path) -> None:
    """A ``datasets.DatasetDict`` (one split per language) saved with ``save_to_disk``;
    written beside the target and swapped in, so a reader never sees half of it."""
    import datasets

    datasets.disable_progress_bars()  # the runner shows progress; a second bar garbles it
    splits = {language: datasets.Dataset(_table(rows)) for language, rows in sorted(by_language.items())}
    with atomic_path(target) as temporary:
        datasets.DatasetDict(splits).save_to_disk(str(temporary))


FUNNEL_STEPS = (
    ("problems", "problems translated (stub check passed)"),
    ("samples", "samples generated"),
    ("passed", "samples passing (status OK, exit 0)"),
    ("kept", "after TODO, exact and near dedup"),
    ("rows", "rows in the dataset"),
)


def funnel(counters: Mapping[str, int], languages: Iterable[str]) -> dict[str, dict[str, int]]:
    """Per language, the count at each funnel step, from the stages' ``<lang>/<step>`` counters."""
    return {language: {step: int(counters.get(f"{language}/{step}", 0)) for step, _ in FUNNEL_STEPS} for language in languages}


COST_STEPS = (
    ("samples per passing solution", "samples", "passed"),
    ("fixed sampling: samples per passing solution", "sampling.fixed_samples", "passed"),
    ("completion tokens per passing solution", "llm.completion_tokens", "passed"),
    ("fixed sampling: completion tokens per passing solution", "sampling.fixed_completion_tokens", "passed"),
)
# No times: they differ between two runs, and the card must be the same bytes whatever run made it.


def cost_table(counters: Mapping[str, int], languages: Sequence[str]) -> str:
    """A Markdown table, per language, of what one validated (passing) solution cost, beside
    what fixed sampling of ``n`` per problem would have spent; ``n/a`` where a counter is missing."""
    def cell(language: str, name: str, per: str) -> str:
        value, count = counters.get(f"{language}/{name}"), counters.get(f"{language}/{per}", 0)
        if value is None or not count:
            return "n/a"
        return f"{value / count:,.2f}"

    header = "| per passing solution | " + " | ".join(languages) + " |\n|---|" + "---|" * len(languages) + "\n"
    return header + "".join(f"| {label} | " + " | ".join(cell(language, name, per) for language in languages) + " |\n"
                            for label, name, per in COST_STEPS)


def dataset_card(
    counts: Mapping[str, int], counters: Mapping[str, int], settings: Mapping[str, Any], cross_dropped: int = 0
) -> str:
    """The dataset card (README.md): what the data is, the funnel per language, the settings, how to load it."""
    languages = sorted(counts)
    steps = funnel({**counters, **{f"{language}/rows": count for language, count in counts.items()}}, languages)
    header = "| step | " + " | ".join(languages) + " |\n|---|" + "---|" * len(languages) + "\n"
    body = "".join(
        f"| {label} | " + " | ".join(f"{steps[language][step]:,}" for language in languages) + " |\n"
        for step, label in FUNNEL_STEPS
    )
    drops: Counter[str] = Counter()
    for key, value in counters.items():
        if "/dropped." in key:
            drops[key.split("/dropped.", 1)[1]] += value
    drop_lines = "".join(f"- `{reason}`: {count:,}\n" for reason, count in sorted(drops.items())) or "- none\n"
    yaml_configs = "".join(f"  - config_name: {language}\n    data_files: {language}.parquet\n" for language in languages)
    return (
        "---\nlicense: other\ntask_categories:\n- text-generation\ntags:\n- code\n- multipl-t\nconfigs:\n"
        f"{yaml_configs}---\n\n"
        "# MultiPL-T style training data\n\n"
        "Python functions with tests, translated into each target language, completed by a code LLM, and kept\n"
        "only where the completion passes the translated tests (status `OK` and exit code 0), cleaned\n"
        "(no canonical-Python block, no test harness, no `TODO`) and deduplicated (exact, then ROUGE-L\n"
        "within a problem). Made by multiplt.\n\n"
        "## Funnel\n\n" + header + body +
        (f"\nAcross problems, {cross_dropped:,} near duplicates were dropped after dedup.\n" if cross_dropped else "") +
        "\nDropped, by reason (all languages):\n\n" + drop_lines +
        "\n## Cost\n\n" + cost_table(counters, languages) +
        "\nFixed sampling spends `n` samples on every problem; adaptive sampling stops early (a fixed\n"
        "run's two rows equal its first and third). Tokens per language are the language's share of\n"
        "each batch's backend usage (docs/records.md).\n" +
        "\n## Settings\n\n```json\n" + json.dumps(settings, indent=2, sort_keys=True, default=str) + "\n```\n\n"
        "## Columns\n\n`content` is the training text (the column MultiPL-T's published data has). The others are\n"
        "provenance: `language`, `name` (problem), `function`, `function_id`, `solution` (sample index),\n"
        "`source`, `repository`, `path`, `license` (of the Python function), `tests` (the translated test\n"
        "block), `pass_rate` (of the problem's samples), `model`, `sampling` (JSON), `status`.\n\n"
        "## Loading and publishing\n\n```python\nimport datasets\n"
        "data = datasets.load_from_disk(\"hf\")            # a DatasetDict, one split per language\n"
        "lua = datasets.load_dataset(\"parquet\", data_files=\"lua.parquet\")\n"
        "data.push_to_hub(\"user/multiplt-data\")        # needs `huggingface-cli login`\n```\n"
    )
