"""Programs per second per language: warm workers against one process per program.

Runs the same corpus programs (``tests/data/exec_corpus``, timeouts and memory bombs
left out) through ``Sandbox(isolation="process")`` and ``Sandbox(isolation="warm")`` in
the same run, taking turns on small chunks so both see the same machine load, and
prints a table with the ratio. Each method first runs ``--jobs`` programs untimed, so
the table shows steady-state throughput; the time that warm-up took (starting the warm
workers) is printed beside it. Lua has no warm worker: its "warm" column is the process
method again, so its ratio shows the fallback costs nothing.

    python benchmarks/exec_throughput.py [--programs 60] [--jobs 2] [--lang py,lua,rkt,ml,r]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from multiplt.sandbox import Program, Sandbox, available

CORPUS = Path(__file__).parents[1] / "tests" / "data" / "exec_corpus"
FOLDERS = {"py": "python", "lua": "lua", "rkt": "rkt", "ml": "ml", "r": "r"}


@dataclass(frozen=True)
class Measure:
    """One method on one language: steady-state rate, warm-up time, and the statuses seen."""

    programs_per_s: float
    warm_up_s: float
    statuses: tuple[str, ...]


def corpus(code: str, count: int) -> list[Program]:
    """The first ``count`` corpus programs of ``code`` that neither time out nor exhaust memory."""
    paths = [path for path in sorted((CORPUS / FOLDERS[code]).iterdir()) if not path.stem.endswith(("_timeout", "_memory"))]
    return [Program(code, path.read_text(encoding="utf-8"), timeout_s=60.0) for path in paths[:count]]


def measure(programs: list[Program], jobs: int, chunk: int) -> dict[str, Measure]:
    """Throughput of both methods (each with its default scratch root) on ``programs``.

    Both sandboxes stay open and take turns on chunks of ``chunk`` programs, so a change
    in the machine's load during the run weighs on both alike. Each first runs ``jobs``
    programs untimed (starting the warm workers).
    """
    warm_up, timed = programs[:jobs], programs[jobs:]
    with Sandbox(jobs=jobs, isolation="process") as process, Sandbox(jobs=jobs, isolation="warm") as warm:
        sandboxes = {"process": process, "warm": warm}
        warm_up_s, elapsed, statuses = {}, {}, {}
        for name, sandbox in sandboxes.items():
            started = time.perf_counter()
            list(sandbox.map(warm_up))
            warm_up_s[name], elapsed[name], statuses[name] = time.perf_counter() - started, 0.0, []
        for first in range(0, len(timed), chunk):
            for name, sandbox in sandboxes.items():
                started = time.perf_counter()
                verdicts = list(sandbox.map(timed[first : first + chunk]))
                elapsed[name] += time.perf_counter() - started
                statuses[name] += [verdict.status.value for verdict in verdicts]
    return {name: Measure(len(timed) / elapsed[name], warm_up_s[name], tuple(statuses[name])) for name in sandboxes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=60, help="programs per language and method (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="programs run in parallel (default 2)")
    parser.add_argument("--lang", default="py,lua,rkt,ml,r", help="language codes, comma-separated")
    options = parser.parse_args()

    console = Console()
    table = Table(title=f"exec throughput: {options.programs} programs per language and method, {options.jobs} jobs")
    for column in ("language", "process prog/s", "warm prog/s", "warm / process", "warm start-up s", "same statuses"):
        table.add_column(column, justify="right" if column != "language" else "left")
    for code in options.lang.split(","):
        if not available(code):
            console.print(f"[yellow]{code}: runtime not installed, skipped[/]")
            continue
        programs = corpus(code, options.programs + options.jobs)
        console.print(f"{code}: {len(programs)} programs ...")
        measured = measure(programs, options.jobs, chunk=4 * options.jobs)
        process, warm = measured["process"], measured["warm"]
        table.add_row(
            code,
            f"{process.programs_per_s:.1f}",
            f"{warm.programs_per_s:.1f}",
            f"{warm.programs_per_s / process.programs_per_s:.1f}x",
            f"{warm.warm_up_s:.2f}",
            "yes" if warm.statuses == process.statuses else "NO",
        )
    console.print(table)


if __name__ == "__main__":
    main()
