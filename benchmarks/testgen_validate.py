"""Validated asserts per second: warm workers against one sandboxed process per assert, same run.

HumanEval's canonical solutions and their own asserts (the testgen corpus), each assert run
alone as testgen runs it. No verdict cache, so every program really runs.

    .venv/bin/python benchmarks/testgen_validate.py [--asserts N] [--jobs J]
"""

from __future__ import annotations

import argparse
import time

from multiplt.sandbox import Sandbox
from multiplt.testgen.extract import extract_tests
from multiplt.testgen.humaneval import humaneval_corpus
from multiplt.testgen.prompt import with_head
from multiplt.testgen.validate import validate_many


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asserts", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    functions, total = [], 0
    for record, line in humaneval_corpus():
        tests = extract_tests([with_head(record["name"], line["completions"][0])], record["name"]).tests
        tests = tests[: max(0, args.asserts - total)]
        if tests:
            functions.append((record["program"], tests))
            total += len(tests)
        if total >= args.asserts:
            break
    rates = {}
    for isolation in ("process", "warm"):
        with Sandbox(jobs=args.jobs, isolation=isolation) as sandbox:
            started = time.perf_counter()
            passed = sum(len(result.passed) for result in validate_many(sandbox, functions))
            seconds = time.perf_counter() - started
        rates[isolation] = total / seconds
        print(f"{isolation:8s}: {total} asserts ({passed} pass) in {seconds:.2f}s = {rates[isolation]:.1f} asserts/s")
    print(f"warm / process: {rates['warm'] / rates['process']:.1f}x")


if __name__ == "__main__":
    main()
