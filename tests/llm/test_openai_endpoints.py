"""The openai backend over two real llama.cpp servers: requests balanced across both,
and one of them killed: every request still answered, by the other."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_servers import LlamaServer

from multiplt.llm import BackendError, Request, open_backend

COUNTING = "1, 2, 3, 4, 5, 6, 7, 8, 9,"  # greedy: " 10, 11, 12, 13, ..."


def _requests(count: int, first_seed: int) -> list[Request]:
    # Distinct seeds make distinct requests; at temperature 0 the answer is the same.
    return [Request(COUNTING, stop=(", 12",), temperature=0.0, max_tokens=16, seed=first_seed + i)
            for i in range(count)]


@pytest.fixture
def two_servers(gguf_path: Path, tmp_path: Path) -> list[LlamaServer]:
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] not installed")
    servers = [LlamaServer(gguf_path, tmp_path / f"server-{i}.log") for i in range(2)]
    yield servers
    for server in servers:
        server.stop()


def test_requests_are_balanced_and_a_killed_server_is_taken_out(two_servers: list[LlamaServer]) -> None:
    first, second = two_servers
    backend = open_backend("openai", "gemma3-270m", base_url=[first.base_url, second.base_url], concurrency=4,
                           retries=2)
    assert list(backend.complete(_requests(8, 100))) == [[" 10, 11"]] * 8
    answered = dict(backend.endpoints.answered)
    assert answered[first.base_url] >= 1 and answered[second.base_url] >= 1
    assert sum(answered.values()) == 8

    second.stop()  # SIGKILL: as abrupt as a node going away
    assert list(backend.complete(_requests(8, 200))) == [[" 10, 11"]] * 8
    assert backend.endpoints.answered[second.base_url] == answered[second.base_url]
    assert backend.endpoints.answered[first.base_url] == answered[first.base_url] + 8
    assert backend.endpoints.failed[second.base_url] >= 1
    backend.close()


def test_when_every_server_is_gone_the_error_names_them_all(two_servers: list[LlamaServer]) -> None:
    urls = [server.base_url for server in two_servers]
    for server in two_servers:
        server.stop()
    backend = open_backend("openai", "gemma3-270m", base_url=urls, retries=1)
    with pytest.raises(BackendError) as caught:
        list(backend.complete(_requests(1, 0)))
    message = str(caught.value)
    assert f"the servers at {urls[0]}, {urls[1]} failed 3 attempts" in message
    assert "\n" not in message
