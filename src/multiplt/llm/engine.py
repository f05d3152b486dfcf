"""What every backend shares: cache look-up, asking only for missing samples, stop
truncation, writing samples as they arrive, and yielding results in input order."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from multiplt.llm.base import Job, Request, Stats
from multiplt.llm.cache import SampleCache, request_key
from multiplt.llm.stop import truncate_at_stop

# A backend reports progress as (job position, raw sample texts) chunks, in any order;
# the chunks of one job arrive in sample order and add up to len(job.indices) texts.
# It yields them in lists (whatever is ready together), and each list is cached in one commit.
Chunk = tuple[int, list[str]]


class GeneratingBackend(ABC):
    """Base class of the backends: subclasses implement `_generate` only."""

    kind: str = ""

    def __init__(self, model: str | None, cache_path: Path | None = None, seed: int | None = None) -> None:
        self._model = model
        self.seed = seed  # for requests that carry no seed of their own
        self.stats = Stats()
        self.cache = SampleCache(cache_path) if cache_path is not None else None

    @property
    def model(self) -> str:
        """The model's name, as the cache keys it."""
        return self._model or ""

    @property
    def cache_kind(self) -> str:
        """What the cache keys samples by besides model and request: the kind, or a mode that changes answers."""
        return self.kind

    @abstractmethod
    def _generate(self, jobs: list[Job]) -> Iterator[list[Chunk]]:
        """Produce the missing samples of ``jobs`` as lists of chunks; raw text, stop not yet applied."""

    def complete(self, requests: Iterable[Request]) -> Iterator[list[str]]:
        """Yield the ``n`` samples of each request, in input order, stop sequences applied.

        Cached samples are not asked for again; new samples are cached as soon as they
        arrive, so an interrupted run loses only what was still in flight.
        """
        started = time.perf_counter()
        try:
            requests = [
                replace(request, seed=self.seed) if request.seed is None and self.seed is not None else request
                for request in requests
            ]
            model = self.model
            keys = [request_key(self.cache_kind, model, request) for request in requests]
            results: list[list[str | None]] = []
            jobs: list[Job] = []
            for position, (request, key) in enumerate(zip(requests, keys)):
                if request.n < 1:
                    raise ValueError(f"request {position}: n must be at least 1, got {request.n}")
                cached = self.cache.lookup(key, request.n) if self.cache is not None else {}
                self.stats.cache_hits += len(cached)
                results.append([cached.get(index) for index in range(request.n)])
                missing = [index for index in range(request.n) if index not in cached]
                if missing:
                    jobs.append(Job(position, request, missing))
        finally:
            self.stats.seconds += time.perf_counter() - started

        filled = {job.position: 0 for job in jobs}
        job_at = {job.position: job for job in jobs}
        next_out = 0
        # Each stretch between yields is timed, so the consumer's own time is not counted.
        started = time.perf_counter()
        batches = self._generate(jobs)
        try:
            while next_out < len(requests):
                if next_out not in filled or filled[next_out] == len(job_at[next_out].indices):
                    ready = results[next_out]
                    results[next_out] = []  # release memory early
                    self.stats.seconds += time.perf_counter() - started
                    started = time.perf_counter()
                    yield [text for text in ready if text is not None]
                    started = time.perf_counter()
                    next_out += 1
                    continue
                new_entries = []
                for position, texts in next(batches):
                    job = job_at[position]
                    new = [
                        (job.indices[filled[position] + offset], truncate_at_stop(text, job.request.stop))
                        for offset, text in enumerate(texts)
                    ]
                    filled[position] += len(texts)
                    self.stats.generated += len(texts)
                    for index, text in new:
                        results[position][index] = text
                    new_entries.append((keys[position], self.cache_kind, model, job.request, new))
                if self.cache is not None:
                    self.cache.store_many(new_entries)
        except StopIteration:
            raise RuntimeError(f"{self.kind} backend stopped before producing every sample") from None
        finally:
            self.stats.seconds += time.perf_counter() - started
            batches.close()

    def close(self) -> None:
        """Release the cache (subclasses also release their model or connections)."""
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def __enter__(self) -> GeneratingBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
