"""Adaptive sampling on real Lua runs: rounds stop at k distinct passing solutions, or give up after m."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from runtimes import require_runtime

from multiplt.pipeline.stage import Context
from multiplt.records import Record
from multiplt.translate.stages import GenerateStage, TranslateStage, ValidateStage

WRONG = "  return 0\nend"
ADD_A = "  return x + y\nend"
ADD_B = "  local s = x\n  s = s + y\n  return s\nend"


def _run(stage: Any, records: list[Record], ctx: Context) -> list[Record]:
    stage.setup(ctx)
    try:
        return stage(records, ctx)
    finally:
        stage.teardown()


def test_adaptive_rounds_stop_at_k_distinct_and_give_up_after_m(tmp_path: Path, humaneval: dict[str, dict[str, Any]]) -> None:
    require_runtime("lua")
    sources = [Record.root(humaneval["HumanEval_53_add"]), Record.root(humaneval["HumanEval_23_strlen"])]
    add, strlen = _run(TranslateStage(languages=["lua"]), sources, Context("translate", tmp_path))
    replay = tmp_path / "completions"
    replay.mkdir()
    samples = {add["name"]: [WRONG, WRONG, ADD_A, ADD_A, ADD_B, ADD_A, ADD_A, ADD_A], strlen["name"]: [WRONG] * 8}
    for problem in (add, strlen):
        with gzip.open(replay / f"{problem['name']}.json.gz", "wt") as handle:
            json.dump({**problem.data, "completions": samples[problem["name"]]}, handle)

    ctx = Context("generate", tmp_path)
    stage = GenerateStage(replay=str(replay), n=8, adaptive=True, k=2, m=4, round_size=2)
    add_out, strlen_out = _run(stage, [add, strlen], ctx)
    # add: rounds [W, W], [A, A], [B, A] -> two distinct passing after 6 samples.
    assert add_out["adaptive"] == {"stopped": "enough", "rounds": 3}
    assert [s["passed"] for s in add_out["solutions"]] == [False, False, True, True, True, True]
    # strlen: two rounds of wrong answers reach m = 4 without a pass.
    assert strlen_out["adaptive"] == {"stopped": "gave_up", "rounds": 2}
    assert len(strlen_out["completions"]) == 4
    assert ctx.counters["lua/samples"] == ctx.counters["llm.samples"] == 10
    assert ctx.counters["sampling.fixed_samples"] == ctx.counters["lua/sampling.fixed_samples"] == 16  # 8 each
    assert ctx.counters["llm.requests"] == ctx.counters["lua/llm.requests"] == 5  # 3 rounds + 2 rounds
    assert ctx.counters["adaptive.distinct_passing"] == ctx.counters["lua/adaptive.distinct_passing"] == 2
    assert ctx.counters["sandbox.programs"] == ctx.counters["lua/sandbox.programs"] == 10  # validated while sampling

    validate_ctx = Context("validate", tmp_path)
    [validated] = _run(ValidateStage(), [add_out, strlen_out], validate_ctx)
    assert validated["passed"] == 4 and validate_ctx.counters["sandbox.programs"] == 0  # judged during sampling
    assert validate_ctx.counters["dropped.no_passing_solution"] == 1
