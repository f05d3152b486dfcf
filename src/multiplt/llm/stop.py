"""Client-side stop sequences, applied exactly as MultiPL-E truncates completions."""

from __future__ import annotations

from collections.abc import Iterable


def truncate_at_stop(text: str, stop: Iterable[str]) -> str:
    """Cut ``text`` at the earliest occurrence of any stop sequence (the stop itself dropped).

    Servers differ in how (and whether) they honour ``stop``, so every backend's
    output goes through this: ``truncate_at_stop("x = 1\\n\\nfoo", ["\\n\\n"])``
    gives ``"x = 1"``. Empty stop strings are ignored.
    """
    cut = len(text)
    for sequence in stop:
        if not sequence:
            continue
        found = text.find(sequence)
        if found != -1 and found < cut:
            cut = found
    return text[:cut]
