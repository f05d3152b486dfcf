"""Sampling completions for translated problems: fixed (the reference's 50 each) or adaptive.

Fixed sampling asks for ``n`` samples of every problem, all of a part's requests handed
to the backend at once so it runs them concurrently. Adaptive sampling spends samples
where they still buy data: it samples in rounds, validates each round, stops a problem
once it has ``k`` distinct passing solutions and gives up on one after ``m`` samples
with none passing. Round ``r`` asks for ``n = used + round_size`` samples of the same
request, so with the LLM cache (or a replay file) the earlier samples are free and
sample ``i`` is the one fixed sampling would have drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from multiplt.llm.base import Backend, Request


@dataclass(frozen=True)
class SamplingSettings:
    """The reference's sampling: 50 samples, temperature 0.8, top_p 0.95, 512 tokens, seeded."""

    n: int = 50
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 512
    seed: int | None = 0

    def to_dict(self) -> dict[str, Any]:
        """The settings as kept with every generated record."""
        return {"n": self.n, "temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens, "seed": self.seed}


@dataclass(frozen=True)
class AdaptiveSettings:
    """Adaptive sampling: rounds of ``round_size``; stop at ``k`` distinct passing; give up after ``m`` with none."""

    k: int = 5
    m: int = 20
    round_size: int = 10


def request_for(problem: Mapping[str, Any], settings: SamplingSettings, n: int | None = None) -> Request:
    """The request for a problem's samples: its prompt, stop tokens and name (replay keys by it)."""
    return Request(
        prompt=problem["prompt"],
        n=settings.n if n is None else n,
        temperature=settings.temperature,
        top_p=settings.top_p,
        max_tokens=settings.max_tokens,
        stop=tuple(problem.get("stop_tokens") or ()),
        seed=settings.seed,
        name=problem["name"],
    )


def sample_fixed(problems: Sequence[Mapping[str, Any]], backend: Backend, settings: SamplingSettings) -> list[list[str]]:
    """``settings.n`` completions per problem, in problem order, all requests at once."""
    return list(backend.complete([request_for(problem, settings) for problem in problems]))


# Validates (problem, completions) pairs: one list of solution dicts ("completion", "passed", ...) per pair.
Validator = Callable[[Sequence[tuple[Mapping[str, Any], Sequence[str]]]], list[list[dict[str, Any]]]]
# The text that decides whether two passing solutions are the same one.
DistinctKey = Callable[[Mapping[str, Any], str], str]


@dataclass
class AdaptiveOutcome:
    """One problem's adaptive sampling: every solution so far, and why sampling stopped."""

    solutions: list[dict[str, Any]] = field(default_factory=list)
    distinct_passing: set[str] = field(default_factory=set)
    stopped: str = ""  # "enough" (k distinct), "gave_up" (m without a pass), "budget" (n used)
    rounds: int = 0


def sample_adaptive(
    problems: Sequence[Mapping[str, Any]],
    backend: Backend,
    validate: Validator,
    settings: SamplingSettings,
    adaptive: AdaptiveSettings,
    distinct_key: DistinctKey = lambda problem, completion: completion.strip(),
) -> list[AdaptiveOutcome]:
    """Sample and validate in rounds until each problem has ``k`` distinct passing solutions,
    has had ``m`` samples without one, or has used ``settings.n`` samples."""
    outcomes = [AdaptiveOutcome() for _ in problems]
    active = list(range(len(problems)))
    while active:
        asks = [(index, min(len(outcomes[index].solutions) + adaptive.round_size, settings.n)) for index in active]
        samples = backend.complete([request_for(problems[index], settings, n) for index, n in asks])
        fresh = [(index, all_samples[len(outcomes[index].solutions) :]) for (index, _), all_samples in zip(asks, samples, strict=True)]
        judged = validate([(problems[index], completions) for index, completions in fresh])
        still_active = []
        for (index, completions), solutions in zip(fresh, judged, strict=True):
            outcome = outcomes[index]
            outcome.rounds += 1
            outcome.solutions.extend(solutions)
            for solution in solutions:
                if solution["passed"]:
                    outcome.distinct_passing.add(distinct_key(problems[index], solution["completion"]))
            used = len(outcome.solutions)
            if len(outcome.distinct_passing) >= adaptive.k:
                outcome.stopped = "enough"
            elif not outcome.distinct_passing and used >= adaptive.m:
                outcome.stopped = "gave_up"
            elif used >= settings.n or not completions:  # the backend has no more (a short replay)
                outcome.stopped = "budget"
            else:
                still_active.append(index)
        active = still_active
    return outcomes
