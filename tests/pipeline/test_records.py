"""Record ids depend on content and lineage only; records survive the trip through Arrow."""

from __future__ import annotations

from multiplt.records import Record, derive, from_arrow, record_id, to_arrow


def test_root_id_ignores_key_order() -> None:
    assert Record.root({"a": 1, "b": [1, 2]}).id == Record.root({"b": [1, 2], "a": 1}).id


def test_root_id_changes_with_content() -> None:
    assert Record.root({"a": 1}).id != Record.root({"a": 2}).id


def test_derived_id_depends_on_parent() -> None:
    first, second = Record.root({"n": 1}), Record.root({"n": 2})
    assert first.derive({"x": 0}, stage="s").id != second.derive({"x": 0}, stage="s").id


def test_derived_id_depends_on_stage_name() -> None:
    parent = Record.root({"n": 1})
    assert parent.derive({"x": 0}, stage="filter").id != parent.derive({"x": 0}, stage="dedup").id


def test_derived_record_lists_its_parents() -> None:
    first, second = Record.root({"n": 1}), Record.root({"n": 2})
    merged = derive({"sum": 3}, [first, second], stage="merge")
    assert merged.parents == (first.id, second.id)


def test_id_is_a_digest_not_a_counter() -> None:
    assert record_id({"n": 1}) == record_id({"n": 1}, (), "")
    assert len(record_id({"n": 1})) == 24


def test_arrow_round_trip_keeps_ids_parents_and_fields() -> None:
    parent = Record.root({"text": "é ✓", "nested": {"k": [1, None, 2.5]}, "flag": True})
    records = [parent, parent.derive({"text": "x"}, stage="s")]
    assert from_arrow(to_arrow(records)) == records


def test_arrow_schema_is_fixed_whatever_the_fields() -> None:
    assert to_arrow([Record.root({"a": 1})]).schema == to_arrow([Record.root({"b": "x", "c": [1]})]).schema
