"""Near dedup within a problem: our bit-parallel ROUGE-L against ``rouge-score``, same solutions, same run.

Solutions are real code nobody here wrote: the functions of Python standard-library
modules, grouped as if each group were one problem's passing samples (``--group``
per problem, 50 as the reference's sample count), each group with a few deterministic
variants (every third line dropped) so that near duplicates exist. Both sides make
MultiPL-T's decisions (exact dedup, then keep a solution unless its ROUGE-L F1 against
a kept one is above the threshold, in list order). Prints the time of each, the ratio,
and whether every keep/drop decision is identical.

    python benchmarks/dedup_speed.py [--groups 8] [--group 50] [--threshold 0.6]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import time

from rouge_score import rouge_scorer

from multiplt.translate.dedup import near_dedup

MODULES = ("argparse", "ast", "calendar", "csv", "difflib", "email.utils", "fractions", "ftplib", "gettext", "heapq",
           "inspect", "ipaddress", "json.decoder", "locale", "mailbox", "os", "pathlib", "pickle", "platform", "pydoc",
           "random", "shutil", "smtplib", "statistics", "string", "tarfile", "textwrap", "typing", "urllib.parse", "zipfile")


def stdlib_functions(limit: int) -> list[str]:
    """Source texts of standard-library functions (methods included), 200 to 2,000 characters, in module order."""
    found: list[str] = []
    for name in MODULES:
        source = inspect.getsource(importlib.import_module(name))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                text = ast.get_source_segment(source, node) or ""
                if 200 <= len(text) <= 2000:
                    found.append(text)
                    if len(found) >= limit:
                        return found
    return found


def groups_of(functions: list[str], groups: int, size: int) -> list[list[str]]:
    """``groups`` problems of ``size`` solutions: originals, and every fifth one again with lines dropped."""
    problems = []
    for start in range(0, groups * size, size):
        originals = functions[start : start + size]
        variants = ["\n".join(line for index, line in enumerate(text.split("\n")) if index % 3 != 2) for text in originals[::5]]
        problems.append((originals + variants)[:size])
    return problems


def reference_decisions(texts: list[str], threshold: float, scorer: rouge_scorer.RougeScorer) -> list[bool]:
    """MultiPL-T's pass with rouge-score: exact dedup, then greedy ROUGE-L against the kept ones."""
    kept: list[str] = []
    seen: set[str] = set()
    decisions = []
    for text in texts:
        duplicate = text in seen or any(scorer.score(other, text)["rougeL"].fmeasure > threshold for other in kept)
        seen.add(text)
        decisions.append(not duplicate)
        if not duplicate:
            kept.append(text)
    return decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=8, help="problems")
    parser.add_argument("--group", type=int, default=50, help="solutions per problem")
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args()

    problems = groups_of(stdlib_functions(args.groups * args.group), args.groups, args.group)
    solutions = sum(len(texts) for texts in problems)
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)

    started = time.perf_counter()
    ours = [[decision.kept for decision in near_dedup(texts, args.threshold)] for texts in problems]
    ours_s = time.perf_counter() - started

    started = time.perf_counter()
    theirs = [reference_decisions(texts, args.threshold, scorer) for texts in problems]
    theirs_s = time.perf_counter() - started

    decisions = [pair for mine, reference in zip(ours, theirs, strict=True) for pair in zip(mine, reference, strict=True)]
    identical = sum(mine == reference for mine, reference in decisions)
    dropped = sum(not mine for mine, _ in decisions)
    print(f"{len(problems)} problems x {args.group} solutions ({solutions} solutions, threshold {args.threshold}); "
          f"{dropped} dropped as duplicates")
    print(f"rouge-score greedy pass: {theirs_s:8.3f} s")
    print(f"multiplt near_dedup:     {ours_s:8.3f} s")
    print(f"speed-up: {theirs_s / ours_s:.1f}x; identical decisions: {identical} of {len(decisions)}")


if __name__ == "__main__":
    main()
