"""Run every completion against its tests in the sandbox and write MultiPL-E results files.

A program is ``prompt + completion + "\\n" + tests``, exactly as MultiPL-E builds it,
run under its language's timeout (15 s Lua/Racket/OCaml, 5 s R/Julia). A results file
is written whole, atomically, once all its programs have run: an interrupted run
leaves finished files finished, and the next run skips them. A results file holding
fewer results than its completions file has completions (MultiPL-E writes as it goes;
`eval generate` may have added samples) is extended, never recomputed, except from
its first `SandboxError` result on: those are written like any verdict (no program can
keep its file from being written) and run again by the next run.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from multiplt.languages.registry import get_language
from multiplt.multiple_files import BadInputError, CompletionsFile, find_completion_files, read_completions, read_json, results_path, write_json_atomic
from multiplt.program import Program, Status, Verdict


class ProgramRunner(Protocol):
    """What scoring needs of the sandbox: run programs in parallel, verdicts in input order."""

    def map(self, programs: Iterable[Program]) -> Iterator[Verdict]: ...


@dataclass
class ScoreJob:
    """One completions file with completions not yet scored."""

    source: CompletionsFile
    results_path: Path
    results: list[dict[str, Any]]  # those already in the results file, kept as they are

    @property
    def pending(self) -> range:
        """Indexes of the completions still to run."""
        return range(len(self.results), len(self.source.completions))


@dataclass
class ScorePlan:
    """What `run_scoring` will do, the files already scored, and one line per refused file."""

    jobs: list[ScoreJob] = field(default_factory=list)
    already_scored: int = 0
    empty: int = 0  # completions files with no completions yet: nothing to score, nothing written
    errors: list[str] = field(default_factory=list)

    @property
    def pending_programs(self) -> int:
        """How many programs the jobs will run."""
        return sum(len(job.pending) for job in self.jobs)


@dataclass
class ScoreReport:
    """What a scoring run did."""

    files_written: int = 0
    programs_run: int = 0
    errors: list[str] = field(default_factory=list)


def program_source(prompt: str, completion: str, tests: str) -> str:
    """The program MultiPL-E runs for one completion: prompt + completion + "\\n" + tests.

    The bigcode evaluation harness writes completions that already begin with the
    (stripped) prompt, and runs them without prepending it; such a completion is
    recognised by starting with the whole prompt, which a model continuing the
    prompt does not produce.
    """
    if prompt and completion.startswith(prompt):
        return completion + "\n" + tests
    return prompt + completion + "\n" + tests


def build_program(source: CompletionsFile, index: int, timeout_s: float | None = None) -> Program:
    """The sandbox program for completion ``index``; the language's own timeout unless overridden."""
    language = get_language(source.language)
    return Program(
        language=source.language,
        source=program_source(source.prompt, source.completions[index], source.tests),
        timeout_s=timeout_s if timeout_s is not None else language.timeout_s,
    )


def result_record(program: Program, verdict: Verdict) -> dict[str, Any]:
    """One entry of a results file's ``results`` list, in MultiPL-E's shape."""
    return {
        "program": program.source,
        "stdout": verdict.stdout,
        "stderr": verdict.stderr,
        "exit_code": verdict.exit_code,
        "status": verdict.status.value,
        "timestamp": int(time.time()),
    }


def _existing_results(path: Path, completions: int) -> list[dict[str, Any]]:
    """The results already in ``path`` (none if it does not exist); `BadInputError` if unusable."""
    if not path.exists():
        return []
    data = read_json(path)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not all(isinstance(entry, dict) for entry in results):
        raise BadInputError(path, "existing results file has no valid 'results' list; delete it to rescore")
    if len(results) > completions:
        raise BadInputError(path, f"holds {len(results)} results for {completions} completions; delete it to rescore")
    for index, entry in enumerate(results):
        if entry.get("status") == Status.SANDBOX_ERROR.value:
            return results[:index]  # the sandbox failed there, not the program: run them again
    return results


def plan_scoring(roots: Sequence[Path], available: Callable[[str], bool]) -> ScorePlan:
    """Find the completions files under ``roots`` and what each still needs.

    ``available(code)`` says whether a language's runtime is installed: files in a
    language that cannot run are refused (and not written, so a later run scores them).
    """
    plan = ScorePlan()
    for root in roots:
        if not root.exists():
            plan.errors.append(f"{root}: no such file or folder")
            continue
        for path in find_completion_files(root):
            try:
                source = read_completions(path)
                target = results_path(path)
                results = _existing_results(target, len(source.completions))
            except BadInputError as error:
                plan.errors.append(str(error))
                continue
            if not source.completions:
                plan.empty += 1
            elif len(results) == len(source.completions):
                plan.already_scored += 1
            elif not available(source.language):
                name = get_language(source.language).name
                plan.errors.append(f"{path}: the {name} runtime is not installed; not scored")
            else:
                plan.jobs.append(ScoreJob(source, target, results))
    return plan


def run_scoring(
    plan: ScorePlan,
    runner: ProgramRunner,
    timeout_s: float | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> ScoreReport:
    """Run the plan's programs through ``runner`` and write each results file once complete.

    Programs of all files go through one ``runner.map``, so the sandbox stays busy across
    file boundaries. Every file is written once its programs have run, whatever their
    verdicts; one with `SandboxError` verdicts (the sandbox, not the program, failed) is
    also reported, and a later run retries those programs.
    """
    report = ScoreReport()
    programs = ((job, build_program(job.source, index, timeout_s)) for job in plan.jobs for index in job.pending)
    tagged = _tee_jobs(programs)
    new_results: list[dict[str, Any]] = []
    sandbox_failures: list[str] = []
    verdicts = runner.map(program for _, program in tagged.feed())
    for verdict in verdicts:
        job, program = tagged.pop()
        report.programs_run += 1
        if on_verdict is not None:
            on_verdict(verdict)
        if verdict.status is Status.SANDBOX_ERROR:
            sandbox_failures.append(verdict.stderr.strip().splitlines()[0] if verdict.stderr.strip() else "no detail")
        new_results.append(result_record(program, verdict))
        if len(job.results) + len(new_results) == len(job.source.completions):
            write_json_atomic(job.results_path, {**job.source.fields, "results": job.results + new_results})
            report.files_written += 1
            if sandbox_failures:
                report.errors.append(
                    f"{job.source.path}: sandbox failed on {len(sandbox_failures)} programs ({sandbox_failures[0]}); "
                    "written as SandboxError, the next run retries them"
                )
            new_results = []
            sandbox_failures = []
    return report


class _tee_jobs:
    """Feeds programs to the runner while remembering, in order, which job each belongs to.

    The runner consumes programs lazily (bounded memory), possibly from another thread:
    the job of each program is queued as the program is handed over and dequeued as
    its verdict comes back, in the same order.
    """

    def __init__(self, items: Iterator[tuple[ScoreJob, Program]]) -> None:
        self._items = items
        self._in_flight: deque[tuple[ScoreJob, Program]] = deque()

    def feed(self) -> Iterator[tuple[ScoreJob, Program]]:
        for item in self._items:
            self._in_flight.append(item)
            yield item

    def pop(self) -> tuple[ScoreJob, Program]:
        return self._in_flight.popleft()
