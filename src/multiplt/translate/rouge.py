"""ROUGE-L F1 as ``rouge-score`` computes it, with a bit-parallel LCS.

``rouge-score`` lowercases, splits on anything that is not ``[a-z0-9]`` and fills a
quadratic LCS table in Python. The tokens and the F1 formula here are the same, so every
score (and every keep/drop decision made from it) is identical; the longest common
subsequence is computed with Allison and Dix's bit-vector recurrence on Python integers,
one big-integer step per token of the shorter text instead of one Python step per cell.
``benchmarks/dedup_speed.py`` measures the difference against ``rouge-score`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def tokens(text: str) -> list[str]:
    """``text`` as ``rouge-score``'s tokenizer (no stemming) splits it: lowercase ``[a-z0-9]+`` runs."""
    return [token for token in _NON_ALPHANUMERIC.sub(" ", text.lower()).split() if token]


class Tokenized:
    """A text's tokens as small integers, with the per-token bit masks the LCS needs."""

    __slots__ = ("length", "masks", "ids")

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = ids
        self.length = len(ids)
        masks: dict[int, int] = {}
        for position, token in enumerate(ids):
            masks[token] = masks.get(token, 0) | (1 << position)
        self.masks = masks


class Vocabulary:
    """Maps tokens to integers, so texts compared with each other share one numbering."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def encode(self, text: str) -> Tokenized:
        """``text``'s tokens as a Tokenized."""
        return Tokenized([self._ids.setdefault(token, len(self._ids)) for token in tokens(text)])


def lcs_length(a: Tokenized, b: Tokenized) -> int:
    """Length of the longest common subsequence of two token sequences.

    Bit ``i`` of ``v`` is 0 where row ``i`` of the LCS table steps up; each token of ``b``
    updates all rows at once: ``v = (v + u) | (v - u)`` with ``u = v & mask(token)``.
    """
    if a.length < b.length:
        a, b = b, a
    if b.length == 0:
        return 0
    full = (1 << a.length) - 1
    v = full
    masks = a.masks
    for token in b.ids:
        u = v & masks.get(token, 0)
        v = ((v + u) | (v - u)) & full
    return a.length - v.bit_count()


def rouge_l_f1(a: Tokenized, b: Tokenized) -> float:
    """ROUGE-L F-measure of ``b`` against ``a``, computed as ``rouge-score`` computes it."""
    if a.length == 0 or b.length == 0:
        return 0.0
    lcs = lcs_length(a, b)
    precision = lcs / b.length
    recall = lcs / a.length
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def f1_upper_bound(a: Tokenized, b: Tokenized) -> float:
    """The largest ROUGE-L F1 two lengths allow (LCS at most the shorter length)."""
    if a.length == 0 or b.length == 0:
        return 0.0
    shorter = min(a.length, b.length)
    return 2 * shorter / (a.length + b.length)
