"""The reference's 1B trainer bugs, each one a test that would fail on it (SPEC section 4).

It stepped the scheduler per micro-batch (so with accumulation the learning rate ran
through its schedule too fast, or never decayed) and summed the micro-batch losses
without dividing by the accumulation count (updates N times too large).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import transformers
from train_fixtures import build_tiny_model, lua_documents, write_jsonl

from multiplt.train.packing import PackedDataset
from multiplt.train.presets import TrainConfig
from multiplt.train.trainer import training_arguments, train


class Recorder(transformers.TrainerCallback):
    """The learning rate each optimizer step uses, and micro-batches per optimizer step."""

    def __init__(self) -> None:
        self.lrs: list[float] = []
        self.micro = 0
        self.micro_per_step: list[int] = []

    def on_substep_end(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
        self.micro += 1

    def on_pre_optimizer_step(self, args, state, control, optimizer=None, **kwargs):  # type: ignore[no-untyped-def]
        self.lrs.append(optimizer.param_groups[0]["lr"])

    def on_step_end(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
        self.micro_per_step.append(self.micro + 1)  # the last micro-batch ends the step, not a substep
        self.micro = 0


def test_learning_rate_follows_cosine_per_optimizer_step(tmp_path: Path) -> None:
    texts = lua_documents(60)
    data = write_jsonl(tmp_path / "lua.jsonl", texts)
    model = build_tiny_model(tmp_path / "tiny", texts)
    config = TrainConfig(model=str(model), seq_len=16, micro_batch=1, global_batch=2, lr=1e-3,
                         warmup_ratio=0.25, max_steps=8, held_out=0, seed=0)  # fmt: skip
    recorder = Recorder()
    train(config, [data], tmp_path / "run", callbacks=[recorder], log=lambda _line: None)
    assert recorder.micro_per_step == [2] * 8  # 16 micro-batches, 8 optimizer steps
    # 2 warm-up steps (0, 1/2 of the peak), then cosine over the other 6:
    # 0.5 * (1 + cos(pi * i / 6)) for i = 0..5, worked out by hand.
    expected = [0.0, 0.5e-3, 1.0e-3, 0.9330127e-3, 0.75e-3, 0.5e-3, 0.25e-3, 0.0669873e-3]
    assert recorder.lrs == pytest.approx(expected, abs=1e-9)


def test_accumulated_gradient_is_the_mean_over_the_whole_batch(tmp_path: Path) -> None:
    texts = lua_documents(10)
    folder = build_tiny_model(tmp_path / "tiny", texts)
    torch.manual_seed(0)
    sequences = torch.randint(1, 200, (4, 16)).tolist()

    def one_step(micro_batch: int) -> dict[str, torch.Tensor]:
        model = transformers.AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
        config = TrainConfig(model=str(folder), micro_batch=micro_batch, global_batch=4, lr=0.1,
                             warmup_ratio=0, max_steps=1, held_out=0, optim="sgd")  # fmt: skip
        args = training_arguments(config, tmp_path / f"run{micro_batch}", eval_strategy="no", save_strategy="no",
                                  max_grad_norm=1e9)  # fmt: skip
        trainer = transformers.Trainer(model=model, args=args, train_dataset=PackedDataset(sequences),
                                       data_collator=transformers.default_data_collator)  # fmt: skip
        trainer.train()
        return {name: p.detach().clone() for name, p in model.named_parameters()}

    # By hand: one SGD step on the mean token loss of all four sequences together.
    reference = transformers.AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    ids = torch.tensor(sequences)
    reference(input_ids=ids, labels=ids).loss.backward()
    expected = {name: (p - 0.1 * p.grad).detach() for name, p in reference.named_parameters()}

    accumulated = one_step(micro_batch=1)  # 4 micro-batches of 1
    for name, value in expected.items():
        assert torch.allclose(accumulated[name], value, atol=1e-6), name
