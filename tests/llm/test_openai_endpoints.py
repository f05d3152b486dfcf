"""The openai backend over two real llama.cpp servers: requests balanced across both,
and one of them killed: every request still answered, by the other; `--base-url`
repeated on the command line reaches the same balancing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_servers import CountingProxy, LlamaServer
from typer.testing import CliRunner

from multiplt.cli.main import app
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


def test_repeated_base_url_flags_spread_a_generate_command_over_both_servers(two_servers: list[LlamaServer],
                                                                             tmp_path: Path) -> None:
    proxies = [CountingProxy(server.port) for server in two_servers]  # to count what each server got
    try:
        prompts = tmp_path / "prompts.jsonl"
        prompts.write_text("".join(json.dumps({"prompt": COUNTING, "name": f"p{i}"}) + "\n" for i in range(8)),
                           encoding="utf-8")
        out = tmp_path / "out.jsonl"
        result = CliRunner().invoke(app, [
            "generate", "--backend", "openai", "--base-url", proxies[0].base_url, "--base-url", proxies[1].base_url,
            "--model", "gemma3-270m", "--prompts", str(prompts), "--out", str(out), "--n", "1", "--max-tokens", "16",
            "--temperature", "0", "--stop", ", 12", "--concurrency", "4", "--no-cache"])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [row["name"] for row in rows] == [f"p{i}" for i in range(8)]
        assert [row["completions"] for row in rows] == [[" 10, 11"]] * 8
        assert proxies[0].requests >= 1 and proxies[1].requests >= 1
        assert proxies[0].requests + proxies[1].requests == 8
    finally:
        for proxy in proxies:
            proxy.close()
