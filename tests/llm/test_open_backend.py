"""Choosing a backend: unknown kinds and missing optional packages fail at once, clearly."""

import importlib.util

import pytest

from multiplt.llm import BackendError, MissingExtraError, open_backend


def test_unknown_kind_names_the_valid_kinds() -> None:
    with pytest.raises(BackendError, match="unknown backend 'gpt'.*openai, llamacpp, vllm, transformers"):
        open_backend("gpt")


def test_missing_vllm_gives_the_pip_install_line() -> None:
    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed here")
    with pytest.raises(MissingExtraError, match=r"pip install 'multiplt\[vllm\]'"):
        open_backend("vllm", "some/model")


def test_missing_transformers_gives_the_pip_install_line() -> None:
    if importlib.util.find_spec("transformers") is not None and importlib.util.find_spec("torch") is not None:
        pytest.skip("transformers and torch are installed here")
    with pytest.raises(MissingExtraError, match=r"pip install 'multiplt\[transformers\]'"):
        open_backend("transformers", "some/model")


def test_llamacpp_with_a_missing_gguf_names_the_file(tmp_path) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed")
    with pytest.raises(BackendError, match="GGUF model file not found: .*absent.gguf"):
        open_backend("llamacpp", str(tmp_path / "absent.gguf"))


def test_concurrency_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        open_backend("openai", "m", concurrency=0)
