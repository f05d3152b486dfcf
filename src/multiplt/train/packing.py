"""Documents joined by the EOS token and cut into fixed-length sequences (no padding)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

DEFAULT_SEQ_LEN = 2048


def pack(token_lists: Iterable[Sequence[int]], eos_id: int, seq_len: int = DEFAULT_SEQ_LEN, keep_last: bool = False) -> list[list[int]]:
    """One stream ``doc1 EOS doc2 EOS ...`` cut into ``seq_len`` pieces.

    The last, shorter piece is dropped for training (every batch has one shape) and
    kept with ``keep_last`` for held-out loss, where a few hundred tokens matter.
    """
    if seq_len < 2:
        raise ValueError(f"sequence length must be at least 2, got {seq_len}")
    stream: list[int] = []
    for tokens in token_lists:
        stream.extend(tokens)
        stream.append(eos_id)
    sequences = [stream[start : start + seq_len] for start in range(0, len(stream), seq_len)]
    if sequences and len(sequences[-1]) < seq_len and not (keep_last and len(sequences[-1]) >= 2):
        sequences.pop()
    return sequences


def tokenize_and_pack(texts: Sequence[str], tokenizer: Any, seq_len: int, keep_last: bool = False) -> list[list[int]]:
    """Tokenise without special tokens (the EOS is the separator) and pack."""
    if tokenizer.eos_token_id is None:
        raise ValueError("the tokenizer has no EOS token to join documents with")
    encode: Callable[[str], list[int]] = lambda text: tokenizer(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    return pack((encode(text) for text in texts), tokenizer.eos_token_id, seq_len, keep_last)


class PackedDataset:
    """A torch-style dataset of packed sequences; labels are the inputs (the model shifts them)."""

    def __init__(self, sequences: list[list[int]]) -> None:
        self.sequences = sequences

    def __len__(self) -> int:
        return len(self.sequences)

    def __getitem__(self, index: int) -> dict[str, Any]:
        import torch

        ids = torch.tensor(self.sequences[index], dtype=torch.long)
        return {"input_ids": ids, "labels": ids.clone(), "attention_mask": torch.ones_like(ids)}
