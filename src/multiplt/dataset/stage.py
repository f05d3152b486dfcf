"""The ``dataset`` stage: deduplicated problems -> one record per training row, and the export.

Each part's rows are kept in ``<stage>/_rows/part-NNNNN.jsonl``. The export
(``export.write_exports``) is built from every part's rows, under a file lock, once
the rows of every input part are there: the runner starts a stage only when the
stage before it is complete, so the input's part count is known, and the export is
written once per run instead of once per part (a part re-run after a kill rebuilds
it). Where the input folder cannot be found (the stage driven outside a run, with no
``config.toml``), every part rebuilds it. The funnel on the card comes from the
``<lang>/...`` counters every stage of the run keeps in its done markers; rows the
optional pass across problems drops are written, with their reason and the row they
duplicate, to ``<stage>/_dropped/cross_problem.jsonl``. The export needs a run folder on local disk
(a file lock, a ``datasets`` folder written whole): on object storage the stage refuses
to start, saying how to go on from a local copy.
"""

from __future__ import annotations

import fcntl
import json
import tomllib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from multiplt.dataset.export import cross_problem_pass, dataset_card, rows_of, write_exports
from multiplt.io import atomic_write_text
from multiplt.pipeline.parts import DONE_DIR, part_indices, part_name
from multiplt.pipeline.stage import Context, Stage
from multiplt.pipeline.status import SOURCE_FOLDER
from multiplt.records import Record
from multiplt.storage import RemoteNotSupported, is_remote
from multiplt.translate.dedup import CROSS_PROBLEM_THRESHOLD

ROWS_DIR = "_rows"
DROPPED_DIR = "_dropped"
CROSS_PROBLEM_FILE = "cross_problem.jsonl"


class DatasetOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cross_problem: bool = Field(False, description="also drop near duplicates across problems (groups of 200)")
    cross_threshold: float = Field(CROSS_PROBLEM_THRESHOLD, ge=0, le=1)
    hf: bool = Field(True, description="write a datasets save_to_disk folder (hf/)")


class DatasetStage(Stage):
    """Deduplicated problems -> rows (``content`` + provenance), exported as JSONL, Parquet, HF folder, card."""

    name = "dataset"
    requires = ("datasets",)
    install_hint = "pip install 'multiplt[dataset]'"
    Options: ClassVar[type[BaseModel]] = DatasetOptions

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self.options = DatasetOptions.model_validate(options)
        self._rows: list[dict[str, Any]] = []
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        if is_remote(ctx.run_dir):
            raise RemoteNotSupported(
                f"the dataset stage needs a run folder on local disk, not {ctx.run_dir}; run with --until the stage "
                f"before it, copy the folder to local disk (e.g. aws s3 sync {ctx.run_dir} runs/{ctx.run_dir.name}) "
                "and go on there with --runs-dir runs --from " + ctx.stage)
        self._ctx = ctx
        self._rows = []

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        for record in batch:
            for row in rows_of(record.data):
                ctx.count(f"{row['language']}/rows")
                self._rows.append(row)
                yield record.derive(row, stage=ctx.stage)

    def teardown(self) -> None:
        if self._ctx is None:
            return
        folder = self._ctx.run_dir / self._ctx.stage
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in self._rows)
        atomic_write_text(folder / ROWS_DIR / f"{part_name(self._ctx.part)}.jsonl", lines)
        inputs = input_parts(self._ctx.run_dir, self._ctx.stage)
        if inputs is None or inputs <= rows_parts(folder):
            assemble(folder, self._ctx.run_dir, self.options)


def rows_parts(folder: Path) -> set[int]:
    """The part indices whose rows are kept in ``folder/_rows``."""
    return {int(path.stem.removeprefix("part-")) for path in (folder / ROWS_DIR).glob("part-*.jsonl")}


def input_parts(run_dir: Path, stage: str) -> set[int] | None:
    """The part indices of ``stage``'s input folder (the stage before it in the run's
    ``config.toml``, or the source), or None when the config does not say."""
    names = [SOURCE_FOLDER] + [str(entry.get("name") or entry.get("kind")) for entry in _configured_stages(run_dir)]
    if stage not in names[1:]:
        return None
    folder = run_dir / names[names.index(stage, 1) - 1]
    return set(part_indices(folder)) if folder.is_dir() else None


def assemble(folder: Path, run_dir: Path, options: DatasetOptions = DatasetOptions()) -> dict[str, int]:
    """Rebuild the export in ``folder`` from every part's rows; returns rows per language."""
    lock_path = folder / ROWS_DIR / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = [json.loads(line) for path in sorted((folder / ROWS_DIR).glob("part-*.jsonl"))
                for line in path.read_text(encoding="utf-8").splitlines() if line]
        rows.sort(key=lambda row: (row["language"], row["name"], row["solution"]))
        cross_dropped: list[dict[str, Any]] = []
        if options.cross_problem:
            rows, cross_dropped = cross_problem_pass(rows, options.cross_threshold)
        dropped_path = folder / DROPPED_DIR / CROSS_PROBLEM_FILE
        if cross_dropped:
            text = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in cross_dropped)
            atomic_write_text(dropped_path, text)
        else:
            dropped_path.unlink(missing_ok=True)
        counters = run_counters(run_dir, skip=folder.name)
        counts = Counter(row["language"] for row in rows)
        settings = {"stages": _configured_stages(run_dir), "dataset": options.model_dump(),
                    "models": sorted({row["model"] for row in rows if row.get("model")}),
                    "sampling": sorted({row["sampling"] for row in rows if row.get("sampling")})}
        card = dataset_card(counts, counters, settings, len(cross_dropped))
        return write_exports(rows, folder, card=card, hf=options.hf)


def run_counters(run_dir: Path, skip: str = "") -> Counter[str]:
    """The counters of every done part of every stage folder in ``run_dir`` (``skip`` excluded), summed."""
    total: Counter[str] = Counter()
    for marker in sorted(run_dir.glob(f"*/{DONE_DIR}/part-*")):
        if marker.parent.parent.name == skip:
            continue
        try:
            total.update(json.loads(marker.read_text(encoding="utf-8")).get("counters", {}))
        except (OSError, json.JSONDecodeError):
            continue  # a marker is written whole; an unreadable one belongs to no finished part
    return total


def _configured_stages(run_dir: Path) -> list[dict[str, Any]]:
    config = run_dir / "config.toml"
    if not config.is_file():
        return []
    try:
        return list(tomllib.loads(config.read_text(encoding="utf-8")).get("stages", []))
    except tomllib.TOMLDecodeError:
        return []
