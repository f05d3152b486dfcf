"""Where a run stands, read from its folder alone: stages, parts done and left, counters.

Everything here comes from what a run leaves on disk (``config.toml``, ``log.jsonl``,
each stage folder's part files and ``_done`` markers), so it works on a run that is
going on, was killed, or was copied from another machine. Nothing is written. What
cannot be read (a stage not yet run, an unreadable marker) becomes a note, never an
exception: ``multiplt status`` and ``multiplt report`` show the notes.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from multiplt import storage
from multiplt.pipeline import parts
from multiplt.pipeline.runlog import read_events

if TYPE_CHECKING:
    from multiplt.storage import RunPath

SOURCE_FOLDER = "source"
SOURCE_COMPLETE = "_complete"
CONFIG_FILE = "config.toml"
LOG_FILE = "log.jsonl"

LLM_TOKEN_COUNTERS = ("llm.prompt_tokens", "llm.completion_tokens")
LLM_MS_COUNTER = "llm.ms"
SANDBOX_MS_COUNTER = "sandbox.ms"
LANGUAGE_SEPARATOR = "/"


@dataclass
class StageState:
    """One stage of a run as its folder shows it (the source is the first "stage")."""

    name: str
    kind: str
    folder: RunPath
    parts_done: int = 0
    parts_total: int | None = None
    """Parts this stage will have: its input's part count, once the input is finished; else None."""
    records_in: int = 0
    records_out: int = 0
    counters: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    started: bool = False

    @property
    def parts_left(self) -> int | None:
        """Parts still to do, or None while the input is unfinished (the total is not known yet)."""
        return None if self.parts_total is None else max(0, self.parts_total - self.parts_done)

    @property
    def complete(self) -> bool:
        """Every part is done and the input is finished."""
        return self.parts_total is not None and self.parts_done >= self.parts_total

    @property
    def dropped(self) -> dict[str, int]:
        """Records dropped over all languages, by reason."""
        return {key.removeprefix("dropped."): value for key, value in sorted(self.counters.items())
                if key.startswith("dropped.") and value}

    def dropped_for(self, language: str) -> dict[str, int]:
        """Records of one language dropped, by reason (from ``<lang>/dropped.<reason>`` counters)."""
        prefix = f"{language}{LANGUAGE_SEPARATOR}dropped."
        return {key.removeprefix(prefix): value for key, value in sorted(self.counters.items())
                if key.startswith(prefix) and value}

    def counter(self, name: str, language: str | None = None) -> int | None:
        """A counter's total over the done parts, or None when no done part kept it."""
        key = name if language is None else f"{language}{LANGUAGE_SEPARATOR}{name}"
        return self.counters[key] if key in self.counters else None

    def llm_tokens(self, language: str | None = None) -> int | None:
        """Prompt plus completion tokens, or None when the stage kept neither counter."""
        values = [self.counter(name, language) for name in LLM_TOKEN_COUNTERS]
        kept = [value for value in values if value is not None]
        return sum(kept) if kept else None

    def llm_seconds(self, language: str | None = None) -> float | None:
        """Seconds spent waiting on the LLM backend, or None when not kept."""
        value = self.counter(LLM_MS_COUNTER, language)
        return None if value is None else value / 1000

    def sandbox_seconds(self, language: str | None = None) -> float | None:
        """Seconds of sandboxed programs (sum of verdict times), or None when not kept."""
        value = self.counter(SANDBOX_MS_COUNTER, language)
        return None if value is None else value / 1000

    def languages_in_counters(self) -> list[str]:
        """The languages named by ``<lang>/...`` counters."""
        return sorted({key.split(LANGUAGE_SEPARATOR, 1)[0] for key in self.counters if LANGUAGE_SEPARATOR in key})


@dataclass
class RunState:
    """A whole run folder: its stages in chain order and what could not be read."""

    run_dir: RunPath
    stages: list[StageState]
    config: dict[str, Any] | None
    events: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def stage(self, name: str) -> StageState | None:
        """The stage of that folder name, or None."""
        return next((stage for stage in self.stages if stage.name == name), None)

    @property
    def finished(self) -> bool:
        """The last run over this folder logged ``run_done`` and every stage is complete."""
        done = any(event.get("event") == "run_done" for event in self.events[-1:])
        return done and all(stage.complete for stage in self.stages)


def _load_config(run_dir: RunPath, notes: list[str]) -> dict[str, Any] | None:
    path = run_dir / CONFIG_FILE
    if not path.exists():
        notes.append(f"{path}: missing; stage order taken from the log or the folders")
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        notes.append(f"{path}: unreadable ({error}); stage order taken from the log or the folders")
        return None


def _stage_kind_name(section: dict[str, Any]) -> tuple[str, str | None]:
    kind = str(section.get("kind", "?"))
    name = section.get("name")
    if name:
        return kind, str(name)
    try:
        # Imported here: the registry imports stage modules, which a plain status need not pay for.
        from multiplt.pipeline.registry import UnknownKindError, resolve_stage

        return kind, resolve_stage(kind).stage_name()
    except UnknownKindError:
        return kind, None
    except Exception:  # noqa: BLE001 - a stage module that fails to import only costs its name here
        return kind, None


def stage_chain(run_dir: RunPath, config: dict[str, Any] | None, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """``(folder name, kind)`` of each configured stage, in chain order (the source excluded)."""
    logged: list[str] = []
    for event in events:
        if event.get("event") == "run_start" and isinstance(event.get("stages"), list):
            logged = [str(name) for name in event["stages"]]
    if config is not None and isinstance(config.get("stages"), list):
        chain: list[tuple[str, str]] = []
        for position, section in enumerate(config["stages"]):
            kind, name = _stage_kind_name(section if isinstance(section, dict) else {})
            if name is None:
                name = logged[position] if position < len(logged) else kind.rpartition(":")[2] or kind
            chain.append((name, kind))
        return chain
    if logged:
        return [(name, name) for name in logged]
    folders = sorted((path for path in run_dir.iterdir() if (path / parts.DONE_DIR).is_dir()
                      and path.name != SOURCE_FOLDER), key=lambda path: path.stat().st_mtime)
    return [(path.name, path.name) for path in folders]


def _read_markers(state: StageState, notes: list[str]) -> None:
    done_dir = state.folder / parts.DONE_DIR
    if not done_dir.is_dir():
        return
    for index in parts.part_indices(state.folder):
        try:
            marker = parts.read_marker(state.folder, index)
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as error:
            notes.append(f"{parts.marker_path(state.folder, index)}: unreadable marker ({type(error).__name__}); "
                         "that part counts as not done")
            continue
        if marker is None:
            continue
        state.parts_done += 1
        state.records_in += marker.records_in
        state.records_out += marker.records_out
        state.counters.update(marker.counters)
        state.seconds += marker.seconds


def read_run(run_dir: RunPath | str) -> RunState:
    """The state of a run folder (local, or a URL on object storage); raises only ``FileNotFoundError``
    when the folder does not exist."""
    run_dir = storage.run_path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"{run_dir}: no such run folder")
    notes: list[str] = []
    config = _load_config(run_dir, notes)
    log_path = run_dir / LOG_FILE
    try:
        events = read_events(log_path) if log_path.exists() else []
    except (OSError, UnicodeDecodeError) as error:
        notes.append(f"{log_path}: unreadable ({error})")
        events = []

    source = StageState(name=SOURCE_FOLDER, kind=str((config or {}).get("source", {}).get("kind", "source")),
                        folder=run_dir / SOURCE_FOLDER)
    source.started = source.folder.is_dir()
    _read_markers(source, notes)
    if (source.folder / parts.DONE_DIR / SOURCE_COMPLETE).exists():
        source.parts_total = len(parts.part_indices(source.folder))
    elif not source.started:
        notes.append(f"{source.folder}: the source has not been read yet")

    stages = [source]
    previous = source
    for name, kind in stage_chain(run_dir, config, events):
        state = StageState(name=name, kind=kind, folder=run_dir / name)
        state.started = state.folder.is_dir()
        _read_markers(state, notes)
        if previous.complete:
            state.parts_total = previous.parts_total
        if not state.started:
            notes.append(f"stage {name!r} has not run yet")
        stages.append(state)
        previous = state
    return RunState(run_dir=run_dir, stages=stages, config=config, events=events, notes=notes)


def state_as_dict(state: RunState) -> dict[str, Any]:
    """The run state as plain data (``multiplt status --json``)."""
    return {
        "run_dir": str(state.run_dir),
        "finished": state.finished,
        "stages": [
            {
                "stage": stage.name,
                "kind": stage.kind,
                "parts_done": stage.parts_done,
                "parts_left": stage.parts_left,
                "records_in": stage.records_in,
                "records_out": stage.records_out,
                "dropped": stage.dropped,
                "llm_tokens": stage.llm_tokens(),
                "llm_seconds": stage.llm_seconds(),
                "sandbox_seconds": stage.sandbox_seconds(),
                "seconds": round(stage.seconds, 3),
            }
            for stage in state.stages
        ],
        "notes": state.notes,
    }


def dumps_state(state: RunState) -> str:
    """:func:`state_as_dict` as indented JSON."""
    return json.dumps(state_as_dict(state), indent=2)
