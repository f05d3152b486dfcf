"""Validation limits for data generation, derived from what passing programs need, on real completions.

``eval score`` keeps MultiPL-E's limits (15 s for Lua and Racket, 1 GB) so its numbers
compare; the ``validate`` stage only has to let passing programs finish. This benchmark

1. measures passing programs under the reference limits: the hand-written HumanEval
   solutions in ``tests/data/solutions/<lang>/`` and every real completion that passes,
   and derives a timeout per language from them (``derive_limits``: 10 times the slowest,
   at least 1 s, whole seconds; 512 MB);
2. runs every real completion (the embedded Gemma 3 270M on eight HumanEval problems:
   Lua and Racket at T 0.8, Lua at T 0.2; ``benchmarks/_gemma_humaneval.py``) under the reference limits, the
   validate stage's default ``data`` limits (5 s, 512 MB) and the derived ones, in one
   run, the same warm sandbox, and prints for each the wall time, the programs' summed
   seconds, timeouts and memory kills, and the passing solutions kept and lost.

The completions are made once and cached in ``--cache`` (default
``runs/benchmarks/gemma-humaneval/``): the first run generates them (about seven minutes
of one core), later runs reuse them.

    python benchmarks/validation_limits.py [--cache DIR] [--jobs 2] [--factor 10] [--floor 1]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _gemma_humaneval import DEFAULT_CACHE, LANGUAGES, LUA_LOW_TEMPERATURE, MULTIPL_T, ROOT, ensure_completions  # noqa: E402

from multiplt.languages import get_language  # noqa: E402
from multiplt.multiple_files import find_completion_files, read_completions  # noqa: E402
from multiplt.sandbox import Sandbox, Verdict  # noqa: E402
from multiplt.translate.validation import (  # noqa: E402
    DATA_LIMITS,
    REFERENCE_LIMITS,
    ValidationLimits,
    derive_limits,
    solution_programs,
)

SOLUTIONS = ROOT / "tests" / "data" / "solutions"
Item = tuple[Mapping[str, Any], str]  # (problem: language, prompt, tests), completion


def real_completions(folder: Path, samples: int) -> list[Item]:
    """Every completion under ``folder`` (the first ``samples`` of each file), with its problem."""
    items: list[Item] = []
    for path in find_completion_files(folder):
        file = read_completions(path)
        problem = {"language": file.language, "prompt": file.prompt, "tests": file.tests}
        items.extend((problem, completion) for completion in file.completions[:samples])
    return items


def known_solutions(problems_folder: Path) -> list[Item]:
    """The hand-written solutions of tests/data/solutions with their HumanEval problems (as `eval build` makes them)."""
    items: list[Item] = []
    for language in LANGUAGES:
        lines = (problems_folder / f"humaneval-{language}.jsonl").read_text(encoding="utf-8").splitlines()
        problems = {problem["name"]: problem for problem in map(json.loads, filter(None, lines))}
        for path in sorted((SOLUTIONS / language).glob("HumanEval_*")):
            if path.stem in problems:
                items.append((problems[path.stem], path.read_text(encoding="utf-8")))
    return items


def run(sandbox: Sandbox, items: Sequence[Item], limits: ValidationLimits) -> tuple[list[Verdict], float]:
    """The verdict of each item under ``limits``, and the wall seconds of the whole batch."""
    programs = [program for problem, completion in items for program in solution_programs(problem, [completion], limits)]
    started = time.perf_counter()
    verdicts = list(sandbox.map(programs))
    return verdicts, time.perf_counter() - started


def describe(limits: ValidationLimits) -> str:
    """``lua 15 s, rkt 15 s; 1024 MB``."""
    return ", ".join(f"{code} {limits.timeout_for(code):g} s" for code in LANGUAGES) + f"; {limits.memory_mb} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=f"Completions are cached in --cache (default {DEFAULT_CACHE}).")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="folder holding the generated completions (made on the first run, reused after)")
    parser.add_argument("--jobs", type=int, default=2, help="programs run at once")
    parser.add_argument("--factor", type=float, default=10.0, help="derived timeout: this times the slowest passing program")
    parser.add_argument("--floor", type=float, default=1.0, help="derived timeout: at least this many seconds")
    args = parser.parse_args()

    sets = (MULTIPL_T, LUA_LOW_TEMPERATURE)
    items = [item for sample_set in sets
             for item in real_completions(ensure_completions(args.cache, sample_set, score=False), sample_set.n)]
    with Sandbox(jobs=args.jobs) as sandbox:
        known = known_solutions(args.cache / "all")
        run(sandbox, known, REFERENCE_LIMITS)  # warm the workers up before anything is timed
        known_verdicts, _ = run(sandbox, known, REFERENCE_LIMITS)
        reference, reference_wall = run(sandbox, items, REFERENCE_LIMITS)
        passing: dict[str, list[float]] = defaultdict(list)
        sources: Counter[str] = Counter()
        for (problem, _), verdict in [*zip(known, known_verdicts, strict=True), *zip(items, reference, strict=True)]:
            if verdict.passed:
                passing[get_language(problem["language"]).code].append(verdict.seconds)
        sources.update(get_language(problem["language"]).code for (problem, _), v in zip(known, known_verdicts, strict=True) if v.passed)
        derived = derive_limits(passing, args.factor, args.floor)
        results = {"reference": (reference, reference_wall)}
        for name, limits in (("data", DATA_LIMITS), ("derived", derived)):
            results[name] = run(sandbox, items, limits)

    print(f"real completions: {len(items)} by the embedded Gemma 3 270M on 8 HumanEval problems ("
          + "; ".join(f"{'+'.join(s.languages)} T {s.temperature} x{s.n}" for s in sets) + f"), cached in {args.cache}")
    for code in LANGUAGES:
        seconds = passing.get(code, [])
        print(f"  {code}: {len(seconds)} passing programs measured ({sources[code]} hand-written solutions), "
              f"slowest {max(seconds, default=0):.3f} s -> derived timeout {derived.timeout_for(code):g} s")
    kept_reference = {index for index, verdict in enumerate(reference) if verdict.passed}
    header = f"{'limits':<10} {'timeouts and memory':<30} {'wall s':>7} {'program s':>10} {'Timeout':>8} {'MemoryLimit':>12} {'passing':>8} {'lost':>5}"
    print(header)
    wall_reference = results["reference"][1]
    for name, limits in (("reference", REFERENCE_LIMITS), ("data", DATA_LIMITS), ("derived", derived)):
        verdicts, wall = results[name]
        statuses = Counter(verdict.status.value for verdict in verdicts)
        kept = {index for index, verdict in enumerate(verdicts) if verdict.passed}
        print(f"{name:<10} {describe(limits):<30} {wall:>7.1f} {sum(v.seconds for v in verdicts):>10.1f} "
              f"{statuses['Timeout']:>8} {statuses['MemoryLimit']:>12} {len(kept):>8} {len(kept_reference - kept):>5}")
    for name in ("data", "derived"):
        wall = results[name][1]
        print(f"{name}: {wall_reference / wall if wall else float('inf'):.1f}x faster than the reference limits "
              f"({wall_reference:.1f} s -> {wall:.1f} s wall), "
              f"{len(kept_reference - {i for i, v in enumerate(results[name][0]) if v.passed})} of {len(kept_reference)} passing solutions lost")
    print("derived limits in a run: multiplt data validate SOURCE --timeouts "
          + ",".join(f"{code}={derived.timeout_for(code):g}" for code in LANGUAGES) + f" --memory-mb {derived.memory_mb}")


if __name__ == "__main__":
    main()
