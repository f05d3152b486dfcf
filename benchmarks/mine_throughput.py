"""Throughput of the mine stage on the standard library: files/s/core, and the type checker's functions/s.

Real files nobody here wrote: this interpreter's standard library (every ``*.py`` under
it, sorted, its site-packages left out; the first ``--files``). Each phase runs in this one process (one core), timed
by CPU time (``time.process_time``; the type checker's by its child processes' CPU time),
so other load on the machine does not count against it; wall time is printed beside it.

- ``read``: the ``python`` source reading and decoding the files;
- ``ast.parse``: the baseline, a bare parse of the same texts;
- ``mine``: the mine stage's per-file work (parse, extraction, every cheap filter), type
  checking and decontamination off; ``mine+decontaminate``: with decontamination (HumanEval);
- ``typecheck``: the mined functions through basedpyright in batches (``--batch``).

Ratios are against ``ast.parse`` of the same files in the same run. The issue's target for
reading + extraction + cheap filters is 500 files/s/core.

    python benchmarks/mine_throughput.py [--files 0] [--batch 250] [--functions 500] [--profile 25]
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import pstats
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from multiplt.corpus.decontaminate import load_benchmarks
from multiplt.corpus.files import PythonFilesSource, stdlib_folder
from multiplt.corpus.mine import MineOptions, mine_file
from multiplt.corpus.typecheck import TypeChecker
from multiplt.pipeline.stage import Context


OTHER_FOLDERS = {"site-packages", "dist-packages"}
"""Installed packages that live under the standard library's folder: not the standard library."""


def _timed(work: Any) -> tuple[Any, float, float]:
    """(result, CPU seconds of this process, wall seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=0, help="standard-library files to read (0: all)")
    parser.add_argument("--batch", type=int, default=250, help="functions per type-checker run")
    parser.add_argument("--functions", type=int, default=500, help="mined functions to type-check (0: all)")
    parser.add_argument("--profile", type=int, default=0, help="print the mine phase's top N functions by cumulative time")
    arguments = parser.parse_args()

    listing = Path(tempfile.mkdtemp()) / "stdlib.txt"  # a 'stdlib:' list, so site-packages is never read
    names = sorted(str(path.relative_to(stdlib_folder())) for path in stdlib_folder().rglob("*.py")
                   if not OTHER_FOLDERS & set(path.relative_to(stdlib_folder()).parts))
    listing.write_text("".join(f"stdlib:{name}\n" for name in names[: arguments.files or None]), encoding="utf-8")
    source = PythonFilesSource(listing)
    skipped: list[tuple[str, str]] = []

    def read() -> list[dict[str, Any]]:
        return [record.data for record in source.records(lambda *skip: skipped.append(skip))]

    files, read_cpu, read_wall = _timed(read)
    total_bytes = sum(len(file["text"]) for file in files)

    def parse_all() -> int:
        parsed = 0
        for file in files:
            try:
                ast.parse(file["text"])
                parsed += 1
            except (SyntaxError, RecursionError, MemoryError):
                pass
        return parsed

    _, parse_cpu, parse_wall = _timed(parse_all)

    def mine_all(benchmarks: Any = None) -> tuple[list[dict[str, Any]], Context]:
        ctx = Context(stage="mine", run_dir=Path("."))
        options = MineOptions(typecheck=False, decontaminate=benchmarks is not None)
        return [function for file in files for function in mine_file(file, options, ctx, benchmarks)], ctx

    (mined, ctx), mine_cpu, mine_wall = _timed(mine_all)
    benchmarks, load_cpu, _ = _timed(lambda: load_benchmarks([]))
    (_, _), decon_cpu, decon_wall = _timed(lambda: mine_all(benchmarks))

    functions = mined[: arguments.functions or None]
    checker = TypeChecker(batch_size=arguments.batch)
    children = _children_cpu()
    verdicts, _, check_wall = _timed(lambda: checker.check([function["program"] for function in functions]))
    check_cpu = _children_cpu() - children
    errors = sum(verdict.reason is not None for verdict in verdicts)

    n = len(files)
    rows = [
        ("read (python source)", n, "files", read_cpu, read_wall),
        ("ast.parse (baseline)", n, "files", parse_cpu, parse_wall),
        ("mine (cheap filters)", n, "files", mine_cpu, mine_wall),
        ("mine+decontaminate", n, "files", decon_cpu, decon_wall),
        ("read + mine", n, "files", read_cpu + mine_cpu, read_wall + mine_wall),
        ("typecheck (basedpyright)", len(functions), "functions", check_cpu, check_wall),
    ]
    print(f"{n} standard-library files ({total_bytes / 1e6:.1f} MB, {len(skipped)} skipped by the source), "
          f"{ctx.counters['functions']} top-level functions, {ctx.counters['with_docstring']} with a docstring, "
          f"{len(mined)} through the cheap filters; benchmarks loaded in {load_cpu:.2f}s CPU")
    print(f"{'phase':26} {'items':>7}  {'CPU s':>7} {'wall s':>7}  {'per s/core':>11}  {'vs ast.parse':>12}")
    for phase, items, unit, cpu, wall in rows:
        rate = items / cpu if cpu else float("inf")
        versus = (parse_cpu / n) / (cpu / items) if items and cpu else float("nan")
        print(f"{phase:26} {items:>7}  {cpu:>7.2f} {wall:>7.2f}  {rate:>7.0f} {unit[:5]:<5} {versus:>11.2f}x")
    print(f"files/s/core against the target of 500: read + mine {n / (read_cpu + mine_cpu):.0f} "
          f"({n / (read_cpu + mine_cpu) / 500:.2f}x), mine alone {n / mine_cpu:.0f}, "
          f"read + mine + decontamination {n / (read_cpu + decon_cpu):.0f}")
    print(f"typecheck: {checker.runs} checker runs of <= {arguments.batch}, {errors} of {len(functions)} with a type "
          f"error; one function costs {(check_cpu / max(len(functions), 1)) / (mine_cpu / n):.1f} files' mining")
    if arguments.profile:
        profile = cProfile.Profile()
        profile.enable()
        mine_all()
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(arguments.profile)


if __name__ == "__main__":
    main()
