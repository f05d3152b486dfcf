"""Exact and near duplicates among mined functions, with a survivor that does not depend on order.

Exact: two functions are duplicates when their ``normalise.normalised_source`` (``ast.unparse``
with the cleaned docstring kept) is the same text: copies that differ only in layout,
comments or quoting. Near: MinHash LSH (``datasketch``) over shingles of ``shingle``
consecutive tokens of that text (string literals split into words); a candidate the index returns is a near duplicate when the
MinHash estimate of the Jaccard similarity is at least ``threshold`` (SelfCodeAlign uses 0.5).

Items are visited in the order of their ``key`` (the caller's: the mine stages use the
provenance's source, path, first line and name), never in input order. The first of each
exact group survives; a later item is a near duplicate of the most similar survivor it
matches (ties: the smallest key), so each dropped item names a survivor that is kept, and
the same input in any order gives the same decisions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from multiplt.corpus.normalise import first_function, normalised_source, tokens

NEAR_THRESHOLD = 0.7
NUM_PERM = 128
SHINGLE = 5
LSH_MAX_THRESHOLD = 0.9
_SEED = 1  # fixed, so the signatures (and the decisions) are the same on every run and machine


@dataclass(frozen=True)
class Item:
    """One function to compare: its id, the key that orders the visit, its normalised text."""

    id: str
    key: tuple[Any, ...]
    text: str


@dataclass(frozen=True)
class Duplicate:
    """Why an item is dropped: ``exact_duplicate`` or ``near_duplicate`` of the survivor ``duplicate_of``."""

    reason: str
    duplicate_of: str
    score: float | None = None  # the estimated Jaccard similarity behind a near duplicate
    survivor_key: tuple[Any, ...] = ()


def normalised_text(source: str) -> str:
    """What exact dedup compares: the function's ``normalised_source``, or the stripped text if it does not parse."""
    node = first_function(source)
    return source.strip() if node is None else normalised_source(node, docstring=True)


def words(text: str) -> list[str]:
    """The tokens of ``text``, a string literal (a docstring) split into its words, so a re-wrapped line
    changes no shingle."""
    return [word for token in tokens(text) for word in (token.split() if token[-1:] in "'\"" else [token])]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The distinct runs of ``size`` words of ``text`` (the whole text when it is shorter)."""
    found = words(text)
    if len(found) <= size:
        return {" ".join(found).encode("utf-8")}
    return {" ".join(found[start:start + size]).encode("utf-8") for start in range(len(found) - size + 1)}


def find_duplicates(items: Iterable[Item], *, near: bool = True, threshold: float = NEAR_THRESHOLD,
                    num_perm: int = NUM_PERM, shingle: int = SHINGLE) -> dict[str, Duplicate]:
    """Every dropped item's id -> why; the items absent from the result survive."""
    ordered = sorted(items, key=lambda item: (item.key, item.id))
    dropped: dict[str, Duplicate] = {}
    first_with: dict[str, Item] = {}
    survivors: list[Item] = []
    for item in ordered:
        digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if digest in first_with:
            survivor = first_with[digest]
            dropped[item.id] = Duplicate("exact_duplicate", survivor.id, survivor_key=survivor.key)
        else:
            first_with[digest] = item
            survivors.append(item)
    if near and survivors:
        near_dropped = _near_duplicates(survivors, threshold, num_perm, shingle)
        for item_id, duplicate in dropped.items():
            if duplicate.duplicate_of in near_dropped:  # its text is the dropped survivor's: the same similarity
                dropped[item_id] = near_dropped[duplicate.duplicate_of]
        dropped.update(near_dropped)
    return dropped


def _near_duplicates(ordered: list[Item], threshold: float, num_perm: int, shingle: int) -> dict[str, Duplicate]:
    from datasketch import MinHash, MinHashLSH

    # The index only proposes candidates and the MinHash estimate decides; datasketch needs two
    # bands or more, which a threshold near 1 does not leave, so candidates are asked for at 0.9 at most.
    lsh = MinHashLSH(threshold=min(threshold, LSH_MAX_THRESHOLD), num_perm=num_perm)
    kept: dict[str, tuple[tuple[Any, ...], MinHash]] = {}
    dropped: dict[str, Duplicate] = {}
    for item in ordered:
        signature = MinHash(num_perm=num_perm, seed=_SEED)
        signature.update_batch(sorted(shingles(item.text, shingle)))
        scored = [(signature.jaccard(kept[other][1]), kept[other][0], other) for other in lsh.query(signature)]
        matches = [(score, key, other) for score, key, other in scored if score >= threshold]
        if matches:
            score, key, other = min(matches, key=lambda match: (-match[0], match[1], match[2]))
            dropped[item.id] = Duplicate("near_duplicate", other, round(score, 4), key)
        else:
            lsh.insert(item.id, signature)
            kept[item.id] = (item.key, signature)
    return dropped
