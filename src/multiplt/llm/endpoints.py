"""Several OpenAI-compatible servers behind one backend: requests balanced, a dead one taken out.

`EndpointPool` picks, for each request, the live endpoint with the fewest requests in
flight (ties go round the list). An endpoint that fails (connection refused, timeout,
5xx, 429) is out for ``dead_s`` seconds and the request goes to another live one at
once; when every endpoint is out, the one due back first is tried after the usual
backoff. With one endpoint this is exactly the single-server retry loop.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence


class EndpointPool:
    """The base URLs of one backend and which of them are in use, answering, or out."""

    def __init__(self, base_urls: Sequence[str], dead_s: float = 30.0) -> None:
        if not base_urls:
            raise ValueError("at least one base URL is needed")
        self.urls = tuple(url.rstrip("/") for url in base_urls)
        self.dead_s = dead_s
        self.in_flight = [0] * len(self.urls)
        self.out_until = [0.0] * len(self.urls)
        self.answered: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self._turn = 0

    def pick(self) -> tuple[int, bool]:
        """The endpoint for the next attempt, and whether it is live (False: all are out; back off first)."""
        now = time.monotonic()
        live = [index for index in range(len(self.urls)) if self.out_until[index] <= now]
        if not live:
            return min(range(len(self.urls)), key=lambda index: self.out_until[index]), False
        self._turn += 1
        least = min(self.in_flight[index] for index in live)
        candidates = [index for index in live if self.in_flight[index] == least]
        return candidates[self._turn % len(candidates)], True

    def take_out(self, index: int, seconds: float | None = None) -> None:
        """Endpoint ``index`` failed: no requests go to it for ``seconds`` (default ``dead_s``)."""
        self.failed[self.urls[index]] += 1
        self.out_until[index] = time.monotonic() + (self.dead_s if seconds is None else seconds)

    def answered_by(self, index: int) -> None:
        """Endpoint ``index`` answered: it is live again."""
        self.answered[self.urls[index]] += 1
        self.out_until[index] = 0.0

    def describe(self) -> str:
        """``the server at URL`` or ``the servers at URL1, URL2``, for messages."""
        if len(self.urls) == 1:
            return f"the server at {self.urls[0]}"
        return "the servers at " + ", ".join(self.urls)
