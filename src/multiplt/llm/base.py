"""The one interface every generation goes through: `Request` in, samples out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Request:
    """Ask for ``n`` samples continuing ``prompt``."""

    prompt: str
    n: int = 1
    temperature: float = 0.2
    top_p: float = 0.95
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    seed: int | None = None


class Backend(Protocol):
    """A text generator. ``complete`` yields one list of ``n`` strings per request, in order."""

    kind: str  # "openai", "vllm", "transformers", "llamacpp"
    model: str

    def complete(self, requests: Sequence[Request]) -> Iterator[list[str]]:
        """Generate the samples of each request; stop sequences already applied."""
        ...
