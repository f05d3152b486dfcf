"""Choosing a backend: unknown kinds and missing optional packages fail at once, clearly."""

import sys

import pytest

from multiplt.llm import BackendError, MissingExtraError, open_backend


def test_unknown_kind_names_the_valid_kinds() -> None:
    with pytest.raises(BackendError, match="unknown backend 'gpt'.*openai, llamacpp, vllm, transformers, replay"):
        open_backend("gpt")


def test_missing_vllm_gives_the_pip_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vllm", None)  # None in sys.modules makes the import fail
    with pytest.raises(MissingExtraError, match=r"pip install 'multiplt\[vllm\]'"):
        open_backend("vllm", "some/model")


def test_missing_transformers_gives_the_pip_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'multiplt\[transformers\]'"):
        open_backend("transformers", "some/model")


def test_missing_llama_cpp_gives_the_pip_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'multiplt\[llamacpp\]'"):
        open_backend("llamacpp")


def test_llamacpp_with_a_missing_gguf_names_the_file(tmp_path) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed")
    with pytest.raises(BackendError, match="GGUF model file not found: .*absent.gguf"):
        open_backend("llamacpp", str(tmp_path / "absent.gguf"))


def test_concurrency_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        open_backend("openai", "m", concurrency=0)


def test_an_option_the_kind_does_not_take_is_named() -> None:
    with pytest.raises(BackendError, match="'openai' backend.*n_ctx"):
        open_backend("openai", "m", n_ctx=512)
