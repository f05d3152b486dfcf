"""One fine-tuning run with transformers' Trainer: full or LoRA, a checkpoint per epoch, resumable.

What the reference's 1B trainer got wrong, and where it is right here (SPEC section 4):
the scheduler steps once per optimizer step (Trainer's loop, not per micro-batch),
the loss is divided by the tokens of the whole accumulated batch (Trainer passes
``num_items_in_batch``), gradients are clipped (``max_grad_norm``), and a killed run
resumes from its last checkpoint with optimizer, scheduler and RNG state.
tests/train/test_schedule.py tells each of these apart from the bug.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from multiplt.io import atomic_path, atomic_write_text
from multiplt.train.data import read_documents, split_held_out
from multiplt.train.packing import PackedDataset, tokenize_and_pack
from multiplt.train.presets import TrainConfig

FINAL_DIR = "final"
BASELINE_FILE = "held_out_before.json"


class TrainError(RuntimeError):
    """A run that cannot start: missing extra, unusable data, bad settings."""


@dataclass
class EpochRow:
    """One checkpoint: its epoch, mean training loss over the epoch, held-out loss."""

    epoch: int
    step: int
    checkpoint: Path | None
    train_loss: float | None
    held_out_loss: float | None
    pass_at_1: dict[str, float] = field(default_factory=dict)


@dataclass
class TrainResult:
    """What a run left: per-epoch rows, the held-out loss before training, the final model."""

    rows: list[EpochRow]
    held_out_before: float | None
    final_dir: Path
    resumed_from: Path | None
    train_sequences: int
    held_out_sequences: int
    errors: list[str]


def _import_stack() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError:
        raise TrainError("training needs the train extra: pip install -e '.[train]'") from None
    return torch, transformers


def model_location(model: str, gguf_file: str | None = None) -> tuple[str, dict[str, Any]]:
    """(path or hub name, extra from_pretrained options); ``embedded`` is the shipped Gemma 3 GGUF."""
    if model == "embedded":
        from multiplt.llm.embedded_model import embedded_model_path

        path = embedded_model_path()
        return str(path.parent), {"gguf_file": path.name}
    if model.endswith(".gguf") and gguf_file is None:
        path = Path(model)
        return str(path.parent), {"gguf_file": path.name}
    return model, ({"gguf_file": gguf_file} if gguf_file else {})


def plain_copy_of_gguf(config: TrainConfig, out_dir: Path) -> TrainConfig:
    """For a GGUF model: a dequantised transformers folder under ``out_dir``, made once.

    transformers loads GGUF weights dequantised but keeps them marked as quantised,
    and its Trainer refuses those; a plain copy trains, checkpoints and serves like any model.
    """
    where, options = model_location(config.model, config.gguf_file)
    if "gguf_file" not in options:
        return config
    target = out_dir / "base-from-gguf"
    if not (target / "config.json").exists():
        _, transformers = _import_stack()
        model = transformers.AutoModelForCausalLM.from_pretrained(where, dtype="float32", **options)
        tokenizer = transformers.AutoTokenizer.from_pretrained(where, **options)
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        with atomic_path(target) as partial:
            model.save_pretrained(str(partial))
            tokenizer.save_pretrained(str(partial))
    return replace(config, model=str(target), gguf_file=None)


def use_bf16(config: TrainConfig) -> bool:
    """bf16 when asked, or by default when a CUDA device supports it."""
    torch, _ = _import_stack()
    if config.bf16 is not None:
        return config.bf16
    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())


def load_model_and_tokenizer(config: TrainConfig) -> tuple[Any, Any]:
    """The base model (float32, or bf16 where used) and its tokenizer; LoRA adapters added if asked."""
    torch, transformers = _import_stack()
    where, options = model_location(config.model, config.gguf_file)
    tokenizer = transformers.AutoTokenizer.from_pretrained(where, **options)
    dtype = torch.bfloat16 if use_bf16(config) else torch.float32
    model = transformers.AutoModelForCausalLM.from_pretrained(where, dtype=dtype, **options)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    if config.lora:
        try:
            import peft
        except ImportError:
            raise TrainError("LoRA needs peft: pip install -e '.[train]'") from None
        lora = peft.LoraConfig(
            task_type="CAUSAL_LM", r=config.lora_r, lora_alpha=config.lora_alpha,
            lora_dropout=config.lora_dropout, target_modules="all-linear",
        )  # fmt: skip
        model = peft.get_peft_model(model, lora)
    return model, tokenizer


def training_arguments(config: TrainConfig, out_dir: Path, world_size: int = 1, **overrides: Any) -> Any:
    """Trainer settings: cosine with warmup, clipping, a checkpoint and a held-out evaluation per epoch."""
    _, transformers = _import_stack()
    options: dict[str, Any] = dict(
        output_dir=str(out_dir),
        per_device_train_batch_size=config.micro_batch,
        per_device_eval_batch_size=1,  # the last held-out sequence may be shorter
        gradient_accumulation_steps=config.grad_accum(world_size),
        learning_rate=config.lr,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        lr_scheduler_type="cosine",
        warmup_steps=config.warmup_ratio,  # a float below 1 is a ratio of the total steps
        weight_decay=config.weight_decay,
        max_grad_norm=config.max_grad_norm,
        optim=config.optim,
        bf16=use_bf16(config),
        logging_strategy="steps",
        logging_steps=1,
        save_strategy="epoch",
        eval_strategy="epoch",
        seed=config.seed,
        data_seed=config.seed,
        report_to="none",
        dataloader_num_workers=0,
        deepspeed=config.deepspeed,
        disable_tqdm=True,
    )
    options.update(overrides)
    return transformers.TrainingArguments(**options)


def last_checkpoint(out_dir: Path) -> Path | None:
    """The newest complete ``checkpoint-N`` under ``out_dir`` (one holding its trainer state)."""
    found = [p for p in out_dir.glob("checkpoint-*") if p.name.split("-")[-1].isdigit() and (p / "trainer_state.json").exists()]
    return max(found, key=lambda p: int(p.name.split("-")[-1]), default=None)


def epoch_rows(log_history: Sequence[dict[str, Any]], out_dir: Path) -> list[EpochRow]:
    """Per-epoch rows from Trainer's log: mean logged loss in (e-1, e], eval_loss at e."""
    rows: list[EpochRow] = []
    evals = [entry for entry in log_history if "eval_loss" in entry]
    for entry in evals:
        epoch = round(entry["epoch"])
        losses = [e["loss"] for e in log_history if "loss" in e and epoch - 1 < e["epoch"] <= epoch + 1e-9]
        checkpoint = out_dir / f"checkpoint-{entry['step']}"
        rows.append(
            EpochRow(
                epoch=epoch, step=int(entry["step"]),
                checkpoint=checkpoint if checkpoint.exists() else None,
                train_loss=sum(losses) / len(losses) if losses else None,
                held_out_loss=float(entry["eval_loss"]),
            )
        )  # fmt: skip
    return rows


def train(
    config: TrainConfig,
    data: Sequence[Path],
    out_dir: Path,
    *,
    column: str = "content",
    resume: bool = True,
    callbacks: Sequence[Any] = (),
    log: Callable[[str], None] = print,
    training_overrides: dict[str, Any] | None = None,
) -> TrainResult:
    """Fine-tune ``config.model`` on ``data``; resume from the last checkpoint under ``out_dir`` if any."""
    torch, transformers = _import_stack()
    documents = read_documents(list(data), column)
    for error in documents.errors:
        log(f"skipped {error}")
    train_texts, held_texts = split_held_out(documents.texts, config.held_out, config.seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    config = plain_copy_of_gguf(config, out_dir)
    model, tokenizer = load_model_and_tokenizer(config)
    train_sequences = tokenize_and_pack(train_texts, tokenizer, config.seq_len)
    held_sequences = tokenize_and_pack(held_texts, tokenizer, config.seq_len, keep_last=True)
    if not train_sequences:
        raise TrainError(f"the training documents make no full sequence of {config.seq_len} tokens (lower --seq-len)")
    log(
        f"{len(documents.texts)} documents from {len(documents.files)} files ({len(documents.errors)} skipped): "
        f"{len(train_texts)} train -> {len(train_sequences)} sequences of {config.seq_len} tokens, "
        f"{len(held_texts)} held out -> {len(held_sequences)} sequences"
    )
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    overrides = {} if held_sequences else {"eval_strategy": "no"}
    args = training_arguments(config, out_dir, world_size, **overrides, **(training_overrides or {}))
    trainer = transformers.Trainer(
        model=model, args=args, train_dataset=PackedDataset(train_sequences),
        eval_dataset=PackedDataset(held_sequences) if held_sequences else None,
        processing_class=tokenizer, data_collator=transformers.default_data_collator,
        callbacks=list(callbacks),
    )  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    checkpoint = last_checkpoint(out_dir) if resume else None
    baseline_path = out_dir / BASELINE_FILE
    if checkpoint is None and held_sequences:
        before = trainer.evaluate()["eval_loss"]
        atomic_write_text(baseline_path, json.dumps({"eval_loss": before}) + "\n")
    log(f"resuming from {checkpoint}" if checkpoint else f"training from {config.model}")
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    final_dir = out_dir / FINAL_DIR
    save_final(trainer, tokenizer, final_dir, config.lora)
    held_before = json.loads(baseline_path.read_text())["eval_loss"] if baseline_path.exists() else None
    return TrainResult(
        rows=epoch_rows(trainer.state.log_history, out_dir), held_out_before=held_before, final_dir=final_dir,
        resumed_from=checkpoint, train_sequences=len(train_sequences), held_out_sequences=len(held_sequences),
        errors=documents.errors,
    )  # fmt: skip


def save_final(trainer: Any, tokenizer: Any, final_dir: Path, lora: bool) -> None:
    """The trained model as a plain transformers folder; LoRA adapters merged into the weights."""
    if not trainer.is_world_process_zero():
        return
    model = trainer.model
    if lora:
        model = model.merge_and_unload()
    model.save_pretrained(str(final_dir))
    tokenizer.save_pretrained(str(final_dir))


def loadable_checkpoint(checkpoint: Path) -> Path:
    """A folder the transformers backend can load: the checkpoint, or its LoRA adapters merged into ``merged/``."""
    if not (checkpoint / "adapter_config.json").exists():
        return checkpoint
    merged = checkpoint / "merged"
    if not (merged / "config.json").exists():
        import peft
        import transformers

        model = peft.AutoPeftModelForCausalLM.from_pretrained(str(checkpoint)).merge_and_unload()
        model.save_pretrained(str(merged))
        transformers.AutoTokenizer.from_pretrained(str(checkpoint)).save_pretrained(str(merged))
    return merged


def is_finite(value: float | None) -> bool:
    """Whether a loss is a real number (not None, NaN or infinite)."""
    return value is not None and math.isfinite(value)
