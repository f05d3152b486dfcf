"""pass@1 of one checkpoint on MultiPL-E problems, through `multiplt eval`'s own machinery.

The transformers backend (or vLLM, on a GPU) loads the checkpoint; completions, sandboxed scoring and
pass@k are the evaluation package's, so a checkpoint's number here is the number
`multiplt eval generate/score/summary` would print for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from multiplt.evaluation.generate import SamplingParams, plan_generation, run_generation
from multiplt.evaluation.score import plan_scoring, run_scoring
from multiplt.evaluation.summary import load_results, summarise
from multiplt.llm import open_backend


def evaluate_checkpoint(
    model_dir: Path,
    problems: Sequence[Path],
    out: Path,
    params: SamplingParams,
    *,
    limit: int | None = None,
    device: str | None = None,
    jobs: int | None = None,
    backend: str = "transformers",
) -> tuple[dict[str, float], list[str]]:
    """({language: pass@1}, error lines) of ``model_dir`` on ``problems``; results go under ``out``."""
    from multiplt.sandbox import Sandbox, available

    plan = plan_generation(list(problems), out, params, limit)
    errors = list(plan.errors)
    if plan.jobs:
        # vLLM places the model itself; only transformers takes a device.
        options = {"device": device} if backend == "transformers" else {}
        model = open_backend(backend, str(model_dir), cache_path=out / "llm-cache.sqlite", seed=0, **options)
        try:
            run_generation(plan, model, params)
        finally:
            model.close()
    score_plan = plan_scoring([out], available)
    errors.extend(score_plan.errors)
    if score_plan.jobs:
        with Sandbox(jobs=jobs) as sandbox:
            errors.extend(run_scoring(score_plan, sandbox).errors)
    loaded = load_results([out])
    errors.extend(loaded.errors)
    scores: dict[str, float] = {}
    for summary in summarise(loaded.problems):
        if 1 in summary.pass_at:
            scores[summary.language] = summary.pass_at[1]
    return scores, errors
