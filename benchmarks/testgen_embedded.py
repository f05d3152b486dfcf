"""testgen with the embedded model (Gemma 3 270M, llama.cpp) on a handful of standard-library functions.

The mined-function records are made here from ``inspect.getsource`` of real stdlib
functions (the ``mine`` stage does this for whole folders); each record's program
imports, from the function's own module, the globals its code names, then defines the
function. Prints the funnel. Expect a low yield: a 270M base model writes few correct
tests. ``--write FILE`` also writes the records as JSONL for ``multiplt testgen FILE``.

    .venv/bin/python benchmarks/testgen_embedded.py [--samples 5] [--max-tokens 512] [--augment] [--write mined.jsonl]
"""

from __future__ import annotations

import argparse
import builtins
import calendar
import colorsys
import html
import inspect
import json
import shlex
import string
import textwrap
import time
import types
from collections.abc import Callable
from typing import Any

from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests

FUNCTIONS: list[Callable[..., Any]] = [
    calendar.isleap, calendar.leapdays, colorsys.rgb_to_hsv, colorsys.rgb_to_yiq,
    string.capwords, html.escape, shlex.quote, calendar.monthrange,
]


def _imports(function: Callable[..., Any]) -> list[str]:
    """Import lines for the module globals the function's code names (attribute names that are not globals are skipped)."""
    module = function.__module__
    lines = []
    names: set[str] = set()
    codes = [function.__code__]
    while codes:  # nested functions and comprehensions name globals too
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(const for const in code.co_consts if isinstance(const, types.CodeType))
    for name in sorted(names):
        if name == function.__name__ or name not in function.__globals__ or hasattr(builtins, name):
            continue
        value = function.__globals__[name]
        if isinstance(value, types.ModuleType):
            lines.append(f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}")
        else:
            lines.append(f"from {module} import {name}")
    return lines


def stdlib_record(function: Callable[..., Any]) -> dict[str, Any]:
    """A mined-function record (docs/records.md) for a standard-library function."""
    source = textwrap.dedent(inspect.getsource(function))
    imports = _imports(function)
    signature = inspect.signature(function)
    _, first = inspect.getsourcelines(function)

    def text(annotation: Any) -> str | None:
        return None if annotation is inspect.Parameter.empty else str(annotation)

    return {
        "name": function.__name__,
        "source": source,
        "imports": imports,
        "program": "\n".join(imports) + "\n\n\n" + source,
        "parameters": [
            {"name": p.name, "annotation": text(p.annotation), "default": None if p.default is inspect.Parameter.empty else repr(p.default)}
            for p in signature.parameters.values()
        ],
        "return_annotation": text(signature.return_annotation),
        "docstring": inspect.getdoc(function) or "",
        "body": "",
        "lines": [first, first + source.count("\n") - 1],
        "provenance": {"source": "stdlib", "repository": "python/cpython", "path": f"{function.__module__}.py", "license": "PSF-2.0"},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--augment", action="store_true")
    parser.add_argument("--write", default=None, help="also write the records here as JSONL")
    args = parser.parse_args()
    records = [stdlib_record(function) for function in FUNCTIONS]
    if args.write:
        with open(args.write, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(record) + "\n" for record in records)
    options = UnitTestOptions(samples=args.samples, max_tokens=args.max_tokens, seed=0, augment=args.augment)
    started = time.perf_counter()
    with Sandbox(jobs=2) as sandbox, open_backend("llamacpp", None, n_threads=args.threads) as llm:
        result = generate_unit_tests(records, llm, sandbox, options)
    seconds = time.perf_counter() - started
    c = result.counters
    print(f"embedded model (Gemma 3 270M, llama.cpp), {len(records)} stdlib functions, {args.samples} samples, T {options.temperature}, "
          f"{args.max_tokens} tokens, augment {'on' if args.augment else 'off'}: {seconds:.0f}s")
    print(f"  model: {c['llm.requests']} requests, {c['llm.samples']} samples, {c['llm.completion_tokens']} tokens out, {c['llm.ms'] / 1000:.0f}s")
    dropped_tests = {k.split(".")[-1]: v for k, v in sorted(c.items()) if k.startswith("tests.dropped.")}
    print(f"  asserts: {c['tests.extracted']} extracted (dropped before running: {dropped_tests}), {c['tests.passed']} passed alone, {c['tests.failed']} failed")
    print(f"  functions: {len(records)} in, {len(result.kept)} kept (own-line coverage >= {options.min_coverage}), dropped {dict(result.dropped)}")
    if args.augment:
        print(f"  augment: tried {c['augment.functions_tried']}, raised {c['augment.functions_raised']}, reached {c['augment.functions_reached']}, tests added {c['augment.tests_added']}")
    for _, data in result.kept:
        print(f"  kept {data['provenance']['path'].removesuffix('.py')}.{data['name']}: coverage {data['coverage']}, origins {data['test_origins']}, "
              f"types {data['types']} ({data['types_source']}); first test: {data['tests'][0][:100]}")


if __name__ == "__main__":
    main()
