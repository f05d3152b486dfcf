"""A tiny causal LM and tokenizer built here, with no download, and a small generated dataset.

The tokenizer is a byte-level BPE trained on the dataset itself with the tokenizers
library; the model is a 2-layer Llama from a config, randomly initialised.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

EOS = "<|endoftext|>"


def lua_documents(count: int, seed: int = 0) -> list[str]:
    """Small, regular Lua functions: a pattern a tiny model can learn in a few steps."""
    rng = random.Random(seed)
    ops = [("add", "+"), ("sub", "-"), ("mul", "*")]
    docs = []
    for index in range(count):
        name, op = ops[index % len(ops)]
        k = rng.randint(1, 9)
        docs.append(f"local function {name}_{k}(x)\n  return x {op} {k}\nend\nreturn {name}_{k}\n")
    return docs


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"content": text}) + "\n" for text in texts))
    return path


def build_tiny_model(folder: Path, texts: list[str], seed: int = 0) -> Path:
    """Save a tokenizer trained on ``texts`` and a tiny random Llama to ``folder``."""
    import tokenizers
    import torch
    import transformers

    bpe = tokenizers.Tokenizer(tokenizers.models.BPE())
    bpe.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = tokenizers.decoders.ByteLevel()
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=300, special_tokens=[EOS], initial_alphabet=tokenizers.pre_tokenizers.ByteLevel.alphabet()
    )
    bpe.train_from_iterator(texts, trainer)
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token=EOS, pad_token=EOS)
    torch.manual_seed(seed)
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, bos_token_id=None,
    )  # fmt: skip
    model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
