"""In-process vLLM (``vllm.LLM``) on a GPU machine; imported only when chosen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multiplt.llm.base import BackendError, Job, MissingExtraError
from multiplt.llm.engine import Chunk, GeneratingBackend


class VLLMBackend(GeneratingBackend):
    """Batched offline generation with vLLM; extra options go to ``vllm.LLM`` unchanged.

    Jobs are handed to vLLM ``batch_size`` at a time, so its scheduler keeps the GPU
    full while samples still reach the cache as each batch finishes.
    """

    kind = "vllm"

    def __init__(
        self,
        model: str | None = None,
        *,
        cache_path: Path | None = None,
        batch_size: int = 512,
        seed: int | None = None,
        **engine_options: Any,
    ) -> None:
        try:
            import vllm
        except ImportError:
            raise MissingExtraError("vllm", "vLLM", "vllm") from None
        if not model:
            raise BackendError("the 'vllm' backend needs --model (a Hugging Face name or a local folder)")
        super().__init__(model, cache_path, seed)
        self._vllm = vllm
        self.batch_size = batch_size
        self.engine_options = engine_options
        self._engine: Any = None

    def _generate(self, jobs: list[Job]) -> Iterator[list[Chunk]]:
        if not jobs:
            return
        if self._engine is None:
            self._engine = self._vllm.LLM(model=self.model, **self.engine_options)
        for start in range(0, len(jobs), self.batch_size):
            batch = jobs[start : start + self.batch_size]
            params = [self._sampling_params(job) for job in batch]
            self.stats.requests += len(batch)
            outputs = self._engine.generate([job.request.prompt for job in batch], params, use_tqdm=False)
            chunks: list[Chunk] = []
            for job, output in zip(batch, outputs):
                self.stats.prompt_tokens += len(output.prompt_token_ids or ())
                self.stats.completion_tokens += sum(len(sample.token_ids) for sample in output.outputs)
                chunks.append((job.position, [sample.text for sample in output.outputs]))
            yield chunks

    def _sampling_params(self, job: Job) -> Any:
        request = job.request
        return self._vllm.SamplingParams(
            n=len(job.indices),
            temperature=request.temperature,
            top_p=request.top_p,
            max_tokens=request.max_tokens,
            stop=list(request.stop),
            seed=job.seed_for(0),
        )

    def close(self) -> None:
        """Drop the engine (vLLM frees the GPU when it is collected) and the cache."""
        self._engine = None
        super().close()
