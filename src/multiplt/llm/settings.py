"""`BackendSettings` -> an open `Backend`: the one place user options become a backend.

`multiplt run` (from the run config's ``[llm]`` section and its flags), `multiplt
generate` and `multiplt eval generate` (from their flags) all describe the backend they
want as a `BackendSettings` and open it with `open_from_settings`, so every option
means the same thing, and works, in every command.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from multiplt.llm.base import Backend, BackendError

OPENAI_ONLY = ("base_url", "chat")
"""Settings that mean something only to the openai backend; set for another kind they are an error."""


@dataclass(frozen=True)
class BackendSettings:
    """Everything needed to open a backend; defaults are the commands' defaults.

    ``api_key`` is the key itself (never saved in a run folder); when None the
    openai backend reads the environment variable ``api_key_env``. ``threads`` None
    means all cores (llamacpp). ``seed`` seeds every request that carries no seed of
    its own (sample i gets seed + i), in every backend. ``base_url`` is one API root or
    several (requests balanced across them; a list is kept as a tuple).
    """

    kind: str = "llamacpp"
    model: str | None = None
    base_url: str | Sequence[str] | None = None
    api_key: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = 8
    chat: bool = False
    timeout_s: float = 600.0
    retries: int = 5
    seed: int | None = None
    n_ctx: int = 4096
    threads: int | None = None
    cache_path: Path | None = None

    def __post_init__(self) -> None:
        if self.base_url is not None and not isinstance(self.base_url, str):
            object.__setattr__(self, "base_url", tuple(self.base_url) or None)  # hashable, like the rest

    def problems(self) -> list[tuple[str, str]]:
        """Settings that do not fit the kind, as (setting, message); empty when the settings are usable."""
        if self.kind == "openai":
            return []
        return [(name, f"applies to the openai backend only, not {self.kind!r}")
                for name in OPENAI_ONLY if getattr(self, name)]

    def with_defaults(self, **defaults: Any) -> BackendSettings:
        """A copy with ``defaults`` filled in where this one leaves them None (``threads``, ``cache_path``)."""
        return replace(self, **{key: value for key, value in defaults.items() if getattr(self, key) is None})

    def options(self) -> dict[str, Any]:
        """The keyword options `open_backend` takes for this kind."""
        options: dict[str, Any] = {"seed": self.seed} if self.seed is not None else {}
        if self.kind == "openai":
            api_key = self.api_key if self.api_key is not None else os.environ.get(self.api_key_env)
            options.update(api_key=api_key, concurrency=self.concurrency, chat=self.chat,
                           timeout_s=self.timeout_s, retries=self.retries)
            if self.base_url:  # one URL, or several to balance across
                options["base_url"] = [self.base_url] if isinstance(self.base_url, str) else list(self.base_url)
        elif self.kind == "llamacpp":
            options.update(n_ctx=self.n_ctx, n_threads=self.threads)
        return options


def open_from_settings(settings: BackendSettings) -> Backend:
    """Open the backend ``settings`` describe; a `BackendError` names any setting that does not fit."""
    from multiplt.llm import open_backend

    problems = settings.problems()
    if problems:
        raise BackendError("; ".join(f"{name} {message}" for name, message in problems))
    return open_backend(settings.kind, settings.model, cache_path=settings.cache_path, **settings.options())
