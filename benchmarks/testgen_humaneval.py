"""HumanEval as a testgen corpus: its 164 canonical solutions as mined functions, its own
tests replayed as the model's output, annotations removed; prints the funnel, coverage
distribution and inferred types against HumanEval's declared annotations.

    .venv/bin/python benchmarks/testgen_humaneval.py [--limit N] [--jobs J]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from multiplt.languages.types import parse_annotation
from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.humaneval import humaneval_corpus
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    stripped = list(humaneval_corpus(strip_annotations=True, limit=args.limit))
    declared = [record for record, _ in humaneval_corpus(strip_annotations=False, limit=args.limit)]
    with tempfile.TemporaryDirectory() as folder:
        replay = Path(folder) / "humaneval.jsonl"
        replay.write_text("".join(json.dumps(line) + "\n" for _, line in stripped), encoding="utf-8")
        with Sandbox(jobs=args.jobs) as sandbox, open_backend("replay", str(replay)) as llm:
            result = generate_unit_tests([record for record, _ in stripped], llm, sandbox, UnitTestOptions(samples=1, min_coverage=0.0))
    kept = dict(result.kept)
    c = result.counters
    print(f"functions: {len(stripped)} in, {len(kept)} with >=1 passing test; dropped {dict(result.dropped)}")
    print(f"asserts: extracted {c['tests.extracted']}, passed {c['tests.passed']}, failed {c['tests.failed']}, "
          f"type outliers {c['tests.dropped.type_outlier']}; dropped before running: "
          + ", ".join(f"{k.split('.')[-1]} {v}" for k, v in sorted(c.items()) if k.startswith("tests.dropped.") and "outlier" not in k))
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


def _norm(text: str) -> str:
    try:
        return str(parse_annotation(text))
    except Exception:
        return text


if __name__ == "__main__":
    main()
