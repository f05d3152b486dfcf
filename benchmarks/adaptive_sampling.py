"""Adaptive against fixed sampling, replaying recorded per-sample outcomes: samples per validated distinct solution.

The outcomes are an ``eval score`` results folder (``<name>.results.json.gz`` beside each
``<name>.json.gz``): sample ``i`` of a problem passed or not (status OK and exit 0), and
its completion text says whether it is a new distinct solution. Both strategies draw the
same samples in the same order, so only the stopping differs:

- fixed ``n``: the first ``n`` samples of every problem;
- adaptive (``multiplt.translate.sampling.sample_adaptive`` itself, on a backend that
  replays the recorded completions and a validator that replays the recorded verdicts):
  rounds of ``--round-size``, a problem stops at ``k`` distinct passing solutions and is
  given up after ``--m`` samples with none.

For each ``k`` the table puts adaptive sampling beside the smallest fixed ``n`` whose
dataset is at least as large (equal final dataset size; an ``n`` one could only pick
knowing the outcomes) and beside fixed sampling of every recorded sample (what a run
with that ``n`` spends), with samples and completion characters spent per distinct
passing solution. (The results
files keep no token counts; characters are the size of what was generated.)

Default outcomes: the embedded Gemma 3 270M on eight HumanEval problems
(``benchmarks/_gemma_humaneval.py``; cached in ``runs/benchmarks/gemma-humaneval/``,
generated and scored on the first run): Lua at T 0.2 (20 samples each), Lua and Racket
at T 0.8 (12 each).

    python benchmarks/adaptive_sampling.py [--results DIR ...] [--k 1,2,3] [--m 8] [--round-size 2]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _gemma_humaneval import DEFAULT_CACHE, LUA_LOW_TEMPERATURE, MULTIPL_T, ensure_completions  # noqa: E402

from multiplt.llm.base import Request, Stats  # noqa: E402
from multiplt.multiple_files import find_completion_files, read_completions, read_json, results_path  # noqa: E402
from multiplt.translate.sampling import AdaptiveSettings, SamplingSettings, sample_adaptive  # noqa: E402


@dataclass(frozen=True)
class Problem:
    """One problem's recorded samples, in order: completion text and whether it passed."""

    name: str
    language: str
    completions: tuple[str, ...]
    passed: tuple[bool, ...]


def recorded_problems(folder: Path) -> list[Problem]:
    """Every scored problem under ``folder`` (completions files with a results file beside them)."""
    problems = []
    for path in find_completion_files(folder):
        scored = results_path(path)
        if not scored.is_file():
            continue
        file = read_completions(path)
        results = read_json(scored)["results"]
        count = min(len(file.completions), len(results))
        passed = tuple(result["status"] == "OK" and result["exit_code"] == 0 for result in results[:count])
        problems.append(Problem(file.name, file.language, file.completions[:count], passed))
    return problems


class RecordedBackend:
    """A backend answering each problem's request with its recorded completions, in order."""

    kind = "replay"
    model = "recorded"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.by_name = {problem.name: problem for problem in problems}
        self.stats = Stats()

    def complete(self, requests: Iterable[Request]) -> Iterator[list[str]]:
        for request in requests:
            assert request.name is not None
            self.stats.requests += 1
            yield list(self.by_name[request.name].completions[: request.n])

    def close(self) -> None:
        """Nothing to release."""


def recorded_validator(problems: Sequence[Problem]) -> Any:
    """A validator giving each completion its recorded verdict (by position in the problem's samples)."""
    by_name = {problem.name: problem for problem in problems}

    def validate(items: Sequence[tuple[Mapping[str, Any], Sequence[str]]]) -> list[list[dict[str, Any]]]:
        judged = []
        for problem, completions in items:
            recorded = by_name[problem["name"]]
            # A round's completions are the samples after those already judged.
            start = problem["_judged"]
            problem["_judged"] = start + len(completions)
            judged.append([{"completion": text, "passed": recorded.passed[start + offset]}
                           for offset, text in enumerate(completions)])
        return judged

    return validate


@dataclass(frozen=True)
class Spend:
    """What a strategy spent and got: samples drawn, characters generated, distinct passing solutions."""

    samples: int
    characters: int
    distinct: int

    def per_solution(self) -> tuple[float, float]:
        """Samples and characters per distinct passing solution (inf when none)."""
        if not self.distinct:
            return float("inf"), float("inf")
        return self.samples / self.distinct, self.characters / self.distinct


def _distinct(problem: Problem, used: int) -> int:
    return len({text.strip() for text, passed in zip(problem.completions[:used], problem.passed[:used], strict=True) if passed})


def fixed(problems: Sequence[Problem], n: int) -> Spend:
    """The first ``n`` samples of every problem."""
    return Spend(sum(min(n, len(p.completions)) for p in problems),
                 sum(len(text) for p in problems for text in p.completions[:n]),
                 sum(_distinct(p, n) for p in problems))


def adaptive(problems: Sequence[Problem], k: int, m: int, round_size: int) -> Spend:
    """``sample_adaptive`` on the recorded samples; spend as it stopped."""
    records = [{"name": p.name, "prompt": p.name, "language": p.language, "_judged": 0} for p in problems]
    most = max(len(p.completions) for p in problems)
    outcomes = sample_adaptive(records, RecordedBackend(problems), recorded_validator(problems),
                               SamplingSettings(n=most), AdaptiveSettings(k, m, round_size))
    used = [len(outcome.solutions) for outcome in outcomes]
    return Spend(sum(used), sum(len(text) for p, u in zip(problems, used, strict=True) for text in p.completions[:u]),
                 sum(_distinct(p, u) for p, u in zip(problems, used, strict=True)))


def compare(label: str, problems: Sequence[Problem], ks: Sequence[int], m: int, round_size: int) -> None:
    """Print adaptive sampling beside fixed sampling of every recorded sample (the budget) and
    beside the smallest fixed ``n`` reaching the same dataset size, for each k."""
    most = min(len(p.completions) for p in problems)  # the same number of samples for every problem
    problems = [Problem(p.name, p.language, p.completions[:most], p.passed[:most]) for p in problems]
    budget = fixed(problems, most)
    passing = sum(sum(p.passed) for p in problems)
    print(f"{label}: {len(problems)} problems, {budget.samples} samples, {passing} passing, {budget.distinct} distinct "
          f"passing; adaptive m={m}, round {round_size}")
    if not budget.distinct:
        print("  no sample passed: neither strategy makes data, nothing to compare")
        return
    b_samples, b_chars = budget.per_solution()
    print(f"  fixed n={most} (every recorded sample): {budget.samples} samples, {budget.distinct} distinct, "
          f"{b_samples:.1f} samples and {b_chars:.0f} characters per solution")
    print(f"  {'k':>2} | {'adaptive: samples':>17} {'distinct':>8} {'samples/sol':>11} {'chars/sol':>9} | "
          f"{'same size: n':>12} {'samples':>7} {'samples/sol':>11} {'chars/sol':>9} | {'vs same size':>12} {'vs n=' + str(most):>8}")
    for k in ks:
        got = adaptive(problems, k, m, round_size)
        n = next((n for n in range(1, most + 1) if fixed(problems, n).distinct >= got.distinct), most)
        same = fixed(problems, n)
        a_samples, a_chars = got.per_solution()
        f_samples, f_chars = same.per_solution()
        print(f"  {k:>2} | {got.samples:>17} {got.distinct:>8} {a_samples:>11.1f} {a_chars:>9.0f} | "
              f"{n:>12} {same.samples:>7} {f_samples:>11.1f} {f_chars:>9.0f} | "
              f"{same.samples / got.samples:>11.2f}x {budget.samples / got.samples:>7.2f}x")
    print("  (the last two columns: fixed samples / adaptive samples; the same-size n is chosen knowing the outcomes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=f"Without --results: the embedded model's samples, cached in {DEFAULT_CACHE}.")
    parser.add_argument("--results", type=Path, action="append",
                        help="an `eval score` results folder (repeatable); each language in it is compared apart")
    parser.add_argument("--k", default="1,2,3", help="distinct passing solutions that stop a problem (comma-separated)")
    parser.add_argument("--m", type=int, default=8, help="samples without a pass after which a problem is given up")
    parser.add_argument("--round-size", type=int, default=2, help="samples per problem per round")
    args = parser.parse_args()
    folders = args.results or [ensure_completions(DEFAULT_CACHE, LUA_LOW_TEMPERATURE),
                               ensure_completions(DEFAULT_CACHE, MULTIPL_T)]
    ks = [int(k) for k in args.k.split(",") if k.strip()]
    for folder in folders:
        problems = recorded_problems(folder)
        for language in sorted({p.language for p in problems}):
            compare(f"{folder.name} {language}", [p for p in problems if p.language == language], ks, args.m, args.round_size)


if __name__ == "__main__":
    main()
