"""The one interface every generation goes through: `Request` in, samples out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Request:
    """Ask for ``n`` samples continuing ``prompt``.

    ``seed`` makes sampling repeatable where the backend supports it: sample ``i``
    of the request is drawn with seed ``seed + i``, so a resumed run that asks
    only for the missing samples draws the same ones it would have drawn.
    ``name`` says what the prompt is for (a function or problem name); only backends
    that key recorded samples by it (replay) read it, and it is not part of the cache key.
    """

    prompt: str
    n: int = 1
    temperature: float = 0.2
    top_p: float = 0.95
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    seed: int | None = None
    name: str | None = None


@dataclass
class Stats:
    """What a backend has done since it was opened (updated while it works)."""

    requests: int = 0  # calls made to the model: HTTP requests, or in-process generate calls
    cache_hits: int = 0  # samples served from the cache
    generated: int = 0  # samples the model produced
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # wall time spent inside complete()

    def tokens_per_second(self) -> float:
        """Completion tokens per second of ``complete()`` time (0 before any work)."""
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0


class Backend(Protocol):
    """A text generator. ``complete`` yields one list of ``n`` strings per request, in order."""

    kind: str  # "openai", "vllm", "transformers", "llamacpp", "replay"
    model: str
    stats: Stats

    def complete(self, requests: Sequence[Request] | Iterable[Request]) -> Iterator[list[str]]:
        """Generate the samples of each request; stop sequences already applied."""
        ...

    def close(self) -> None:
        """Release the model, connections and the cache."""
        ...


class BackendError(RuntimeError):
    """The model could not produce samples: server down, bad answer, bad options."""


class MissingExtraError(BackendError):
    """An optional package a backend needs is not installed."""

    def __init__(self, backend: str, package: str, extra: str) -> None:
        super().__init__(
            f"the {backend!r} backend needs {package}, which is not installed: "
            f"pip install 'multiplt[{extra}]'"
        )
        self.install_line = f"pip install 'multiplt[{extra}]'"


@dataclass
class Job:
    """The part of one request that still needs generating.

    ``indices`` are the sample indices still missing (others came from the cache);
    a backend produces ``len(indices)`` samples and reports them in chunks, and
    seeds sample ``indices[k]`` with ``request.seed + indices[k]``.
    """

    position: int  # index of the request in the caller's sequence
    request: Request
    indices: list[int] = field(default_factory=list)

    def seed_for(self, produced: int) -> int | None:
        """The seed of the next sample, after ``produced`` have been generated."""
        if self.request.seed is None:
            return None
        return self.request.seed + self.indices[produced]
