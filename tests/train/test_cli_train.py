"""`multiplt train` end to end on the tiny model: a checkpoint scored on a real MultiPL-E Lua problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from train_fixtures import build_tiny_model, lua_documents, write_jsonl

from multiplt.evaluation.build import build_suite, write_problems

SRC = Path(__file__).resolve().parents[2] / "src"


def _multiplt(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from multiplt.cli.main import app; app(sys.argv[1:], prog_name='multiplt')"
    return subprocess.run([sys.executable, "-c", code, *args], env={**os.environ, "PYTHONPATH": str(SRC)},
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def _train_tiny(tmp_path: Path, documents: int, suite_flag: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Train a tiny model for 2 epochs on Lua documents, evaluating every checkpoint on one
    HumanEval problem passed as ``suite_flag``; returns (the run, its out folder, the suite)."""
    texts = lua_documents(documents)
    data = write_jsonl(tmp_path / "lua.jsonl", texts)
    model = build_tiny_model(tmp_path / "tiny", texts)
    [suite] = write_problems(build_suite("humaneval", ["lua"], limit=1), tmp_path / "problems")
    out = tmp_path / "run"
    done = _multiplt("train", str(data), "--out", str(out), "--model", str(model), "--seq-len", "32",
                     "--global-batch", "4", "--micro-batch", "2", "--epochs", "2", "--lr", "1e-2", "--held-out", "0.1",
                     suite_flag, str(suite), "--eval-n", "1", "--eval-max-tokens", "8", "--device", "cpu")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done, out, suite


@pytest.mark.runtime("lua")
def test_train_prints_the_table_and_the_rule(tmp_path: Path) -> None:
    done, out, _ = _train_tiny(tmp_path, 60, "--eval-problems")
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("epoch"))
    assert header.split("  ")[0] == "epoch" and "held-out loss" in header and "pass@1 lua" in header
    assert any(line.startswith("0 ") and "(before training)" in line for line in lines)
    assert sum("<- selected" in line for line in lines) == 1
    assert any(line.startswith("selected epoch ") and "lowest held-out loss" in line for line in lines)
    summary = json.loads((out / "train-summary.json").read_text())
    assert [row["epoch"] for row in summary["epochs"]] == [1, 2]
    assert all(row["pass_at_1"].keys() == {"lua"} for row in summary["epochs"])  # scored (0.0 for a toy is fine)
    assert list((out / "eval" / f"checkpoint-{summary['epochs'][0]['step']}").rglob("*.results.json.gz"))
    page = (out / "train-report.html").read_text(encoding="utf-8")
    assert 'id="plot-train-losses"' in page and 'id="plot-train-pass"' in page
    assert '"name":"held-out loss"' in page and '"x":[0,1,2]' in page  # epoch 0: the loss before training
    assert '"name":"pass@1 lua"' in page and "lowest held-out loss" in page


@pytest.mark.runtime("lua")
def test_select_suite_chooses_on_the_second_suite_and_says_so(tmp_path: Path) -> None:
    done, out, select = _train_tiny(tmp_path, 40, "--select-suite")
    summary = json.loads((out / "train-summary.json").read_text())
    # A toy model scores 0 on every checkpoint: the tie goes to the earlier epoch.
    assert summary["selected_epoch"] == 1
    assert summary["rule"].startswith(f"selected epoch 1: best mean pass@1 on the selection suite {select} (0.000)")
    assert "lowest held-out loss" not in done.stdout
    assert {path.name for path in (out / "select-eval").iterdir()} == {f"checkpoint-{row['step']}" for row in summary["epochs"]}
    assert not (out / "eval").exists()


def test_an_unknown_eval_backend_is_a_one_line_error(tmp_path: Path) -> None:
    done = _multiplt("train", str(tmp_path / "x.jsonl"), "--out", str(tmp_path / "run"), "--eval-backend", "onnx")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: --eval-backend 'onnx': choose transformers or vllm"]


def test_selecting_on_the_reported_suite_is_refused(tmp_path: Path) -> None:
    problems = tmp_path / "humaneval-lua.jsonl"
    problems.write_text("")
    done = _multiplt("train", str(problems), "--out", str(tmp_path / "run"), "--eval-problems", str(problems),
                     "--select-suite", str(problems))  # fmt: skip
    assert done.returncode == 2
    [message] = done.stderr.strip().splitlines()
    assert "is also an --eval-problems suite" in message
