"""Per-language shares of a batch's LLM usage, and what fixed sampling would have spent."""

from __future__ import annotations

from pathlib import Path

from multiplt.pipeline.stage import Context
from multiplt.translate.spending import apportion, count_generation, count_programs


def test_apportion_gives_whole_shares_that_add_up_by_largest_remainder() -> None:
    assert apportion(10, {"lua": 1, "rkt": 2}) == {"lua": 3, "rkt": 7}
    assert apportion(5, {"rkt": 0, "lua": 0}) == {"lua": 3, "rkt": 2}  # equal weights: the tie goes to "lua"
    assert apportion(0, {"lua": 4}) == {"lua": 0}
    assert apportion(7, {}) == {}


def test_generation_counters_split_usage_by_what_each_language_carried(tmp_path: Path) -> None:
    ctx = Context("generate", tmp_path)
    problems = [{"language": "lua", "prompt": "p" * 10}, {"language": "rkt", "prompt": "q" * 30}]
    completions = [["a" * 30, "b" * 30], ["c" * 20, "d" * 20]]  # completion characters: lua 60, rkt 40
    before = {"llm.requests": 4, "llm.cache_hits": 0, "llm.prompt_tokens": 100, "llm.completion_tokens": 50, "llm.ms": 0}
    after = {"llm.requests": 6, "llm.cache_hits": 0, "llm.prompt_tokens": 180, "llm.completion_tokens": 150, "llm.ms": 1000}
    count_generation(ctx, before, after, problems, completions, fixed_n=50, own_backend=False)
    counters = ctx.counters
    # prompt tokens 80 by prompt characters x samples: lua 20, rkt 60 -> 20 and 60.
    assert (counters["lua/llm.prompt_tokens"], counters["rkt/llm.prompt_tokens"]) == (20, 60)
    # completion tokens 100 and 1000 ms by completion characters 60 : 40.
    assert (counters["lua/llm.completion_tokens"], counters["rkt/llm.completion_tokens"]) == (60, 40)
    assert (counters["lua/llm.ms"], counters["rkt/llm.ms"]) == (600, 400)
    assert (counters["lua/llm.requests"], counters["rkt/llm.requests"]) == (1, 1)
    assert "llm.prompt_tokens" not in counters  # the runner keeps ctx.llm's totals itself
    assert counters["llm.samples"] == 4 and counters["lua/samples"] == 2
    assert counters["sampling.fixed_samples"] == 100 and counters["rkt/sampling.fixed_samples"] == 50
    assert counters["sampling.fixed_completion_tokens"] == 2500  # 25 tokens a sample x 100
    # lua: 60 tokens over 2 samples -> 30 a sample x 50; rkt: 40 over 2 -> 20 x 50
    assert (counters["lua/sampling.fixed_completion_tokens"], counters["rkt/sampling.fixed_completion_tokens"]) == (1500, 1000)


def test_a_backend_the_stage_opened_keeps_its_totals_too(tmp_path: Path) -> None:
    ctx = Context("generate", tmp_path)
    count_generation(ctx, {"llm.requests": 0}, {"llm.requests": 3}, [{"language": "lua", "prompt": "p"}], [["x"]],
                     fixed_n=1, own_backend=True)
    assert ctx.counters["llm.requests"] == ctx.counters["lua/llm.requests"] == 3


def test_program_counters_keep_total_and_language(tmp_path: Path) -> None:
    ctx = Context("validate", tmp_path)
    count_programs(ctx, "rkt", [{"seconds": 0.25}, {"seconds": 1.5}])
    assert ctx.counters["sandbox.ms"] == ctx.counters["rkt/sandbox.ms"] == 1750
    assert ctx.counters["sandbox.programs"] == ctx.counters["rkt/sandbox.programs"] == 2
