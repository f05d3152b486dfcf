"""Clean passing solutions the way MultiPL-T's data looks, then drop exact and near duplicates.

A training item is the prompt without its canonical-Python block (the docstring comment
and the signature) followed by the completion: the test harness is never part of it.
Solutions containing ``TODO`` are dropped. Within a problem, exact duplicates go first,
then near duplicates: a solution whose ROUGE-L F1 against one already kept exceeds the
threshold (MultiPL-T: 0.6 within a problem, 0.7 across problems). Solutions are visited
in sample order, so the result is the same on every run (the reference visited a set).
Only the completions are compared: the prompt is shared by a problem's solutions and
would make every pair look alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from multiplt.translate.rouge import Tokenized, Vocabulary, f1_upper_bound, rouge_l_f1

NEAR_THRESHOLD = 0.6
CROSS_PROBLEM_THRESHOLD = 0.7
_BOUND_MARGIN = 1e-9  # the length bound is computed by another formula; never prune on a tie


def clean_content(prompt_clean: str, completion: str) -> str:
    """The training text: the prompt without the canonical block, then the completion, one final newline."""
    return (prompt_clean + completion).rstrip() + "\n"


def has_todo(text: str) -> bool:
    """True when a solution leaves work undone (MultiPL-T dropped any text with ``TODO``)."""
    return "TODO" in text


@dataclass(frozen=True)
class Decision:
    """What happened to one solution: kept, or dropped with a reason and the solution it duplicates."""

    kept: bool
    reason: str | None = None  # "exact_duplicate" or "near_duplicate"
    duplicate_of: int | None = None  # index of the kept solution it matches
    score: float | None = None  # the ROUGE-L F1 behind a near-duplicate drop


def near_dedup(texts: Sequence[str], threshold: float = NEAR_THRESHOLD) -> list[Decision]:
    """Keep/drop for each text, in order: exact duplicates of a kept text, then texts whose
    ROUGE-L F1 against a kept one is above ``threshold``, are dropped."""
    vocabulary = Vocabulary()
    seen: dict[str, int] = {}
    kept: list[tuple[int, Tokenized]] = []
    decisions: list[Decision] = []
    for index, text in enumerate(texts):
        if text in seen:
            decisions.append(Decision(False, "exact_duplicate", seen[text]))
            continue
        seen[text] = index
        encoded = vocabulary.encode(text)
        match = _first_near(encoded, kept, threshold)
        if match is None:
            kept.append((index, encoded))
            decisions.append(Decision(True))
        else:
            decisions.append(Decision(False, "near_duplicate", match[0], match[1]))
    return decisions


def _first_near(encoded: Tokenized, kept: Sequence[tuple[int, Tokenized]], threshold: float) -> tuple[int, float] | None:
    for index, other in kept:
        if f1_upper_bound(encoded, other) < threshold - _BOUND_MARGIN:
            continue
        score = rouge_l_f1(other, encoded)
        if score > threshold:
            return index, score
    return None


def cross_problem_dedup(
    groups: Sequence[Sequence[str]], threshold: float = CROSS_PROBLEM_THRESHOLD, group_size: int = 200
) -> list[list[Decision]]:
    """The optional pass across problems: texts of all problems, in order, cut into groups of
    ``group_size`` (as the reference did, so the cost stays linear), near-deduplicated per
    group. Returns decisions shaped like ``groups`` (one list per problem)."""
    flat = [(problem, position, text) for problem, texts in enumerate(groups) for position, text in enumerate(texts)]
    decisions: list[list[Decision]] = [[Decision(True)] * len(texts) for texts in groups]
    for start in range(0, len(flat), group_size):
        chunk = flat[start : start + group_size]
        for (problem, position, _), decision in zip(chunk, near_dedup([text for _, _, text in chunk], threshold), strict=True):
            if not decision.kept:
                assert decision.duplicate_of is not None
                decisions[problem][position] = Decision(False, decision.reason, start + decision.duplicate_of, decision.score)
    return decisions
