"""The SQLite sample cache: keys, per-index look-up, persistence across processes."""

from pathlib import Path

from multiplt.llm import Request
from multiplt.llm.cache import SampleCache, request_key


def test_key_differs_when_any_sampling_parameter_differs() -> None:
    base = Request("p", temperature=0.2, top_p=0.95, max_tokens=16, stop=("\n",), seed=None)
    variants = [
        Request("q", temperature=0.2, top_p=0.95, max_tokens=16, stop=("\n",)),
        Request("p", temperature=0.8, top_p=0.95, max_tokens=16, stop=("\n",)),
        Request("p", temperature=0.2, top_p=0.9, max_tokens=16, stop=("\n",)),
        Request("p", temperature=0.2, top_p=0.95, max_tokens=32, stop=("\n",)),
        Request("p", temperature=0.2, top_p=0.95, max_tokens=16, stop=("\n\n",)),
        Request("p", temperature=0.2, top_p=0.95, max_tokens=16, stop=("\n",), seed=1),
    ]
    keys = {request_key("openai", "m", variant) for variant in variants}
    assert request_key("openai", "m", base) not in keys
    assert len(keys) == len(variants)


def test_key_differs_by_backend_kind_and_model() -> None:
    request = Request("p")
    assert request_key("openai", "m", request) != request_key("llamacpp", "m", request)
    assert request_key("openai", "m", request) != request_key("openai", "other", request)


def test_key_ignores_n_so_more_samples_extend_the_same_entry() -> None:
    assert request_key("openai", "m", Request("p", n=3)) == request_key("openai", "m", Request("p", n=5))


def test_lookup_returns_only_indices_below_n(tmp_path: Path) -> None:
    cache = SampleCache(tmp_path / "llm.sqlite")
    request = Request("p", n=5)
    key = request_key("openai", "m", request)
    cache.store(key, "openai", "m", request, [(0, "a"), (1, "b"), (3, "d")])
    assert cache.lookup(key, 2) == {0: "a", 1: "b"}
    assert cache.lookup(key, 5) == {0: "a", 1: "b", 3: "d"}


def test_samples_survive_reopening_the_file(tmp_path: Path) -> None:
    request = Request("p", n=2)
    key = request_key("openai", "m", request)
    first = SampleCache(tmp_path / "llm.sqlite")
    first.store(key, "openai", "m", request, [(0, "kept")])
    first.close()
    assert SampleCache(tmp_path / "llm.sqlite").lookup(key, 2) == {0: "kept"}


def test_cache_file_is_created_with_its_folder(tmp_path: Path) -> None:
    SampleCache(tmp_path / "run" / "cache" / "llm.sqlite")
    assert (tmp_path / "run" / "cache" / "llm.sqlite").is_file()
