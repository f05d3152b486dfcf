"""The records of a run, read from its stage folders, and which stage plays which part.

A report needs to know which folder holds the tested functions, which the validated
solutions, which the exported dataset. A stage is recognised by its kind in the run
config (``testgen``, ``validate``, ...), else by the fields its records carry
(``docs/records.md``), so renamed stages and stages from other packages still report.
Unreadable parts become notes; nothing here raises on a bad run folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from multiplt.pipeline import parts
from multiplt.pipeline.status import RunState, StageState, read_run
from multiplt.records import Record

ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "mine": ("mine",),
    "testgen": ("testgen",),
    "translate": ("translate",),
    "generate": ("generate",),
    "validate": ("validate",),
    "dedup": ("dedup",),
    "dataset": ("dataset",),
}


@dataclass
class StageRecords:
    """The records of a stage's done parts (parts without a marker are left out: they may be half-made)."""

    state: StageState
    parts: dict[int, list[Record]] = field(default_factory=dict)

    @cached_property
    def records(self) -> list[Record]:
        """Every record of the done parts, part by part."""
        return [record for index in sorted(self.parts) for record in self.parts[index]]

    @property
    def name(self) -> str:
        """The stage's folder name."""
        return self.state.name

    def languages(self) -> list[str]:
        """Languages named by the records' ``language`` field, sorted."""
        return sorted({str(record.get("language")) for record in self.records if record.get("language")})

    def has_field(self, *names: str) -> bool:
        """Some record carries every one of these fields."""
        return any(all(name in record.data for name in names) for record in self.records[:200])


def _read_stage(state: StageState, notes: list[str]) -> StageRecords:
    loaded = StageRecords(state)
    if not state.folder.is_dir():
        return loaded
    for index in parts.part_indices(state.folder):
        if not parts.marker_path(state.folder, index).exists():
            continue
        path = parts.part_path(state.folder, index)
        try:
            loaded.parts[index] = parts.read_part(path)
        except Exception as error:  # noqa: BLE001 - a corrupt part is a note in the report, not a crash
            notes.append(f"{path}: unreadable part ({type(error).__name__}: {error}); its records are left out")
    return loaded


@dataclass
class RunContent:
    """A run's state (markers and counters) plus the records of each stage."""

    state: RunState
    stages: list[StageRecords]
    notes: list[str]

    def by_name(self, name: str) -> StageRecords | None:
        """The stage with this folder name."""
        return next((stage for stage in self.stages if stage.name == name), None)

    def role(self, role: str) -> StageRecords | None:
        """The stage that plays ``role`` (``testgen``, ``validate``, ``dataset``, ...), or None."""
        for stage in self.stages:
            kind = stage.state.kind.rpartition(":")[2].lower()
            if kind in ROLE_KINDS.get(role, ()) or stage.name == role:
                return stage
        return self._role_by_fields(role)

    def _role_by_fields(self, role: str) -> StageRecords | None:
        candidates = [stage for stage in self.stages if stage.records]
        if role == "testgen":
            return next((stage for stage in candidates if stage.has_field("tests", "coverage")
                         and not stage.has_field("language")), None)
        if role == "dataset":
            return next((stage for stage in reversed(candidates) if stage.has_field("content", "language")), None)
        if role == "validate":
            return next((stage for stage in reversed(candidates) if stage.has_field("language", "verdict")), None)
        return None

    def language_stages(self) -> list[StageRecords]:
        """The stages whose records are per target language, in chain order."""
        return [stage for stage in self.stages if stage.languages()]

    def languages(self) -> list[str]:
        """Every target language any stage's records or counters name."""
        found: set[str] = set()
        for stage in self.stages:
            found.update(stage.languages())
            found.update(stage.state.languages_in_counters())
        return sorted(found)

    def records_by_id(self) -> Mapping[str, Record]:
        """Every loaded record by id."""
        return {record.id: record for stage in self.stages for record in stage.records}


def load_run(run_dir: Path) -> RunContent:
    """Read a run folder: markers, counters, config, log, and the records of every done part."""
    state = read_run(run_dir)
    notes = list(state.notes)
    stages = [_read_stage(stage, notes) for stage in state.stages]
    return RunContent(state=state, stages=stages, notes=notes)


def walk_up(record: Record, by_id: Mapping[str, Record], targets: set[str], limit: int = 64) -> Iterator[str]:
    """The ids in ``targets`` that ``record`` descends from, through its parents."""
    frontier = list(record.parents)
    seen: set[str] = set()
    while frontier and len(seen) < limit * 16:
        parent = frontier.pop()
        if parent in seen:
            continue
        seen.add(parent)
        if parent in targets:
            yield parent
            continue
        ancestor = by_id.get(parent)
        if ancestor is not None:
            frontier.extend(ancestor.parents)


def field_text(record: Record, name: str) -> str | None:
    """A string field, or None when absent or not a string."""
    value: Any = record.get(name)
    return value if isinstance(value, str) else None
