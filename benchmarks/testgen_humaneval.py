"""HumanEval as a testgen corpus: its 164 canonical solutions as mined functions, its own
tests replayed as the model's output, annotations removed; prints the funnel, coverage
distribution and inferred types against HumanEval's declared annotations.

Then testgen.augment on a weakened test set (only the first assert each problem's tests
keep, as a model that wrote one good test): functions at or above the 90% own-line
threshold without and with augment, at the same number of model calls.

    .venv/bin/python benchmarks/testgen_humaneval.py [--limit N] [--jobs J] [--no-augment]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from multiplt.languages.types import parse_annotation
from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.extract import extract_tests
from multiplt.testgen.humaneval import humaneval_corpus, replayed_completion
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.prompt import with_head
from multiplt.testgen.tester import BatchResult, generate_unit_tests


def _run(records: list[dict[str, Any]], lines: list[dict[str, Any]], jobs: int, options: UnitTestOptions) -> BatchResult:
    with tempfile.TemporaryDirectory() as folder:
        replay = Path(folder) / "humaneval.jsonl"
        replay.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        with Sandbox(jobs=jobs) as sandbox, open_backend("replay", str(replay)) as llm:
            return generate_unit_tests(records, llm, sandbox, options)


def _weakened(record: dict[str, Any], line: dict[str, Any]) -> dict[str, Any]:
    """The replay line with only the first test that extraction keeps."""
    tests = extract_tests([with_head(record["name"], line["completions"][0])], record["name"]).tests
    return {**line, "completions": [replayed_completion(record["name"], tests[:1])]}


def augment_figure(stripped: list[tuple[dict[str, Any], dict[str, Any]]], jobs: int) -> None:
    """Functions reaching the threshold on one test each, without and with augment."""
    records = [record for record, _ in stripped]
    weak = [_weakened(record, line) for record, line in stripped]
    print("augment, HumanEval with only the first kept assert per problem, threshold 0.90 own lines:")
    results = {}
    for augment in (False, True):
        started = time.perf_counter()
        result = _run(records, weak, jobs, UnitTestOptions(samples=1, augment=augment))
        seconds = time.perf_counter() - started
        results[augment] = result
        c = result.counters
        print(f"  augment {'on ' if augment else 'off'}: {len(result.kept)} functions kept (>= 0.90), dropped {dict(result.dropped)}; "
              f"model calls {c['llm.requests']}, tests kept {c['tests.kept']}, sandbox programs {c['sandbox.programs']}, {seconds:.1f}s")
    c = results[True].counters
    more = len(results[True].kept) - len(results[False].kept)
    print(f"  augment tried {c['augment.functions_tried']} under-covered functions: raised coverage of {c['augment.functions_raised']}, "
          f"{c['augment.functions_reached']} reached the threshold ({more} more kept), {c['augment.tests_added']} tests added "
          f"(from {c['augment.inputs.mutated']} mutated and {c['augment.inputs.generated']} type-drawn inputs)")
    print("  candidates left out: " + ", ".join(f"{k.split('.')[-1]} {v}" for k, v in sorted(c.items()) if k.startswith("augment.dropped.")))
    print(f"  runs without a report {c['augment.run_failed']}, no types to draw from {c['augment.no_types']}, "
          f"no strategy {c['augment.no_strategy']}, re-measured without gain {c['augment.no_gain']}")
    kinds = Counter(data["types_source"] for _, data in results[True].kept)
    print(f"  types of the functions kept with augment: {dict(kinds)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-augment", action="store_true", help="skip the augment figure")
    args = parser.parse_args()
    stripped = list(humaneval_corpus(strip_annotations=True, limit=args.limit))
    declared = [record for record, _ in humaneval_corpus(strip_annotations=False, limit=args.limit)]
    result = _run([record for record, _ in stripped], [line for _, line in stripped], args.jobs, UnitTestOptions(samples=1, min_coverage=0.0))
    kept = dict(result.kept)
    c = result.counters
    print(f"functions: {len(stripped)} in, {len(kept)} with >=1 passing test; dropped {dict(result.dropped)}")
    print(f"asserts: extracted {c['tests.extracted']}, passed {c['tests.passed']}, failed {c['tests.failed']}, "
          f"type outliers {c['tests.dropped.type_outlier']}; dropped before running: "
          + ", ".join(f"{k.split('.')[-1]} {v}" for k, v in sorted(c.items()) if k.startswith("tests.dropped.") and "outlier" not in k))
    for data in kept.values():
        for failure in data["failed_tests"]:
            print(f"  failed: {data['provenance']['path']} {failure['status']}: {failure['test'][:100]}")
    lines = [data["coverage"]["line"] for data in kept.values()]
    refs = [data["coverage"]["reference_line"] for data in kept.values()]
    branches = [data["coverage"]["branch"] for data in kept.values() if data["coverage"]["branch"] is not None]
    for threshold in (1.0, 0.9, 0.75, 0.5):
        print(f"  own-line coverage >= {threshold:.2f}: {sum(v >= threshold for v in lines)} functions; "
              f"MultiPL-T file figure >= {threshold:.2f}: {sum(v >= threshold for v in refs)}")
    print(f"  median own-line {statistics.median(lines):.3f}, median branch {statistics.median(branches):.3f} "
          f"({len(branches)} with branches), median MultiPL-T file figure {statistics.median(refs):.3f}")
    agree, differ, untyped, compared = 0, [], Counter(), 0
    for position, data in kept.items():
        record = declared[position]
        wanted = [p["annotation"] for p in record["parameters"]] + [record["return_annotation"]]
        if any(w is None for w in wanted):
            continue
        compared += 1
        if data["types"] is None:
            untyped[data["types_source"]] += 1
            continue
        got = data["types"]["parameters"] + [data["types"]["returns"]]
        same = all(g is not None and _norm(g) == _norm(w) for g, w in zip(got, wanted))
        if same:
            agree += 1
        else:
            differ.append((record["name"], wanted, got))
    print(f"types (annotations removed) vs HumanEval's declared ones, {compared} fully annotated kept functions: "
          f"{agree} equal, {len(differ)} differ, {sum(untyped.values())} untyped ({dict(untyped)})")
    for name, wanted, got in differ[:12]:
        print(f"  {name}: declared {wanted} inferred {got}")
    sources = Counter(data["types_source"] for data in kept.values())
    conflicts = [data["provenance"]["path"] for data in kept.values() if data["types_source"] == "conflict"]
    print(f"types of all {len(kept)} kept functions (annotations removed): {dict(sources)}; conflicts: {', '.join(conflicts)}")
    if not args.no_augment:
        augment_figure(stripped, args.jobs)


def _norm(text: str) -> str:
    try:
        return str(parse_annotation(text))
    except Exception:
        return text


if __name__ == "__main__":
    main()
