"""Sample completions for MultiPL-E problems and write MultiPL-E completions files.

Resumable: a problem whose completions file already holds ``n`` completions is left
alone, one holding fewer gets only the missing ones. Each file is rewritten whole
(atomically) as soon as its samples arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multiplt.languages.registry import get_language
from multiplt.llm.base import Backend, Request
from multiplt.multiple_files import BadInputError, find_problem_files, language_code, read_json, read_problems, write_json_atomic

PARAM_KEYS = ("temperature", "top_p", "max_tokens")


@dataclass(frozen=True)
class SamplingParams:
    """How many completions to sample per problem, and how."""

    n: int = 20
    temperature: float = 0.2
    top_p: float = 0.95
    max_tokens: int = 512

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"n must be at least 1, got {self.n}")
        if self.max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, got {self.max_tokens}")


@dataclass
class GenerationJob:
    """One problem that still lacks completions, and where its completions file goes."""

    problem: dict[str, Any]
    path: Path
    existing: list[str]

    @property
    def stop_tokens(self) -> tuple[str, ...]:
        tokens = self.problem.get("stop_tokens")
        if tokens is None:
            tokens = get_language(language_code(self.problem["language"])).stop_tokens
        return tuple(tokens)


@dataclass
class GenerationPlan:
    """What `run_generation` will do: the jobs, what is done already, and what was refused."""

    jobs: list[GenerationJob] = field(default_factory=list)
    complete: int = 0  # problems whose file already holds n completions
    errors: list[str] = field(default_factory=list)

    def missing_samples(self, n: int) -> int:
        """How many completions the jobs lack in total."""
        return sum(n - len(job.existing) for job in self.jobs)


def completions_dir(out_dir: Path, problems_path: Path) -> Path:
    """One folder per problems file: ``humaneval-lua.jsonl`` -> ``OUT/humaneval-lua``."""
    return out_dir / problems_path.name.split(".")[0]


def _existing_completions(path: Path, params: SamplingParams) -> list[str]:
    """The completions already in ``path``; a `BadInputError` if they cannot be extended."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("completions"), list):
        raise BadInputError(path, "existing file has no 'completions' list; move it away to regenerate")
    for key in PARAM_KEYS:
        if key in data and data[key] != getattr(params, key):
            raise BadInputError(
                path, f"existing completions were sampled with {key}={data[key]}, not {getattr(params, key)}; use another --out"
            )
    if not all(isinstance(text, str) for text in data["completions"]):
        raise BadInputError(path, "existing 'completions' holds a value that is not a string")
    return list(data["completions"])


def plan_generation(
    problem_sources: Sequence[Path], out_dir: Path, params: SamplingParams, limit: int | None = None
) -> GenerationPlan:
    """Read the problems (files or folders of files) and find which still need completions.

    ``limit`` keeps the first ``limit`` problems of each problems file.
    """
    plan = GenerationPlan()
    files: list[Path] = []
    for source in problem_sources:
        try:
            files.extend(find_problem_files(source))
        except BadInputError as error:
            plan.errors.append(str(error))
    for problems_path in files:
        try:
            problems_file = read_problems(problems_path)
        except BadInputError as error:
            plan.errors.append(str(error))
            continue
        plan.errors.extend(problems_file.skipped)
        target = completions_dir(out_dir, problems_path)
        for problem in problems_file.problems[:limit]:
            path = target / f"{problem['name'].replace('/', '_')}.json.gz"
            existing: list[str] = []
            if path.exists():
                try:
                    existing = _existing_completions(path, params)
                except BadInputError as error:
                    plan.errors.append(str(error))
                    continue
            if len(existing) >= params.n:
                plan.complete += 1
            else:
                plan.jobs.append(GenerationJob(problem, path, existing))
    return plan


def completions_record(problem: dict[str, Any], params: SamplingParams, model: str, completions: list[str]) -> dict[str, Any]:
    """A completions file's content: the problem's fields, the sampling parameters, the samples."""
    record = dict(problem)
    record.setdefault("stop_tokens", list(get_language(language_code(problem["language"])).stop_tokens))
    record.update(temperature=params.temperature, top_p=params.top_p, max_tokens=params.max_tokens, model=model)
    record["completions"] = completions
    return record


def run_generation(
    plan: GenerationPlan,
    backend: Backend,
    params: SamplingParams,
    on_written: Callable[[GenerationJob, int], None] | None = None,
) -> int:
    """Sample the missing completions of every job and write each file; returns samples written.

    Every request asks for all ``n`` samples and keeps those past the ones already in
    the file: with the backend's cache the first ones are cache hits, and sample ``i``
    of a problem is the same text however many runs it took to get there.
    """
    requests = [
        Request(
            prompt=job.problem["prompt"],
            n=params.n,
            temperature=params.temperature,
            top_p=params.top_p,
            max_tokens=params.max_tokens,
            stop=job.stop_tokens,
        )
        for job in plan.jobs
    ]
    written = 0
    for job, samples in zip(plan.jobs, backend.complete(requests), strict=True):
        new = list(samples[len(job.existing) : params.n])
        completions = job.existing + new
        write_json_atomic(job.path, completions_record(job.problem, params, backend.model, completions))
        written += len(new)
        if on_written is not None:
            on_written(job, len(new))
    return written
