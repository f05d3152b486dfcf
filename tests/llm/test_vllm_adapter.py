"""The vllm backend's mapping onto vLLM's API, against FakeVLLM: a test double standing in
for the vllm package, which needs a GPU machine and cannot be installed here."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from multiplt.llm import Request, open_backend


@dataclass
class FakeSamplingParams:
    n: int
    temperature: float
    top_p: float
    max_tokens: int
    stop: list[str]
    seed: int | None


@dataclass
class FakeCompletion:
    text: str
    token_ids: list[int]


@dataclass
class FakeRequestOutput:
    prompt_token_ids: list[int]
    outputs: list[FakeCompletion] = field(default_factory=list)


class FakeLLM:
    """Records what it is asked; sample i of a prompt is "<prompt>#<seed or i>\\n\\nrest"."""

    instances: list[FakeLLM] = []

    def __init__(self, model: str, **options: Any) -> None:
        self.model = model
        self.options = options
        self.calls: list[tuple[list[str], list[FakeSamplingParams]]] = []
        FakeLLM.instances.append(self)

    def generate(self, prompts: list[str], params: list[FakeSamplingParams], use_tqdm: bool = True) -> list[FakeRequestOutput]:
        self.calls.append((prompts, params))
        return [
            FakeRequestOutput(
                prompt_token_ids=[1] * len(prompt),
                outputs=[FakeCompletion(f"{prompt}#{(p.seed or 0) + i}\n\nrest", [7, 7, 7]) for i in range(p.n)],
            )
            for prompt, p in zip(prompts, params)
        ]


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> type[FakeLLM]:
    module = types.ModuleType("vllm")
    module.LLM = FakeLLM  # type: ignore[attr-defined]
    module.SamplingParams = FakeSamplingParams  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vllm", module)
    FakeLLM.instances = []
    return FakeLLM


def test_engine_options_are_passed_to_vllm(fake_vllm: type[FakeLLM]) -> None:
    backend = open_backend("vllm", "org/model", tensor_parallel_size=2)
    list(backend.complete([Request("p")]))
    assert fake_vllm.instances[0].model == "org/model"
    assert fake_vllm.instances[0].options == {"tensor_parallel_size": 2}


def test_sampling_params_carry_the_request(fake_vllm: type[FakeLLM]) -> None:
    backend = open_backend("vllm", "m")
    list(backend.complete([Request("p", n=3, temperature=0.2, top_p=0.9, max_tokens=64, stop=("\n\n",), seed=5)]))
    [(_, [params])] = fake_vllm.instances[0].calls
    assert params == FakeSamplingParams(n=3, temperature=0.2, top_p=0.9, max_tokens=64, stop=["\n\n"], seed=5)


def test_samples_are_cut_at_stop_sequences_on_the_client(fake_vllm: type[FakeLLM]) -> None:
    backend = open_backend("vllm", "m")
    assert list(backend.complete([Request("p", n=2, stop=("\n\n",), seed=0)])) == [["p#0", "p#1"]]


def test_requests_are_batched(fake_vllm: type[FakeLLM]) -> None:
    backend = open_backend("vllm", "m", batch_size=2)
    list(backend.complete([Request(f"p{i}") for i in range(5)]))
    assert [len(prompts) for prompts, _ in fake_vllm.instances[0].calls] == [2, 2, 1]


def test_a_resumed_run_asks_vllm_only_for_missing_samples(fake_vllm: type[FakeLLM], tmp_path: Path) -> None:
    cache = tmp_path / "llm.sqlite"
    list(open_backend("vllm", "m", cache_path=cache).complete([Request("p", n=2, seed=10)]))
    resumed = open_backend("vllm", "m", cache_path=cache)
    assert list(resumed.complete([Request("p", n=5, seed=10)])) == [[f"p#{seed}\n\nrest" for seed in range(10, 15)]]
    [(_, [params])] = fake_vllm.instances[1].calls
    assert (params.n, params.seed) == (3, 12)


def test_tokens_are_counted_from_vllm_outputs(fake_vllm: type[FakeLLM]) -> None:
    backend = open_backend("vllm", "m")
    list(backend.complete([Request("abcd", n=2)]))
    assert (backend.stats.prompt_tokens, backend.stats.completion_tokens) == (4, 6)
