"""Fine-tune a tiny model built here: loss falls, a SIGKILLed run resumes, the result generates."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import torch
from train_fixtures import build_tiny_model, lua_documents, write_jsonl

from multiplt.llm.base import Request
from multiplt.llm.transformers_backend import TransformersBackend
from multiplt.train.presets import TrainConfig
from multiplt.train.trainer import last_checkpoint, train

SRC = Path(__file__).resolve().parents[2] / "src"

KILLING_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import transformers
    from multiplt.train.presets import TrainConfig
    from multiplt.train.trainer import train

    class KillAfterFirstCheckpoint(transformers.TrainerCallback):
        def on_save(self, args, state, control, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)  # the real thing: no cleanup, no final save

    config = TrainConfig(**eval(sys.argv[1]))
    train(config, [Path(sys.argv[2])], Path(sys.argv[3]), callbacks=[KillAfterFirstCheckpoint()])
    """
)


def _config(model: Path, **extra: object) -> dict[str, object]:
    return dict(model=str(model), seq_len=32, global_batch=4, micro_batch=2, lr=1e-2, epochs=3,
                warmup_ratio=0.1, held_out=0.1, seed=1, **extra)  # fmt: skip


def _run(tmp_path: Path, lora: bool) -> None:
    texts = lua_documents(150)
    data = write_jsonl(tmp_path / "data" / "lua.jsonl", texts)
    model = build_tiny_model(tmp_path / "tiny", texts)
    out = tmp_path / "run"
    settings = _config(model, lora=lora, lora_r=8, lora_alpha=16)

    killed = subprocess.run(
        [sys.executable, "-c", KILLING_RUN, repr(settings), str(data), str(out)],
        env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    first = last_checkpoint(out)
    assert first is not None and not (out / "final").exists()

    result = train(TrainConfig(**settings), [data], out)  # type: ignore[arg-type]
    assert result.resumed_from == first
    assert [row.epoch for row in result.rows] == [1, 2, 3]  # epoch 1 from before the kill, kept
    assert result.rows[0].step == int(first.name.split("-")[1])
    assert result.held_out_before is not None
    assert result.rows[-1].held_out_loss < result.rows[0].held_out_loss < result.held_out_before
    assert result.rows[-1].train_loss < result.rows[0].train_loss

    final = result.final_dir
    assert (final / "config.json").exists()
    assert not (final / "adapter_config.json").exists()  # LoRA merged: a plain model folder
    backend = TransformersBackend(str(final), device="cpu", dtype="float32")
    try:
        [samples] = list(backend.complete([Request(prompt="local function add_3(x)\n  return x", n=1, temperature=0.0, max_tokens=8, stop=("\n",))]))
    finally:
        backend.close()
    assert len(samples) == 1
    if not lora:
        # The shape of every return line in the data (" + 3", " * 7"): an untrained model emits byte soup.
        assert re.fullmatch(r" [-+*] [1-9]", samples[0]), samples
    else:
        # The adapters are in the weights: the merged model is a plain one that differs from the base.
        import safetensors.torch

        base = safetensors.torch.load_file(str(model / "model.safetensors"))
        merged = safetensors.torch.load_file(str(final / "model.safetensors"))
        changed = [name for name in base if "proj" in name and not torch.equal(base[name], merged[name])]
        assert changed


def test_full_fine_tuning_survives_a_kill_and_generates(tmp_path: Path) -> None:
    _run(tmp_path, lora=False)


def test_lora_survives_a_kill_and_merges(tmp_path: Path) -> None:
    _run(tmp_path, lora=True)
