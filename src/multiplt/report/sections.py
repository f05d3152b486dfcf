"""What each section of the report shows, computed from a loaded run (no HTML here).

Every function returns plain data plus the notes that explain what is missing, so a
partial run (a stage not yet run, an empty language, a counter no stage kept) gives a
section with a note instead of an error.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from multiplt.pipeline.status import StageState
from multiplt.records import Record
from multiplt.report.loading import RunContent, StageRecords, field_text, walk_up


@dataclass
class StageRow:
    """One row of the funnel: a stage's parts, records in and out, and drops by reason."""

    name: str
    kind: str
    parts_done: int
    parts_total: int | None
    records_in: int
    records_out: int
    dropped: dict[str, int]
    seconds: float
    note: str = ""


def _stage_note(stage: StageState) -> str:
    if not stage.started:
        return "not run yet"
    if stage.parts_done == 0:
        return "started, no part done yet"
    if stage.parts_total is None:
        return "in progress (its input is not finished)"
    if stage.parts_done < stage.parts_total:
        return f"in progress: {stage.parts_total - stage.parts_done} of {stage.parts_total} parts left"
    if stage.records_out == 0:
        return "finished with no records out"
    return ""


def funnel_rows(content: RunContent) -> list[StageRow]:
    """The funnel over stages: one row per stage, source first."""
    return [
        StageRow(name=stage.name, kind=stage.kind, parts_done=stage.parts_done, parts_total=stage.parts_total,
                 records_in=stage.records_in, records_out=stage.records_out, dropped=stage.dropped,
                 seconds=stage.seconds, note=_stage_note(stage))
        for stage in content.state.stages
    ]


@dataclass
class LanguageCell:
    """One language at one stage: records in and out, and that language's drops by reason."""

    records_in: int | None
    records_out: int
    dropped: dict[str, int]


@dataclass
class LanguageFunnel:
    """Records per language over the per-language stages."""

    stages: list[str]
    languages: list[str]
    cells: dict[tuple[str, str], LanguageCell]
    notes: list[str] = field(default_factory=list)


def language_funnel(content: RunContent) -> LanguageFunnel:
    """Per language, per stage from the first per-language one: records in, out, drops."""
    languages = content.languages()
    stages = content.language_stages()
    notes: list[str] = []
    if not stages:
        notes.append("no stage has per-language records yet (translate has not run or kept nothing)")
        return LanguageFunnel([], languages, {}, notes)
    first_index = content.stages.index(stages[0])
    chain = content.stages[first_index:]
    cells: dict[tuple[str, str], LanguageCell] = {}
    previous_out: dict[str, int] | None = None
    before = content.stages[first_index - 1] if first_index > 0 else None
    for stage in chain:
        counts = Counter(str(record.get("language")) for record in stage.records if record.get("language"))
        for language in languages:
            if previous_out is None:
                # The first per-language stage is offered every record of the stage before it, once per language.
                records_in = before.state.records_out if before is not None and stage.state.started else None
            else:
                records_in = previous_out.get(language, 0)
            cells[(stage.name, language)] = LanguageCell(records_in=records_in if stage.state.started else None,
                                                         records_out=counts.get(language, 0),
                                                         dropped=stage.state.dropped_for(language))
        previous_out = dict(counts)
    for language in languages:
        if all(cells[(stage.name, language)].records_out == 0 for stage in chain[-1:]):
            notes.append(f"{language}: no records reach the last stage ({chain[-1].name})")
    return LanguageFunnel([stage.name for stage in chain], languages, cells, notes)


@dataclass
class CostRow:
    """LLM tokens, LLM time and sandbox time of one stage (None: the stage kept no such counter)."""

    stage: str
    llm_tokens: int | None
    llm_seconds: float | None
    sandbox_seconds: float | None


@dataclass
class Costs:
    """Costs per stage and per validated item, overall and per language."""

    rows: list[CostRow]
    validated_stage: str | None
    validated: int
    validated_by_language: dict[str, int]
    per_item: dict[str, float | None]
    per_item_by_language: dict[str, dict[str, float | None]]
    notes: list[str] = field(default_factory=list)


def _total(values: list[float | int | None]) -> float | None:
    kept = [value for value in values if value is not None]
    return float(sum(kept)) if kept else None


def _per(total: float | None, count: int) -> float | None:
    return None if total is None or count == 0 else total / count


def validated_stage(content: RunContent) -> StageRecords | None:
    """The stage whose records are validated solutions: validate, else the dataset."""
    return content.role("validate") or content.role("dedup") or content.role("dataset")


def passing_solutions(record: Record) -> int:
    """Validated solutions a record stands for: its ``passed`` count, else its passing ``solutions``, else 1."""
    passed = record.get("passed")
    if isinstance(passed, int) and not isinstance(passed, bool):
        return passed
    solutions = record.get("solutions")
    if isinstance(solutions, list):
        return sum(1 for solution in solutions if isinstance(solution, dict) and solution.get("passed"))
    return 1


def costs(content: RunContent) -> Costs:
    """What the run spent per stage, and per validated item."""
    notes: list[str] = []
    rows = [CostRow(stage.name, stage.llm_tokens(), stage.llm_seconds(), stage.sandbox_seconds())
            for stage in content.state.stages]
    validated = validated_stage(content)
    by_language: Counter[str] = Counter()
    for record in validated.records if validated else []:
        by_language[str(record.get("language"))] += passing_solutions(record)
    count = sum(by_language.values())
    if validated is None or not validated.state.parts_done:
        notes.append("no validate stage has run: costs per validated item are not known yet")
    elif count == 0:
        notes.append(f"stage {validated.name!r} validated no item: costs per item are not defined")
    if all(row.llm_tokens is None and row.llm_seconds is None and row.sandbox_seconds is None for row in rows):
        notes.append("no stage kept llm.* or sandbox.* counters (docs/records.md), so costs are not recorded")
    totals = {
        "llm_tokens": _total([row.llm_tokens for row in rows]),
        "llm_seconds": _total([row.llm_seconds for row in rows]),
        "sandbox_seconds": _total([row.sandbox_seconds for row in rows]),
    }
    per_item = {key: _per(value, count) for key, value in totals.items()}
    per_language: dict[str, dict[str, float | None]] = {}
    for language in content.languages():
        stages = content.state.stages
        language_totals = {
            "llm_tokens": _total([stage.llm_tokens(language) for stage in stages]),
            "llm_seconds": _total([stage.llm_seconds(language) for stage in stages]),
            "sandbox_seconds": _total([stage.sandbox_seconds(language) for stage in stages]),
        }
        per_language[language] = {key: _per(value, by_language.get(language, 0))
                                  for key, value in language_totals.items()}
    return Costs(rows, validated.name if validated else None, count, dict(by_language), per_item, per_language,
                 notes)


@dataclass
class ExecutionTimes:
    """Sandbox use per language: programs by status from counters, and seconds per program from the records."""

    programs: dict[str, dict[str, int]]
    """language -> status -> programs, from ``<lang>/status.<status>`` counters."""
    seconds: dict[str, float | None]
    """language -> sandbox seconds, from ``<lang>/sandbox.ms`` counters where a stage keeps them."""
    verdict_seconds: dict[str, list[float]]
    """language -> seconds of each judged program the validated records keep (``solutions`` or ``verdict``)."""
    notes: list[str] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        """Every language with something to show."""
        return sorted(set(self.programs) | {key for key, value in self.seconds.items() if value is not None}
                      | set(self.verdict_seconds))


def _record_seconds(record: Record) -> list[float]:
    solutions = record.get("solutions")
    if isinstance(solutions, list):
        return [float(solution["seconds"]) for solution in solutions
                if isinstance(solution, dict) and isinstance(solution.get("seconds"), (int, float))]
    verdict = record.get("verdict")
    seconds = verdict.get("seconds") if isinstance(verdict, dict) else record.get("seconds")
    return [float(seconds)] if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else []


def execution_times(content: RunContent) -> ExecutionTimes:
    """Execution time per target language."""
    programs: dict[str, dict[str, int]] = defaultdict(dict)
    seconds: dict[str, float | None] = {}
    for language in content.languages():
        prefix = f"{language}/status."
        for stage in content.state.stages:
            for key, value in stage.counters.items():
                if key.startswith(prefix):
                    status = key.removeprefix(prefix)
                    programs[language][status] = programs[language].get(status, 0) + value
        seconds[language] = _total([stage.sandbox_seconds(language) for stage in content.state.stages])
    verdict_seconds: dict[str, list[float]] = defaultdict(list)
    validated = validated_stage(content)
    for record in validated.records if validated else []:
        if record.get("language"):
            verdict_seconds[str(record.get("language"))].extend(_record_seconds(record))
    times = ExecutionTimes(dict(programs), seconds, dict(verdict_seconds))
    if not times.languages:
        times.notes.append("no per-language sandbox counters (<lang>/status.*, <lang>/sandbox.ms) "
                           "and no program times in the validated records yet")
    elif validated is not None and verdict_seconds:
        times.notes.append(f"seconds per program: every judged sample of the problems {validated.name!r} kept "
                           "(problems with no passing sample are dropped there, and their times with them)")
    return times


BIN_LABELS = [f"{10 * low}-{10 * low + 10}%" for low in range(10)]


def ten_bins(values: list[float]) -> list[int]:
    """Counts of fractions in bins 0-10%, ..., 90-100%; each bin holds its lower edge, the last both edges."""
    counts = [0] * 10
    for value in values:
        counts[min(9, int(value * 10 + 1e-9))] += 1
    return counts


@dataclass
class Distribution:
    """Values for a histogram, and why there are none when there are none."""

    values: list[float]
    by_language: dict[str, list[float]] = field(default_factory=dict)
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def binned(self) -> dict[str, list[int]]:
        """Ten-bin counts per language, or one group ``all`` when the values have no language."""
        groups = self.by_language or {"all": self.values}
        return {name: ten_bins(values) for name, values in groups.items()}


def _fraction(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0.0 <= value <= 1.0 else None


def coverage_distribution(content: RunContent) -> Distribution:
    """Line coverage of each tested function under its passing tests."""
    testgen = content.role("testgen")
    if testgen is None or not testgen.records:
        return Distribution([], notes=["no tested functions yet (testgen has not run or kept none)"])
    values: list[float] = []
    missing = 0
    for record in testgen.records:
        coverage = record.get("coverage")
        line = _fraction(coverage.get("line")) if isinstance(coverage, dict) else None
        if line is None:
            missing += 1
        else:
            values.append(line)
    notes = [f"{missing} tested functions have no coverage.line"] if missing else []
    return Distribution(values, source=f"stage {testgen.name!r}, field coverage.line", notes=notes)


def _problem_key(record: Record) -> tuple[str, str]:
    return str(record.get("language")), str(record.get("name") or record.get("function_id") or record.id)


def pass_rate_distribution(content: RunContent) -> Distribution:
    """The fraction of samples that passed, per problem (function x language); problems none passed count 0."""
    generate, validate = content.role("generate"), content.role("validate")
    if generate is not None and validate is not None and generate.records and validate.state.parts_done:
        validated_parts = set(validate.parts)
        rates: dict[tuple[str, str], float] = {}
        for record in validate.records:
            rate = _fraction(record.get("pass_rate"))
            if rate is not None:
                rates[_problem_key(record)] = rate
        for index, records in generate.parts.items():
            if index not in validated_parts:
                continue
            for record in records:
                rates.setdefault(_problem_key(record), 0.0)
        if rates:
            return _by_language(rates, f"pass_rate of {validate.name!r}; problems it dropped "
                                       f"(no sample passed) count as 0")
    for role in ("dataset", "dedup", "validate"):
        stage = content.role(role)
        if stage is None:
            continue
        rates = {}
        for record in stage.records:
            rate = _fraction(record.get("pass_rate"))
            if rate is not None and record.get("language"):
                rates.setdefault(_problem_key(record), rate)
        if rates:
            return _by_language(rates, f"stage {stage.name!r}, field pass_rate (problems that kept a solution)")
    return Distribution([], notes=["no pass rates yet: generate and validate have not both run"])


def _by_language(rates: dict[tuple[str, str], float], source: str) -> Distribution:
    by_language: dict[str, list[float]] = defaultdict(list)
    for (language, _name), rate in sorted(rates.items()):
        by_language[language].append(rate)
    return Distribution([rate for _key, rate in sorted(rates.items())], dict(by_language), source)


@dataclass
class Translation:
    """One validated solution of a sample function in one language."""

    language: str
    text: str
    detail: str


@dataclass
class SampleItem:
    """A tested Python function with its tests and its validated translations."""

    name: str
    source: str
    tests: list[str]
    coverage: float | None
    translations: dict[str, Translation]


def _first_passing(record: Record) -> dict[str, Any] | None:
    solutions = record.get("solutions")
    if isinstance(solutions, list):
        return next((solution for solution in solutions if isinstance(solution, dict) and solution.get("passed")), None)
    return None


def _solution_text(record: Record) -> str | None:
    content = field_text(record, "content")
    if content is not None:
        return content
    kept = record.get("kept")
    if isinstance(kept, list) and kept and isinstance(kept[0], dict) and isinstance(kept[0].get("content"), str):
        return str(kept[0]["content"])
    passing = _first_passing(record)
    prompt = field_text(record, "prompt")
    if passing is not None and isinstance(passing.get("completion"), str):
        return (prompt or "") + passing["completion"]
    program = field_text(record, "program")
    if program is not None:
        return program
    completion = field_text(record, "completion")
    return (prompt or "") + completion if completion is not None else None


def _solution_detail(record: Record) -> str:
    verdict = record.get("verdict")
    if not isinstance(verdict, dict):
        verdict = _first_passing(record) or {"status": record.get("status"), "seconds": record.get("seconds")}
    parts = []
    if verdict.get("status"):
        exit_code = verdict.get("exit_code")
        parts.append(str(verdict["status"]) + (f", exit {exit_code}" if exit_code is not None else ""))
    if isinstance(verdict.get("seconds"), (int, float)):
        parts.append(f"{verdict['seconds']:.3f}s")
    rate = _fraction(record.get("pass_rate"))
    if rate is not None:
        parts.append(f"pass rate {rate:.0%}")
    return ", ".join(parts)


@dataclass
class Samples:
    """The sample table, and why it is short or empty."""

    items: list[SampleItem]
    languages: list[str]
    source: str = ""
    notes: list[str] = field(default_factory=list)


def sample_items(content: RunContent, limit: int = 8) -> Samples:
    """Up to ``limit`` tested functions with the most validated languages, each with one solution per language."""
    testgen = content.role("testgen")
    solutions_stage = content.role("dataset") or validated_stage(content)
    languages = content.languages()
    if testgen is None or not testgen.records:
        return Samples([], languages, notes=["no tested functions yet, so no samples"])
    functions = {record.id: record for record in testgen.records}
    chosen: dict[str, dict[str, Record]] = defaultdict(dict)
    if solutions_stage is not None:
        by_id = content.records_by_id()
        for record in solutions_stage.records:
            language = record.get("language")
            if not language:
                continue
            function_id = record.get("function_id")
            owners = [function_id] if function_id in functions else list(walk_up(record, by_id, set(functions)))
            for owner in owners[:1]:
                chosen[owner].setdefault(str(language), record)
    notes: list[str] = []
    if solutions_stage is None:
        notes.append("no validated solutions yet: the table shows tested functions only")
    elif not chosen:
        notes.append(f"stage {solutions_stage.name!r} has no solution linked to a tested function")
    ranked = sorted(functions.values(), key=lambda record: (-len(chosen.get(record.id, {})),
                                                            str(record.get("name")), record.id))
    items = []
    for record in ranked[:limit]:
        coverage = record.get("coverage")
        translations = {
            language: Translation(language, _solution_text(solution) or "(no text field in this record)",
                                  _solution_detail(solution))
            for language, solution in sorted(chosen.get(record.id, {}).items())
        }
        tests = record.get("tests")
        items.append(SampleItem(
            name=str(record.get("name") or record.id),
            source=field_text(record, "source") or field_text(record, "program") or "(no source field)",
            tests=[str(test) for test in tests] if isinstance(tests, list) else [],
            coverage=_fraction(coverage.get("line")) if isinstance(coverage, dict) else None,
            translations=translations,
        ))
    source = f"functions from {testgen.name!r}"
    if solutions_stage is not None:
        source += f", solutions from {solutions_stage.name!r}"
    return Samples(items, languages, source, notes)
