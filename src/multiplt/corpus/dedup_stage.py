"""The ``mine_dedup`` stage: mined functions -> without exact and near duplicates across the whole corpus.

Duplicates are found over every input part at once (``dedup.find_duplicates``), not part by
part: the runner starts this stage once the ``mine`` stage is complete, so the first part to
start reads the whole input folder (``ctx.input_folder``), decides for every function, and
keeps the decisions in ``<stage>/_index/decisions.json`` under a file lock (on this node's
disk when the run folder is on object storage); the other parts
(and a resumed run) read them. Part ``k`` then passes its own survivors on unchanged (same id) and writes its drops,
each naming its survivor's record id (``duplicate_of``) and, for near duplicates, the
estimated Jaccard similarity (``score``), to ``<stage>/_dropped/part-k.jsonl``. Driven
outside a runner (no input folder), it deduplicates within each batch.

Not named ``dedup``: that is the solutions' dedup after validation (``translate/dedup.py``).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from multiplt.corpus.dedup import NEAR_THRESHOLD, NUM_PERM, SHINGLE, Duplicate, Item, find_duplicates, normalised_text
from multiplt.io import atomic_write_text
from multiplt.pipeline import parts
from multiplt.pipeline.droplog import DropLog
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record
from multiplt.storage import local_mirror

if TYPE_CHECKING:
    from multiplt.storage import RunPath

INDEX_DIR = "_index"
DECISIONS_FILE = "decisions.json"


class MineDedupOptions(BaseModel):
    """Options of the ``mine_dedup`` stage."""

    model_config = ConfigDict(extra="forbid")

    near: bool = Field(True, description="also drop near duplicates (MinHash LSH); false: exact duplicates only")
    threshold: float = Field(NEAR_THRESHOLD, gt=0, le=1, description="near duplicate: estimated Jaccard similarity "
                                                                       "of token shingles at least this (SelfCodeAlign: 0.5)")
    shingle: int = Field(SHINGLE, ge=1, description="tokens per shingle")
    num_perm: int = Field(NUM_PERM, ge=16, description="MinHash permutations")


def survivor_key(data: dict[str, Any]) -> tuple[Any, ...]:
    """The order in which functions are visited, so the survivor of a group is the same in any input order."""
    provenance = data.get("provenance") or {}
    return (str(provenance.get("source") or ""), str(provenance.get("path") or ""),
            int((data.get("lines") or [0])[0]), str(data.get("name") or ""))


def _item(record: Record) -> Item:
    return Item(record.id, survivor_key(dict(record.data)), normalised_text(str(record.get("source", ""))))


def _fingerprint(folder: RunPath, options: MineDedupOptions) -> str:
    """What the decisions depend on: the options and every input part's done marker."""
    digest = hashlib.sha256(json.dumps(options.model_dump(), sort_keys=True).encode())
    for index in parts.part_indices(folder):
        marker = parts.marker_path(folder, index)
        digest.update(f"{index}:".encode() + (marker.read_bytes() if marker.exists() else b"-"))
    return digest.hexdigest()


def global_decisions(input_folder: RunPath, stage_folder: RunPath, options: MineDedupOptions) -> dict[str, Duplicate]:
    """The decisions over every record of ``input_folder``: computed once, then read from the stage's index."""
    index = stage_folder / INDEX_DIR
    index.mkdir(parents=True, exist_ok=True)
    # The lock only spares other parts the same work: the decisions are the same whoever makes
    # them. On object storage it lives on this node's disk, so nodes may each compute them once.
    lock_folder = local_mirror(index)
    lock_folder.mkdir(parents=True, exist_ok=True)
    with (lock_folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fingerprint = _fingerprint(input_folder, options)
        path = index / DECISIONS_FILE
        if path.exists():
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("fingerprint") == fingerprint:
                return {key: Duplicate(value["reason"], value["duplicate_of"], value["score"], tuple(value["survivor_key"]))
                        for key, value in saved["dropped"].items()}
        decisions = find_duplicates((_item(record) for record in parts.iter_records(input_folder)),
                                    near=options.near, threshold=options.threshold,
                                    num_perm=options.num_perm, shingle=options.shingle)
        text = json.dumps({"fingerprint": fingerprint,
                           "dropped": {key: vars(value) for key, value in sorted(decisions.items())}})
        atomic_write_text(path, text)
        return decisions


def _describe(key: tuple[Any, ...], record_id: str) -> str:
    if len(key) < 4:
        return record_id
    _, path, line, name = key[:4]
    return f"{name} ({path}:{line}, id {record_id})"


class MineDedupStage(Stage):
    """Mined functions -> one of each group of exact or near duplicates, chosen by provenance, not input order."""

    name = "mine_dedup"
    requires = ("datasketch",)
    install_hint = "pip install datasketch"
    Options: ClassVar[type[BaseModel]] = MineDedupOptions

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self.options = MineDedupOptions.model_validate(options)
        self.drops = DropLog()
        self._decisions: dict[str, Duplicate] | None = None
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        self._ctx = ctx
        self._decisions = None
        if ctx.input_folder is not None:
            self._decisions = global_decisions(ctx.input_folder, ctx.run_dir / ctx.stage, self.options)

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        decisions = self._decisions
        if decisions is None:
            decisions = find_duplicates([_item(record) for record in batch], near=self.options.near,
                                        threshold=self.options.threshold, num_perm=self.options.num_perm,
                                        shingle=self.options.shingle)
        for record in batch:
            duplicate = decisions.get(record.id)
            if duplicate is None:
                ctx.count("unique")
                yield record  # passed on unchanged, so the id a drop names is the survivor's id here too
                continue
            survivor = _describe(duplicate.survivor_key, duplicate.duplicate_of)
            detail = (f"same normalised text as {survivor}" if duplicate.score is None else
                      f"estimated Jaccard {duplicate.score:.3f} >= {self.options.threshold} against {survivor}")
            provenance = record.get("provenance") or {}
            self.drops.add(ctx, duplicate.reason, detail, id=record.id, function=record.get("name"),
                           path=provenance.get("path"), duplicate_of=duplicate.duplicate_of, score=duplicate.score)

    def teardown(self) -> None:
        if self._ctx is not None:
            self.drops.write(self._ctx)
