"""Any OpenAI-compatible server (vLLM, TGI, llama.cpp's server, Ollama) over HTTP.

Requests run asynchronously on an event loop in a background thread, at most
``concurrency`` at a time, so the network stays busy while the caller writes results.
``base_url`` may name several servers (one vLLM per GPU node): requests are balanced
across them and a failing one is taken out (:mod:`multiplt.llm.endpoints`).
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import random
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from multiplt.llm.base import BackendError, Job
from multiplt.llm.endpoints import EndpointPool
from multiplt.llm.engine import Chunk, GeneratingBackend

DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1"
_RETRY_STATUS = {408, 409, 425, 429}
_DONE = object()


class OpenAIBackend(GeneratingBackend):
    """Completions (default) or chat completions from an OpenAI-compatible server.

    ``n`` samples are asked for in one request so the server shares the prompt;
    servers that return fewer choices than asked are asked again for the rest.
    Connection errors, timeouts, 429 and 5xx are retried with exponential backoff.
    """

    kind = "openai"

    def __init__(
        self,
        model: str | None = None,
        *,
        cache_path: Path | None = None,
        base_url: str | Sequence[str] = DEFAULT_BASE_URL,
        api_key: str | None = None,
        concurrency: int = 8,
        chat: bool = False,
        timeout_s: float = 600.0,
        retries: int = 5,
        backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
        seed: int | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, got {retries}")
        super().__init__(model, cache_path, seed)
        self.endpoints = EndpointPool([base_url] if isinstance(base_url, str) else list(base_url))
        self.base_url = self.endpoints.urls[0]
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self.concurrency = concurrency
        self.chat = chat
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._path = "/chat/completions" if chat else "/completions"
        self._endpoint = f"{self.base_url}{self._path}"

    @property
    def model(self) -> str:
        """The model named at open, or else the first one the server lists."""
        if self._model is None:
            self._model = self._discover_model()
        return self._model

    @property
    def cache_kind(self) -> str:
        """Chat answers differ from completions of the same text: they are cached apart."""
        return "openai-chat" if self.chat else "openai"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _discover_model(self) -> str:
        problems = []
        for base_url in self.endpoints.urls:  # the first server that answers names the model
            url = f"{base_url}/models"
            try:
                response = httpx.get(url, headers=self._headers(), timeout=min(self.timeout_s, 30.0))
                response.raise_for_status()
                return str(response.json()["data"][0]["id"])
            except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
                problems.append(f"{url}: {error}")
        raise BackendError(f"no --model given and no server listed one ({'; '.join(problems)}); pass --model")

    # -- the background event loop -------------------------------------------------

    def _generate(self, jobs: list[Job]) -> Iterator[list[Chunk]]:
        if not jobs:
            return
        model = self.model
        results: queue.Queue[Any] = queue.Queue()
        loop = asyncio.new_event_loop()

        async def run_all() -> None:
            limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
            timeout = httpx.Timeout(self.timeout_s, connect=min(self.timeout_s, 10.0))
            async with httpx.AsyncClient(limits=limits, timeout=timeout, headers=self._headers()) as client:
                pending = iter(jobs)

                async def worker() -> None:
                    for job in pending:  # shared iterator: each job is taken by one worker
                        await self._run_job(client, model, job, results.put)

                # A TaskGroup cancels the other workers as soon as one fails.
                async with asyncio.TaskGroup() as group:
                    for _ in range(min(self.concurrency, len(jobs))):
                        group.create_task(worker())

        main = loop.create_task(run_all())

        def thread_main() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(main)
                results.put(_DONE)
            except asyncio.CancelledError:
                results.put(_DONE)
            except BaseExceptionGroup as group:
                results.put(_first_error(group))
            except BaseException as error:  # handed to the caller's thread
                results.put(error)
            finally:
                loop.close()

        thread = threading.Thread(target=thread_main, name="multiplt-openai", daemon=True)
        thread.start()
        try:
            while True:
                ready = [results.get()]
                while not results.empty():  # take everything already answered: one cache commit
                    ready.append(results.get_nowait())
                chunks = [item for item in ready if item is not _DONE and not isinstance(item, BaseException)]
                if chunks:
                    yield chunks
                for item in ready:
                    if isinstance(item, BaseException):
                        raise item
                    if item is _DONE:
                        return
        finally:
            if thread.is_alive():
                try:
                    loop.call_soon_threadsafe(main.cancel)
                except RuntimeError:  # the loop closed meanwhile
                    pass
                thread.join()

    async def _run_job(self, client: httpx.AsyncClient, model: str, job: Job, emit: Any) -> None:
        """Ask until the job has all its samples; servers may return fewer than ``n``."""
        produced = 0
        wanted = len(job.indices)
        while produced < wanted:
            body = self._body(model, job, wanted - produced, job.seed_for(produced))
            texts = await self._post(client, body)
            if not texts:
                raise BackendError(f"{self._endpoint} answered with no choices for request {job.position}")
            texts = texts[: wanted - produced]
            produced += len(texts)
            emit((job.position, texts))

    def _body(self, model: str, job: Job, n: int, seed: int | None) -> dict[str, Any]:
        request = job.request
        body: dict[str, Any] = {
            "model": model,
            "n": n,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "max_tokens": request.max_tokens,
        }
        if request.stop:
            body["stop"] = list(request.stop)
        if seed is not None:
            body["seed"] = seed
        if self.chat:
            body["messages"] = [{"role": "user", "content": request.prompt}]
        else:
            body["prompt"] = request.prompt
        return body

    async def _post(self, client: httpx.AsyncClient, body: dict[str, Any]) -> list[str]:
        """One request, retried on connection errors, timeouts, 429 and 5xx; elsewhere first when it can."""
        pool = self.endpoints
        last_problem = ""
        last_retry_after: float | None = None
        # Each endpoint gets its first try for free: a dead one costs no retry.
        for attempt in range(self.retries + len(pool.urls)):
            index, live = pool.pick()
            if attempt and not live:
                await asyncio.sleep(self._backoff(attempt, last_retry_after))
            last_retry_after = None
            self.stats.requests += 1
            endpoint = f"{pool.urls[index]}{self._path}"
            pool.in_flight[index] += 1
            try:
                response = await client.post(endpoint, json=body)
            except httpx.TimeoutException:
                last_problem = f"no answer within {self.timeout_s:g}s"
                pool.take_out(index)
                continue
            except httpx.TransportError as error:
                last_problem = f"{type(error).__name__}: {error or 'connection failed'}"
                pool.take_out(index)
                continue
            finally:
                pool.in_flight[index] -= 1
            if response.status_code in _RETRY_STATUS or response.status_code >= 500:
                last_problem = f"HTTP {response.status_code}: {response.text[:200]}"
                last_retry_after = _retry_after(response)
                pool.take_out(index, last_retry_after)
                continue
            if response.status_code >= 400:
                raise BackendError(
                    f"{endpoint} refused the request with HTTP {response.status_code}: {response.text[:500]}"
                )
            pool.answered_by(index)
            return self._parse(response)
        attempts = self.retries + len(pool.urls)
        raise BackendError(
            f"{pool.describe()} failed {attempts} attempts (last: {last_problem}); "
            "is it running and reachable? Samples finished so far are cached: rerun to resume."
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        delay = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
        delay *= 1 + random.random() * 0.25  # jitter: concurrent retries do not land together
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff_s))
        return delay

    def _parse(self, response: httpx.Response) -> list[str]:
        try:
            data = response.json()
            choices = sorted(data["choices"], key=lambda choice: choice.get("index", 0))
            if self.chat:
                texts = [str(choice["message"]["content"] or "") for choice in choices]
            else:
                texts = [str(choice["text"]) for choice in choices]
        except (json.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackendError(
                f"{self._endpoint} answered with malformed JSON ({type(error).__name__}: {error}): "
                f"{response.text[:200]!r}"
            ) from None
        usage = data.get("usage") or {}
        if isinstance(usage, dict):
            self.stats.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.stats.completion_tokens += int(usage.get("completion_tokens") or 0)
        return texts


def _first_error(group: BaseExceptionGroup) -> BaseException:
    """The first leaf error of a TaskGroup failure: that is what the user needs to see."""
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
