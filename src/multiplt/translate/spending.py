"""What generating and validating cost, kept as the counters ``multiplt status`` and ``report`` read.

The runner already keeps ``llm.*`` for a part that used ``ctx.llm`` (the backend's
``stats`` before and after), but only as a total: one backend call serves a whole
part, all languages at once, so the backend cannot say which language used what.
Here each language gets its share of the part's usage, in proportion to what its
requests carried: prompt tokens by prompt characters times samples generated,
completion tokens and milliseconds by completion characters, requests and cache hits
by samples. The shares add up to the total exactly (largest remainder). A backend the
stage opened itself (``replay``) is invisible to the runner, so its totals are kept
here too.

Against fixed sampling: ``sampling.fixed_samples`` is what fixed sampling spends on
the same problems (``n`` each), and ``sampling.fixed_completion_tokens`` that many
samples at the tokens per sample actually seen (an estimate: the samples adaptive
sampling did not draw were never seen). Per validated solution is these divided by
the validate stage's ``<lang>/passed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from multiplt.llm.base import Stats
from multiplt.pipeline.stage import Context

USAGE_FIELDS = {"llm.requests": "requests", "llm.cache_hits": "cache_hits", "llm.prompt_tokens": "prompt_tokens",
                "llm.completion_tokens": "completion_tokens"}


def usage(stats: Stats) -> dict[str, int]:
    """A backend's usage so far, under the counter names of docs/records.md."""
    counters = {name: int(getattr(stats, field)) for name, field in USAGE_FIELDS.items()}
    counters["llm.ms"] = int(stats.seconds * 1000)
    return counters


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """``total`` split in proportion to ``weights``, whole numbers adding up to ``total``
    (largest remainder; ties go to the name that sorts first). Equal shares when all weights are 0."""
    names = sorted(weights)
    if not names:
        return {}
    weight_sum = sum(weights.values())
    exact = {name: total * (weights[name] / weight_sum if weight_sum > 0 else 1 / len(names)) for name in names}
    shares = {name: int(value) for name, value in exact.items()}
    left = total - sum(shares.values())
    for name in sorted(names, key=lambda name: (-(exact[name] - shares[name]), name))[:left]:
        shares[name] += 1
    return shares


def count_generation(
    ctx: Context,
    before: Mapping[str, int],
    after: Mapping[str, int],
    problems: Sequence[Mapping[str, Any]],
    completions: Sequence[Sequence[str]],
    fixed_n: int,
    *,
    own_backend: bool,
) -> None:
    """Keep the counters of one generate batch: samples, per-language ``llm.*`` shares, and
    what fixed sampling of ``fixed_n`` per problem would have spent."""
    delta = {name: after.get(name, 0) - before.get(name, 0) for name in after}
    samples: dict[str, int] = defaultdict(int)
    prompt_weight: dict[str, float] = defaultdict(float)
    completion_weight: dict[str, float] = defaultdict(float)
    for problem, texts in zip(problems, completions, strict=True):
        language = problem["language"]
        samples[language] += len(texts)
        prompt_weight[language] += len(problem["prompt"]) * len(texts)
        completion_weight[language] += sum(len(text) for text in texts)
        ctx.count(f"{language}/sampling.fixed_samples", fixed_n)
    ctx.count("llm.samples", sum(samples.values()))
    ctx.count("sampling.fixed_samples", fixed_n * len(problems))
    weights = {"llm.prompt_tokens": prompt_weight, "llm.completion_tokens": completion_weight, "llm.ms": completion_weight}
    for name, total in delta.items():
        if own_backend:
            ctx.count(name, total)
        for language, share in apportion(total, weights.get(name, samples)).items():
            ctx.count(f"{language}/{name}", share)
    for language, count in samples.items():
        ctx.count(f"{language}/samples", count)  # the funnel's "samples generated" step
    drawn = sum(samples.values())
    if drawn:
        per_sample = delta.get("llm.completion_tokens", 0) / drawn
        ctx.count("sampling.fixed_completion_tokens", round(per_sample * fixed_n * len(problems)))
    shares = apportion(delta.get("llm.completion_tokens", 0), completion_weight)
    for language, count in samples.items():
        if count:
            problems_of = sum(1 for problem in problems if problem["language"] == language)
            ctx.count(f"{language}/sampling.fixed_completion_tokens", round(shares[language] / count * fixed_n * problems_of))


def count_programs(ctx: Context, language: str, solutions: Sequence[Mapping[str, Any]]) -> None:
    """Keep ``sandbox.programs`` and ``sandbox.ms`` (total and ``<language>/``) for programs just run."""
    milliseconds = int(sum(float(solution["seconds"]) for solution in solutions) * 1000)
    for prefix in ("", f"{language}/"):
        ctx.count(f"{prefix}sandbox.programs", len(solutions))
        ctx.count(f"{prefix}sandbox.ms", milliseconds)
