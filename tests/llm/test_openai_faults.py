"""The openai backend against a scripted fault server (a test double on loopback):
retries on 500, 429 and hung connections, clear errors for what cannot be retried."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from llm_servers import FaultServer, completion_answer, free_port

from multiplt.llm import BackendError, Request, open_backend


def _error(status: int, headers: dict[str, str] | None = None):
    return lambda body: (status, headers or {}, b'{"error": "scripted"}')


def _ok(*texts: str):
    return lambda body: completion_answer(list(texts))


def _hang(body: dict[str, Any]) -> str:
    return "hang"


@pytest.fixture
def serve() -> Iterator:
    servers: list[FaultServer] = []

    def start(*script) -> FaultServer:
        server = FaultServer(list(script))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def _backend(server: FaultServer, **options: Any):
    defaults = {"base_url": server.base_url, "retries": 2, "backoff_s": 0.01, "timeout_s": 5.0}
    return open_backend("openai", "test-model", **{**defaults, **options})


def test_500_is_retried_until_the_server_answers(serve) -> None:
    server = serve(_error(500), _error(503), _ok("done"))
    backend = _backend(server)
    assert list(backend.complete([Request("p")])) == [["done"]]
    assert len(server.bodies) == 3
    assert backend.stats.requests == 3


def test_429_is_retried(serve) -> None:
    server = serve(_error(429, {"Retry-After": "0"}), _ok("after rate limit"))
    assert list(_backend(server).complete([Request("p")])) == [["after rate limit"]]
    assert len(server.bodies) == 2


def test_a_server_that_keeps_failing_gives_a_clear_error_after_the_retries(serve) -> None:
    server = serve(_error(500))
    with pytest.raises(BackendError) as caught:
        list(_backend(server, retries=2).complete([Request("p")]))
    message = str(caught.value)
    assert server.base_url in message
    assert "failed 3 attempts" in message
    assert "HTTP 500" in message
    assert len(server.bodies) == 3


def test_malformed_json_fails_at_once_quoting_the_answer(serve) -> None:
    server = serve(lambda body: (200, {"Content-Type": "application/json"}, b'{"choices": [ oops'))
    with pytest.raises(BackendError, match=r"malformed JSON.*oops"):
        list(_backend(server).complete([Request("p")]))
    assert len(server.bodies) == 1


def test_answer_without_choices_is_malformed(serve) -> None:
    server = serve(lambda body: (200, {}, json.dumps({"result": "x"}).encode()))
    with pytest.raises(BackendError, match="malformed JSON"):
        list(_backend(server).complete([Request("p")]))


def test_a_hung_request_times_out_and_is_retried(serve) -> None:
    server = serve(_hang, _ok("after the hang"))
    backend = _backend(server, timeout_s=0.5)
    assert list(backend.complete([Request("p")])) == [["after the hang"]]
    assert len(server.bodies) == 2


def test_a_server_that_always_hangs_fails_naming_the_timeout(serve) -> None:
    server = serve(_hang)
    with pytest.raises(BackendError, match=r"no answer within 0.3s"):
        list(_backend(server, timeout_s=0.3, retries=1).complete([Request("p")]))


def test_client_errors_are_not_retried_and_quote_the_server(serve) -> None:
    server = serve(lambda body: (400, {}, b'{"error": "prompt too long"}'))
    with pytest.raises(BackendError, match=r"HTTP 400.*prompt too long"):
        list(_backend(server).complete([Request("p")]))
    assert len(server.bodies) == 1


def test_nothing_listening_gives_a_clear_error() -> None:
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    backend = open_backend("openai", "m", base_url=base_url, retries=1, backoff_s=0.01)
    with pytest.raises(BackendError, match=r"failed 2 attempts.*ConnectError.*is it running"):
        list(backend.complete([Request("p")]))


def test_a_server_ignoring_n_is_asked_again_for_the_missing_samples(serve) -> None:
    server = serve(_ok("one"), _ok("two"), _ok("three"))
    assert list(_backend(server).complete([Request("p", n=3)])) == [["one", "two", "three"]]
    assert [body["n"] for body in server.bodies] == [3, 2, 1]


def test_each_follow_up_request_is_seeded_for_its_first_missing_sample(serve) -> None:
    server = serve(_ok("a"))
    list(_backend(server).complete([Request("p", n=3, seed=100)]))
    assert [body["seed"] for body in server.bodies] == [100, 101, 102]


def test_extra_choices_beyond_n_are_dropped(serve) -> None:
    server = serve(_ok("a", "b", "c"))
    assert list(_backend(server).complete([Request("p", n=2)])) == [["a", "b"]]


def test_stop_sequences_are_applied_even_when_the_server_ignores_them(serve) -> None:
    server = serve(_ok("return 1\nend\n\nfunction other()"))
    result = list(_backend(server).complete([Request("p", stop=("\n\n",))]))
    assert result == [["return 1\nend"]]
    assert server.bodies[0]["stop"] == ["\n\n"]


def test_usage_tokens_are_summed(serve) -> None:
    server = serve(lambda body: completion_answer(["x"] * body["n"], prompt_tokens=7, completion_tokens=4))
    backend = _backend(server)
    list(backend.complete([Request("p", n=2), Request("q", n=1)]))
    assert backend.stats.prompt_tokens == 14
    assert backend.stats.completion_tokens == 12


def test_chat_mode_sends_messages_and_reads_message_content(serve) -> None:
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}}]}
    server = serve(lambda body: (200, {}, json.dumps(answer).encode()))
    assert list(_backend(server, chat=True).complete([Request("hello")])) == [["hi"]]
    assert server.bodies[0]["messages"] == [{"role": "user", "content": "hello"}]
    assert "prompt" not in server.bodies[0]


def test_results_come_back_in_input_order_under_concurrency(serve) -> None:
    server = serve(lambda body: completion_answer([body["prompt"].upper()]))
    prompts = [f"p{i}" for i in range(20)]
    results = list(_backend(server, concurrency=8).complete([Request(p) for p in prompts]))
    assert results == [[p.upper()] for p in prompts]


def test_failure_keeps_the_samples_that_finished_in_the_cache(serve, tmp_path: Path) -> None:
    server = serve(_ok("first"), _error(500))
    cache = tmp_path / "llm.sqlite"
    # One request at a time, so "a" is the one the server answers first (with two in
    # flight, which reaches it first depends on the machine's load).
    with pytest.raises(BackendError):
        list(_backend(server, cache_path=cache, retries=1, concurrency=1).complete([Request("a"), Request("b")]))
    healthy = serve(_ok("second"))
    resumed = _backend(healthy, cache_path=cache)
    assert list(resumed.complete([Request("a"), Request("b")])) == [["first"], ["second"]]
    assert [body["prompt"] for body in healthy.bodies] == ["b"]
