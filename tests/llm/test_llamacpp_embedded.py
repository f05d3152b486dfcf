"""The in-process llamacpp backend on the embedded Gemma 3 270M GGUF: real generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiplt.llm import Request, open_backend
from multiplt.llm.embedded_model import EMBEDDED_MODEL_NAME, embedded_model_path


@pytest.fixture(scope="module")
def embedded(gguf_path: Path):
    backend = open_backend("llamacpp", n_ctx=256, n_threads=1)
    yield backend
    backend.close()


def test_embedded_model_is_assembled_into_the_user_cache(gguf_path: Path) -> None:
    assert gguf_path.name == EMBEDDED_MODEL_NAME
    assert gguf_path.parent.name == "models" and gguf_path.parent.parent.name == "multiplt"
    assert gguf_path.stat().st_size > 100_000_000
    assert embedded_model_path() == gguf_path


def test_embedded_model_is_assembled_in_a_fresh_cache_dir(gguf_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = embedded_model_path()
    assert path == tmp_path / "multiplt" / "models" / EMBEDDED_MODEL_NAME
    assert path.stat().st_size == gguf_path.stat().st_size
    assert [p.name for p in path.parent.iterdir()] == [EMBEDDED_MODEL_NAME]  # no partial file left


def test_generates_n_samples_per_request(embedded) -> None:
    results = list(embedded.complete([Request("def add(a, b):\n", n=2, temperature=0.8, max_tokens=4, seed=1)]))
    assert len(results) == 1 and len(results[0]) == 2
    assert all(text for text in results[0])
    assert 0 < embedded.stats.completion_tokens


def test_greedy_generation_continues_the_pattern(embedded) -> None:
    [[text]] = embedded.complete([Request("cat cat cat cat cat cat cat cat", temperature=0.0, max_tokens=4)])
    assert text.split()[0] == "cat"


def test_stop_sequence_cuts_the_completion(embedded) -> None:
    [[text]] = embedded.complete([Request("1, 2, 3, 4, 5, 6, 7, 8, 9,", temperature=0.0, max_tokens=16, stop=(", 12",))])
    assert text == " 10, 11"


def test_the_same_seed_gives_the_same_samples(embedded) -> None:
    request = Request("def mul(a, b):\n", n=2, temperature=1.0, max_tokens=4, seed=42)
    assert list(embedded.complete([request])) == list(embedded.complete([request]))


def test_cache_serves_a_repeated_run(gguf_path: Path, tmp_path: Path) -> None:
    request = Request("x = ", n=2, temperature=0.8, max_tokens=4, seed=3)
    first = open_backend("llamacpp", n_ctx=256, n_threads=1, cache_path=tmp_path / "llm.sqlite")
    expected = list(first.complete([request]))
    first.close()
    second = open_backend("llamacpp", n_ctx=256, n_threads=1, cache_path=tmp_path / "llm.sqlite")
    assert list(second.complete([request])) == expected
    assert second.stats.requests == 0 and second.stats.cache_hits == 2
    second.close()
