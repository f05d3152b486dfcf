"""The record that crosses stage boundaries, its stable id, and its Arrow form.

A record is a JSON-like mapping of fields plus two pieces of bookkeeping: ``id``, a
digest of the record's content and lineage, and ``parents``, the ids of the records
it was made from. Because the id depends only on content and lineage (never on the
time, the worker or the order of work), a run that was killed and resumed produces
exactly the ids an uninterrupted run produces.

On disk a record is one row of a Parquet part with three columns: ``id``,
``parents`` and ``data`` (the fields as canonical JSON). One fixed schema keeps every
part of every stage readable as one table, whatever fields a stage writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

ID_HEX_CHARS = 24  # 96 bits: collisions are out of reach for billions of records

ARROW_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("parents", pa.list_(pa.string()), nullable=False),
        pa.field("data", pa.string(), nullable=False),
    ]
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: equal values give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_id(data: Mapping[str, Any], parents: Sequence[str] = (), stage: str = "") -> str:
    """The stable id of a record: a digest of the stage that made it, its parents' ids and its fields."""
    digest = hashlib.sha256()
    digest.update(canonical_json({"stage": stage, "parents": list(parents), "data": data}).encode("utf-8"))
    return digest.hexdigest()[:ID_HEX_CHARS]


@dataclass(frozen=True)
class Record:
    """One item moving through the pipeline: fields plus content-and-lineage id."""

    id: str
    data: Mapping[str, Any]
    parents: tuple[str, ...] = field(default=())

    @classmethod
    def root(cls, data: Mapping[str, Any], source: str = "") -> Record:
        """A record read from outside the pipeline: no parents; the id is its content's digest."""
        fields = dict(data)
        return cls(id=record_id(fields, (), source), data=fields, parents=())

    def derive(self, data: Mapping[str, Any], stage: str) -> Record:
        """A record made by ``stage`` from this one; its id depends on both."""
        return derive(data, [self], stage)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        """A field's value, or ``default`` when the record has no such field."""
        return self.data.get(key, default)


def derive(data: Mapping[str, Any], parents: Sequence[Record], stage: str) -> Record:
    """A record made by ``stage`` from several parents (a merge, a group, a join)."""
    fields = dict(data)
    parent_ids = tuple(parent.id for parent in parents)
    return Record(id=record_id(fields, parent_ids, stage), data=fields, parents=parent_ids)


def to_arrow(records: Iterable[Record]) -> pa.Table:
    """A table of records in the fixed three-column schema."""
    ids: list[str] = []
    parents: list[list[str]] = []
    data: list[str] = []
    for record in records:
        ids.append(record.id)
        parents.append(list(record.parents))
        data.append(canonical_json(record.data))
    return pa.table({"id": ids, "parents": parents, "data": data}, schema=ARROW_SCHEMA)


def from_arrow(table: pa.Table) -> list[Record]:
    """Records back from a table written by :func:`to_arrow`."""
    columns = table.select(["id", "parents", "data"]).to_pydict()
    return [
        Record(id=record_id_, data=json.loads(data), parents=tuple(parents))
        for record_id_, parents, data in zip(columns["id"], columns["parents"], columns["data"], strict=True)
    ]
