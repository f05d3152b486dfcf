"""`multiplt train`: fine-tune on the exported dataset, evaluate each checkpoint, select honestly."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from multiplt.cli.app import app
from multiplt.io import atomic_write_text


@app.command("train")
def train_command(
    data: list[Path] = typer.Argument(..., metavar="DATA", help="JSONL / Parquet files, folders of them (MultiPL-T's published layout), or a `datasets` folder; the text is in --column."),
    out: Path = typer.Option(..., "--out", help="Run folder: checkpoint-N per epoch, final/ (LoRA merged), train-summary.json. Re-running resumes from the last checkpoint."),
    preset: str = typer.Option("starcoderbase-1b", "--preset", help="starcoderbase-1b (lr 3e-5, batch 8 x 2048, 7 epochs) or starcoderbase-15b (lr 2e-5, batch 32, 10 epochs, DeepSpeed ZeRO-3)."),
    model: str | None = typer.Option(None, "--model", help="Hub name, local folder, a .gguf file, or `embedded` (the shipped Gemma 3 270M); default: the preset's."),
    lr: float | None = typer.Option(None, "--lr", help="Peak learning rate (cosine decay after warm-up)."),
    epochs: float | None = typer.Option(None, "--epochs", help="Epochs; one checkpoint each."),
    seq_len: int | None = typer.Option(None, "--seq-len", min=2, help="Tokens per packed sequence (documents joined by EOS)."),
    global_batch: int | None = typer.Option(None, "--global-batch", min=1, help="Sequences per optimizer step, over all processes."),
    micro_batch: int | None = typer.Option(None, "--micro-batch", min=1, help="Sequences per device per forward pass; accumulation makes up the rest."),
    warmup_ratio: float | None = typer.Option(None, "--warmup-ratio", min=0.0, max=0.99, help="Share of the optimizer steps spent warming up."),
    held_out: float | None = typer.Option(None, "--held-out", min=0.0, max=0.99, help="Share of the documents held out for the held-out loss (default 0.01)."),
    lora: bool = typer.Option(False, "--lora/--full", help="LoRA adapters (merged into final/) or full fine-tuning."),
    seed: int | None = typer.Option(None, "--seed", help="Seed for the held-out split, shuffling and initialisation."),
    column: str = typer.Option("content", "--column", help="The column holding each training document."),
    eval_problems: list[Path] = typer.Option([], "--eval-problems", help="MultiPL-E problems (file or folder, from `multiplt eval build`) to report pass@1 on for every checkpoint; repeat for more."),
    select_suite: list[Path] = typer.Option([], "--select-suite", help="A second problems suite to select the checkpoint on, instead of held-out loss; must differ from --eval-problems."),
    eval_n: int = typer.Option(20, "--eval-n", min=1, help="Completions per problem for pass@1."),
    eval_temperature: float = typer.Option(0.2, "--eval-temperature", min=0.0),
    eval_max_tokens: int = typer.Option(512, "--eval-max-tokens", min=1),
    eval_limit: int | None = typer.Option(None, "--eval-limit", min=1, help="Only the first N problems of each problems file."),
    eval_backend: str = typer.Option("transformers", "--eval-backend", help="How checkpoints are loaded for evaluation: transformers (in-process, CPU or GPU) or vllm (the vllm extra, a GPU)."),
    device: str | None = typer.Option(None, "--device", help="Device for checkpoint evaluation (cpu, cuda, cuda:1); default cuda when available."),
) -> None:
    """Fine-tune a causal LM (full or LoRA), then print epoch / train loss / held-out loss / pass@1 per language."""
    from multiplt.evaluation.generate import SamplingParams
    from multiplt.train.data import DataError
    from multiplt.train.presets import preset as make_preset
    from multiplt.train.report import write_train_report
    from multiplt.train.select import render_table, select_checkpoint
    from multiplt.train.trainer import TrainError, train

    if eval_backend not in ("transformers", "vllm"):
        typer.echo(f"error: --eval-backend {eval_backend!r}: choose transformers or vllm", err=True)
        raise typer.Exit(2)
    overlap = {p.resolve() for p in select_suite} & {p.resolve() for p in eval_problems}
    if overlap:
        typer.echo(f"error: --select-suite {sorted(overlap)[0]} is also an --eval-problems suite: selecting on the reported benchmark inflates it", err=True)
        raise typer.Exit(2)
    try:
        config = make_preset(
            preset, model=model, lr=lr, epochs=epochs, seq_len=seq_len, global_batch=global_batch,
            micro_batch=micro_batch, warmup_ratio=warmup_ratio, held_out=held_out, seed=seed, lora=lora or None,
        )  # fmt: skip
        result = train(config, data, out, column=column, log=typer.echo)
    except (DataError, TrainError, ValueError, ImportError) as error:
        typer.echo(f"error: {error}".replace("\n", " "), err=True)
        raise typer.Exit(2) from None
    params = SamplingParams(n=eval_n, temperature=eval_temperature, max_tokens=eval_max_tokens)
    selection_scores: dict[int, float] = {}
    errors: list[str] = []
    if eval_problems or select_suite:
        from multiplt.train.evaluate import evaluate_checkpoint
        from multiplt.train.trainer import loadable_checkpoint

        for row in result.rows:
            if row.checkpoint is None:
                errors.append(f"epoch {row.epoch}: checkpoint-{row.step} is gone, not evaluated")
                continue
            folder = loadable_checkpoint(row.checkpoint)
            if eval_problems:
                row.pass_at_1, found = evaluate_checkpoint(folder, eval_problems, out / "eval" / row.checkpoint.name, params, limit=eval_limit, device=device, backend=eval_backend)
                errors.extend(found)
            if select_suite:
                scores, found = evaluate_checkpoint(folder, select_suite, out / "select-eval" / row.checkpoint.name, params, limit=eval_limit, device=device, backend=eval_backend)
                errors.extend(found)
                selection_scores[row.epoch] = sum(scores.values()) / len(scores) if scores else 0.0
    for error in errors:
        typer.echo(f"error: {error}".replace("\n", " "), err=True)
    selection = select_checkpoint(result.rows, selection_scores or None, ",".join(map(str, select_suite))) if result.rows else None
    table = render_table(result.rows, selection, result.held_out_before)
    typer.echo(table)
    summary = {
        "config": {key: value for key, value in asdict(config).items() if key != "deepspeed"},
        "held_out_before": result.held_out_before,
        "epochs": [{**asdict(row), "checkpoint": str(row.checkpoint) if row.checkpoint else None} for row in result.rows],
        "selected_epoch": selection.row.epoch if selection else None,
        "rule": selection.rule if selection else None,
        "final": str(result.final_dir),
    }
    atomic_write_text(out / "train-summary.json", json.dumps(summary, indent=2) + "\n")
    report = write_train_report(out, result.rows, table, selection.rule if selection else None, result.held_out_before)
    typer.echo(f"Wrote {result.final_dir}, {out / 'train-summary.json'} and {report}")
    if errors:
        raise typer.Exit(1)
