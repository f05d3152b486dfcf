"""Training settings, and presets with the reference's values (SPEC section 1.8).

The global batch is in sequences of ``seq_len`` tokens; gradient accumulation is
derived from it, the per-device batch and the number of processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from multiplt.train.packing import DEFAULT_SEQ_LEN


@dataclass(frozen=True)
class TrainConfig:
    """Everything one training run needs besides the data."""

    model: str
    seq_len: int = DEFAULT_SEQ_LEN
    global_batch: int = 8
    micro_batch: int = 1
    lr: float = 3e-5
    epochs: float = 7
    warmup_ratio: float = 0.05
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    held_out: float = 0.01
    seed: int = 0
    lora: bool = False
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    optim: str = "adamw_torch"
    bf16: bool | None = None  # None: when the hardware has it
    deepspeed: dict[str, Any] | None = field(default=None, compare=False)
    gguf_file: str | None = None
    max_steps: int = -1

    def grad_accum(self, world_size: int = 1) -> int:
        """Micro-batches per optimizer step so that one step sees ``global_batch`` sequences."""
        per_step = self.micro_batch * world_size
        if self.global_batch % per_step:
            raise ValueError(f"global batch {self.global_batch} is not a multiple of micro batch {self.micro_batch} x {world_size} processes")
        return self.global_batch // per_step


# The reference's 15B run: DeepSpeed ZeRO-3 across 8 GPUs. "auto" lets the
# transformers integration fill in the values from TrainConfig.
ZERO3: dict[str, Any] = {
    "bf16": {"enabled": "auto"},
    "zero_optimization": {
        "stage": 3,
        "overlap_comm": True,
        "contiguous_gradients": True,
        "stage3_gather_16bit_weights_on_model_save": True,
    },
    "gradient_accumulation_steps": "auto",
    "gradient_clipping": "auto",
    "train_batch_size": "auto",
    "train_micro_batch_size_per_gpu": "auto",
}

PRESETS: dict[str, TrainConfig] = {
    "starcoderbase-1b": TrainConfig(model="bigcode/starcoderbase-1b", lr=3e-5, global_batch=8, seq_len=2048, epochs=7),
    "starcoderbase-15b": TrainConfig(
        model="bigcode/starcoderbase", lr=2e-5, global_batch=32, seq_len=2048, epochs=10, deepspeed=ZERO3
    ),
}


def preset(name: str, **overrides: Any) -> TrainConfig:
    """A preset with the given fields replaced (``None`` values leave the preset's)."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    return replace(PRESETS[name], **{key: value for key, value in overrides.items() if value is not None})
