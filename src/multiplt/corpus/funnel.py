"""The mining funnel: how many files and functions are left after each of the mine stage's filters.

The ``mine`` stage counts what it saw (``files``, ``functions``, ``with_docstring``) and what
each filter dropped (``dropped.<reason>``); the funnel subtracts the drops in the order the
filters run (`mine.mine_file`), so each row is what passed every filter above it.
"""

from __future__ import annotations

from collections.abc import Mapping

# (row label, the drop reasons of the filters that row has passed), in the stage's order.
_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("plain signature, returning a value", ("too_deep", "unsupported_signature", "decorated",
                                            "no_return_value", "generator")),
    ("no TODO, ASCII, not trivial", ("todo", "non_ascii", "trivial")),
    ("licence allowed", ("license",)),
    ("self-contained", ("not_self_contained", "third_party_import")),
    ("not contaminated", ("contaminated",)),
)


def mine_funnel(counters: Mapping[str, int], deduplicated: int | None = None) -> list[tuple[str, int]]:
    """(label, count) rows from the ``mine`` stage's counters, and ``mine_dedup``'s output when it ran."""
    rows = [("files", counters.get("files", 0)), ("top-level functions", counters.get("functions", 0)),
            ("with a docstring", counters.get("with_docstring", 0))]
    left = rows[-1][1]
    for label, reasons in _STEPS:
        dropped = sum(counters.get(f"dropped.{reason}", 0) for reason in reasons)
        if label == "licence allowed" and not dropped:
            continue  # no allow-list given: a row equal to the one above says nothing
        left -= dropped
        rows.append((label, left))
    if "type_checked" in counters or counters.get("dropped.type_error") or counters.get("dropped.type_check_failed"):
        rows.append(("type-checked", counters.get("type_checked", 0)))
    if deduplicated is not None:
        rows.append(("after dedup", deduplicated))
    return rows


def funnel_line(rows: list[tuple[str, int]]) -> str:
    """``files 1,786 -> top-level functions 4,772 -> ...`` on one line."""
    return " -> ".join(f"{label} {count:,}" for label, count in rows)
