"""In-process llama-cpp-python on a GGUF file; the embedded default backend."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multiplt.llm.base import BackendError, Job, MissingExtraError
from multiplt.llm.embedded_model import EMBEDDED_MODEL_NAME, embedded_model_path
from multiplt.llm.engine import Chunk, GeneratingBackend


class LlamaCppBackend(GeneratingBackend):
    """Generate with llama.cpp in this process; ``model`` is a GGUF path (None: the embedded one).

    Sampling is plain nucleus sampling (top-k, min-p and the repeat penalty that
    llama.cpp adds by default are switched off) so results follow the method's
    temperature/top_p settings, as vLLM and transformers do.
    """

    kind = "llamacpp"

    def __init__(
        self,
        model: str | None = None,
        *,
        cache_path: Path | None = None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int | None = None,
    ) -> None:
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise MissingExtraError("llamacpp", "llama-cpp-python", "llamacpp") from None
        if model is not None and not Path(model).is_file():
            raise BackendError(f"GGUF model file not found: {model}")
        super().__init__(model, cache_path, seed)
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 1
        self._llama: Any = None

    @property
    def model(self) -> str:
        """The GGUF path given, or the embedded model's file name (stable across machines)."""
        return self._model if self._model is not None else EMBEDDED_MODEL_NAME

    def _load(self) -> Any:
        if self._llama is None:
            from llama_cpp import Llama

            path = self._model if self._model is not None else str(embedded_model_path())
            try:
                self._llama = Llama(model_path=path, n_ctx=self.n_ctx, n_threads=self.n_threads, verbose=False)
            except ValueError as error:
                raise BackendError(f"llama.cpp could not load {path}: {error}") from error
        return self._llama

    def _generate(self, jobs: list[Job]) -> Iterator[list[Chunk]]:
        if not jobs:
            return
        llama = self._load()
        for job in jobs:
            request = job.request
            for produced in range(len(job.indices)):
                seed = job.seed_for(produced)
                if seed is None:  # unseeded: llama.cpp would otherwise repeat its fixed default seed
                    seed = random.randrange(2**31)
                self.stats.requests += 1
                try:
                    output = llama.create_completion(
                        request.prompt,
                        max_tokens=request.max_tokens,
                        temperature=request.temperature,
                        top_p=request.top_p,
                        top_k=0,
                        min_p=0.0,
                        repeat_penalty=1.0,
                        stop=list(request.stop) or None,
                        seed=seed,
                    )
                except ValueError as error:  # e.g. the prompt does not fit n_ctx
                    raise BackendError(f"llama.cpp refused request {job.position}: {error}") from error
                usage = output.get("usage") or {}
                self.stats.prompt_tokens += int(usage.get("prompt_tokens") or 0)
                self.stats.completion_tokens += int(usage.get("completion_tokens") or 0)
                yield [(job.position, [output["choices"][0]["text"]])]

    def close(self) -> None:
        """Free the model and the cache."""
        if self._llama is not None:
            self._llama.close()
            self._llama = None
        super().close()
