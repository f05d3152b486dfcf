"""The openai backend against a real llama.cpp server (llama-cpp-python's server extra,
the shipped GGUF, a loopback port), counting requests at a proxy in front of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_servers import CountingProxy, LlamaServer

from multiplt.llm import BackendError, Request, open_backend

PROMPT = "def add(a, b):\n"
GREEDY = {"temperature": 0.0, "max_tokens": 16}


def _backend(base_url: str, cache_path: Path | None = None, **options):
    return open_backend("openai", "gemma3-270m", base_url=base_url, cache_path=cache_path, **options)


def test_n_samples_come_back_for_each_request(proxy: CountingProxy) -> None:
    results = list(_backend(proxy.base_url).complete([Request(PROMPT, n=3, temperature=0.8, max_tokens=8, seed=7)]))
    assert len(results) == 1
    assert len(results[0]) == 3
    assert all(isinstance(text, str) for text in results[0])


def test_seeded_samples_differ_from_each_other(proxy: CountingProxy) -> None:
    # The server ignores n, so each sample is a separate request with its own seed.
    [samples] = _backend(proxy.base_url).complete([Request(PROMPT, n=3, temperature=1.0, max_tokens=6, seed=11)])
    assert len(set(samples)) > 1


def test_stop_sequence_cuts_the_completion_where_it_first_occurs(proxy: CountingProxy) -> None:
    counting = "1, 2, 3, 4, 5, 6, 7, 8, 9,"  # greedy: " 10, 11, 12, 13, ..."
    [[text]] = _backend(proxy.base_url).complete([Request(counting, stop=(", 12", ", 13"), **GREEDY)])
    assert text == " 10, 11"


def test_results_follow_input_order_with_concurrent_requests(proxy: CountingProxy) -> None:
    words = ["cat", "dog", "red", "sun", "box", "pen"]
    requests = [Request(" ".join([word] * 12), temperature=0.0, max_tokens=4) for word in words]
    results = list(_backend(proxy.base_url, concurrency=4).complete(requests))
    assert [samples[0].split()[0] for samples in results] == words


def test_token_usage_is_counted(proxy: CountingProxy) -> None:
    backend = _backend(proxy.base_url)
    list(backend.complete([Request(PROMPT, n=2, temperature=0.8, max_tokens=8, seed=3)]))
    assert backend.stats.prompt_tokens > 0
    assert 0 < backend.stats.completion_tokens <= 16
    assert backend.stats.requests == 2


def test_a_second_run_with_the_same_cache_makes_no_requests(proxy: CountingProxy, tmp_path: Path) -> None:
    cache = tmp_path / "llm.sqlite"
    requests = [Request(PROMPT, n=2, temperature=0.8, max_tokens=8, seed=5), Request("x = ", **GREEDY)]
    first = list(_backend(proxy.base_url, cache).complete(requests))
    sent = proxy.requests
    assert sent > 0
    again = _backend(proxy.base_url, cache)
    assert list(again.complete(requests)) == first
    assert proxy.requests == sent
    assert again.stats.cache_hits == 3
    assert again.stats.requests == 0


def test_a_resumed_run_asks_only_for_the_missing_samples(proxy: CountingProxy, tmp_path: Path) -> None:
    cache = tmp_path / "llm.sqlite"
    three = list(_backend(proxy.base_url, cache).complete([Request(PROMPT, n=3, temperature=0.8, max_tokens=8, seed=9)]))
    asked_before = proxy.requests
    five = list(_backend(proxy.base_url, cache).complete([Request(PROMPT, n=5, temperature=0.8, max_tokens=8, seed=9)]))
    new_bodies = proxy.bodies[asked_before:]
    assert new_bodies[0]["n"] == 2
    assert [body["seed"] for body in new_bodies] == [12, 13]
    assert five[0][:3] == three[0]
    assert len(five[0]) == 5


def test_model_name_is_discovered_from_the_server_when_not_given(llama_server: LlamaServer) -> None:
    assert open_backend("openai", base_url=llama_server.base_url).model == "gemma3-270m"


def test_a_server_killed_mid_run_fails_clearly_then_the_rerun_repeats_nothing(
    gguf_path: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "llm.sqlite"
    requests = [Request(f"# step {i}\n", **{**GREEDY, "max_tokens": 8}) for i in range(6)]
    doomed = LlamaServer(gguf_path, tmp_path / "doomed.log")
    try:
        backend = _backend(doomed.base_url, cache, concurrency=1, retries=2, backoff_s=0.05)
        results = backend.complete(requests)
        finished = [next(results), next(results)]
        doomed.stop()  # SIGKILL while the run is going on
        with pytest.raises(BackendError, match=r"failed 3 attempts.*is it running.*rerun to resume"):
            finished.extend(results)
    finally:
        doomed.stop()
    cached_samples = backend.cache.count()
    assert 2 <= cached_samples < len(requests)

    revived = LlamaServer(gguf_path, tmp_path / "revived.log")
    counting = CountingProxy(revived.port)
    try:
        resumed = list(_backend(counting.base_url, cache, concurrency=2).complete(requests))
    finally:
        counting.close()
        revived.stop()
    assert counting.requests == len(requests) - cached_samples
    assert {body["prompt"] for body in counting.bodies}.isdisjoint(r.prompt for r in requests[:cached_samples])
    assert resumed[:2] == finished[:2]
    assert len(resumed) == len(requests)


def test_chat_mode_gets_an_answer_from_the_real_server(proxy: CountingProxy) -> None:
    backend = _backend(proxy.base_url, chat=True)
    [[text]] = backend.complete([Request("Reply with one word: hello", temperature=0.0, max_tokens=6)])
    assert text.strip(), "the chat answer was empty"
    [body] = proxy.bodies
    assert body["messages"] == [{"role": "user", "content": "Reply with one word: hello"}] and "prompt" not in body
    assert backend.stats.completion_tokens > 0


def test_chat_and_completion_modes_are_cached_apart(proxy: CountingProxy, tmp_path: Path) -> None:
    cache = tmp_path / "llm.sqlite"
    request = Request("Count: 1, 2, 3,", temperature=0.0, max_tokens=4)
    list(_backend(proxy.base_url, cache).complete([request]))
    list(_backend(proxy.base_url, cache, chat=True).complete([request]))
    assert proxy.requests == 2
