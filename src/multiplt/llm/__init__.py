"""LLM backends behind one interface: `open_backend(kind, model)` -> `Backend`.

Commands and stages describe the backend they want as a `BackendSettings` and open it
with `open_from_settings` (``settings.py``), so every option works everywhere.

Kinds: "openai" (any OpenAI-compatible server), "llamacpp" (in-process, the embedded
default model), "vllm" and "transformers" (optional extras, imported only when chosen), "replay"
(completions recorded in a file, served as if a model wrote them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from multiplt.llm.base import Backend, BackendError, Job, MissingExtraError, Request, Stats
from multiplt.llm.settings import BackendSettings, open_from_settings
from multiplt.llm.stop import truncate_at_stop

BACKEND_KINDS = ("openai", "llamacpp", "vllm", "transformers", "replay")

__all__ = [
    "BACKEND_KINDS",
    "Backend",
    "BackendError",
    "BackendSettings",
    "Job",
    "MissingExtraError",
    "Request",
    "Stats",
    "open_backend",
    "open_from_settings",
    "truncate_at_stop",
]


def open_backend(kind: str, model: str | None = None, *, cache_path: Path | None = None, **options: Any) -> Backend:
    """Open a backend of ``kind`` for ``model``; samples are cached in ``cache_path`` when given.

    Every kind but replay takes ``seed`` (the seed of requests that carry none). Options
    by kind: openai (base_url, api_key, concurrency, chat, timeout_s, retries, backoff_s),
    llamacpp (n_ctx, n_threads; model None = the embedded GGUF),
    vllm (batch_size and any ``vllm.LLM`` argument), transformers (device, dtype),
    replay (on_missing; model = the replay file, see `multiplt.llm.replay`).
    A missing optional package raises `MissingExtraError` naming the pip install line.
    """
    if kind == "openai":
        from multiplt.llm.openai_compat import OpenAIBackend as backend_class
    elif kind == "llamacpp":
        from multiplt.llm.llamacpp import LlamaCppBackend as backend_class
    elif kind == "vllm":
        from multiplt.llm.vllm_backend import VLLMBackend as backend_class
    elif kind == "transformers":
        from multiplt.llm.transformers_backend import TransformersBackend as backend_class
    elif kind == "replay":
        from multiplt.llm.replay import ReplayBackend as backend_class
    else:
        raise BackendError(f"unknown backend {kind!r}: choose one of {', '.join(BACKEND_KINDS)}")
    try:
        return backend_class(model, cache_path=cache_path, **options)
    except TypeError as error:  # an option this kind does not take
        raise BackendError(f"the {kind!r} backend: {error}") from None
