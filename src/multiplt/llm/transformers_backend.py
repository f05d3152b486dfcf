"""In-process Hugging Face transformers generation, on CPU or GPU."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multiplt.llm.base import BackendError, Job, MissingExtraError
from multiplt.llm.engine import Chunk, GeneratingBackend


class TransformersBackend(GeneratingBackend):
    """``model.generate`` with ``num_return_sequences=n``; ``model`` is a hub name or a local folder.

    ``device`` is "cpu", "cuda", "cuda:1"... (default: cuda when available).
    Stop strings end each sequence early and are cut on the client as everywhere.
    """

    kind = "transformers"

    def __init__(
        self,
        model: str | None = None,
        *,
        cache_path: Path | None = None,
        device: str | None = None,
        dtype: str = "auto",
        seed: int | None = None,
    ) -> None:
        try:
            import torch
            import transformers
        except ImportError:
            raise MissingExtraError("transformers", "transformers and torch", "transformers") from None
        if not model:
            raise BackendError("the 'transformers' backend needs --model (a Hugging Face name or a local folder)")
        super().__init__(model, cache_path, seed)
        self._torch = torch
        self._transformers = transformers
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.dtype = dtype
        self._tokenizer: Any = None
        self._model_obj: Any = None

    def _load(self) -> tuple[Any, Any]:
        if self._model_obj is None:
            auto = self._transformers
            self._tokenizer = auto.AutoTokenizer.from_pretrained(self.model)
            major, minor = (int(part) for part in auto.__version__.split(".")[:2])
            # transformers 4.56 renamed torch_dtype to dtype.
            dtype_key = "dtype" if (major, minor) >= (4, 56) else "torch_dtype"
            self._model_obj = auto.AutoModelForCausalLM.from_pretrained(self.model, **{dtype_key: self.dtype})
            self._model_obj.to(self.device)
            self._model_obj.eval()
        return self._tokenizer, self._model_obj

    def _generate(self, jobs: list[Job]) -> Iterator[list[Chunk]]:
        if not jobs:
            return
        tokenizer, model = self._load()
        pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        for job in jobs:
            request = job.request
            inputs = tokenizer(request.prompt, return_tensors="pt").to(self.device)
            prompt_length = inputs["input_ids"].shape[1]
            seed = job.seed_for(0)
            if seed is not None:
                self._torch.manual_seed(seed)
            options: dict[str, Any] = {
                "max_new_tokens": request.max_tokens,
                "num_return_sequences": len(job.indices),
                "pad_token_id": pad_id,
            }
            if request.temperature > 0:
                options.update(do_sample=True, temperature=request.temperature, top_p=request.top_p, top_k=0)
            else:
                options.update(do_sample=False)
            if request.stop:
                options["stopping_criteria"] = self._transformers.StoppingCriteriaList(
                    [self._stop_criterion(tokenizer, prompt_length, request.stop)]
                )
            self.stats.requests += 1
            try:
                with self._torch.no_grad():
                    output = model.generate(**inputs, **options)
            except (RuntimeError, ValueError) as error:
                raise BackendError(f"transformers could not generate request {job.position}: {error}") from error
            new_tokens = output[:, prompt_length:]
            self.stats.prompt_tokens += prompt_length
            self.stats.completion_tokens += int((new_tokens != pad_id).sum()) if pad_id is not None else new_tokens.numel()
            yield [(job.position, tokenizer.batch_decode(new_tokens, skip_special_tokens=True))]

    def _stop_criterion(self, tokenizer: Any, prompt_length: int, stop: tuple[str, ...]) -> Any:
        """Ends each sequence once its new text holds a stop string.

        transformers' own ``stop_strings`` needs tokenizers whose vocabulary it can
        analyse; decoding the new tokens works with any tokenizer.
        """
        torch = self._torch

        class StopOnStrings(self._transformers.StoppingCriteria):  # type: ignore[misc, name-defined]
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                texts = tokenizer.batch_decode(input_ids[:, prompt_length:], skip_special_tokens=True)
                done = [any(sequence in text for sequence in stop) for text in texts]
                return torch.tensor(done, dtype=torch.bool, device=input_ids.device)

        return StopOnStrings()

    def close(self) -> None:
        """Drop the model and the cache."""
        self._model_obj = None
        self._tokenizer = None
        super().close()
