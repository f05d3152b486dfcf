"""`multiplt generate` end to end: prompts file in, completions file out, cache reused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer
from llm_servers import CountingProxy, free_port
from typer.testing import CliRunner

from multiplt.cli.main import app

runner = CliRunner()


def _prompts(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _generate(prompts: Path, out: Path, base_url: str, *extra: str):
    args = ["generate", "--backend", "openai", "--base-url", base_url, "--model", "gemma3-270m",
            "--prompts", str(prompts), "--out", str(out), "--max-tokens", "8", "--temperature", "0", *extra]
    return runner.invoke(app, args)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_writes_n_completions_per_record_and_keeps_extra_fields(proxy: CountingProxy, tmp_path: Path) -> None:
    prompts = _prompts(tmp_path, [json.dumps({"prompt": "x = ", "name": "first"}), json.dumps({"prompt": "y = ", "name": "second"})])
    result = _generate(prompts, tmp_path / "out.jsonl", proxy.base_url, "--n", "2", "--temperature", "0.8", "--seed", "1")
    assert result.exit_code == 0, result.output
    rows = _read(tmp_path / "out.jsonl")
    assert [row["name"] for row in rows] == ["first", "second"]
    assert [len(row["completions"]) for row in rows] == [2, 2]


def test_malformed_lines_are_reported_by_number_and_the_rest_is_generated(proxy: CountingProxy, tmp_path: Path) -> None:
    # The real command on a 40-column terminal, under a folder wider than it: each warning
    # must still be one line (Rich used to wrap it, so this depended on the temp path's length).
    folder = tmp_path / ("[red]deep-" + "x" * 100)
    folder.mkdir()
    prompts = _prompts(folder, [json.dumps({"prompt": "a = "}), "{broken", json.dumps({"text": "no prompt"}), json.dumps({"prompt": "b = "})])
    args = ["generate", "--backend", "openai", "--base-url", proxy.base_url, "--model", "gemma3-270m",
            "--prompts", str(prompts), "--out", str(tmp_path / "out.jsonl"), "--max-tokens", "8", "--temperature", "0"]
    done = subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "COLUMNS": "40"})
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if f"{prompts}:2: not JSON" in line] == [
        f"warning: {prompts}:2: not JSON (Expecting property name enclosed in double quotes at column 2)"]
    assert [line for line in lines if f"{prompts}:3:" in line] == [f'warning: {prompts}:3: no "prompt" string']
    assert f"warning: skipped 2 malformed line(s) of {prompts}" in lines
    assert [row["prompt"] for row in _read(tmp_path / "out.jsonl")] == ["a = ", "b = "]


def test_a_second_run_is_served_from_the_cache_beside_the_output(proxy: CountingProxy, tmp_path: Path) -> None:
    prompts = _prompts(tmp_path, [json.dumps({"prompt": "z = "})])
    assert _generate(prompts, tmp_path / "out.jsonl", proxy.base_url, "--n", "2").exit_code == 0
    first = _read(tmp_path / "out.jsonl")
    sent = proxy.requests
    again = _generate(prompts, tmp_path / "out.jsonl", proxy.base_url, "--n", "2")
    assert again.exit_code == 0, again.output
    assert proxy.requests == sent
    assert "2 from the cache" in again.output
    assert _read(tmp_path / "out.jsonl") == first
    assert (tmp_path / "cache" / "llm.sqlite").is_file()


def test_a_record_stop_tokens_cut_only_that_record(proxy: CountingProxy, tmp_path: Path) -> None:
    counting = "1, 2, 3, 4, 5, 6, 7, 8, 9,"  # greedy: " 10, 11, 12, 13, ..."
    prompts = _prompts(tmp_path, [json.dumps({"prompt": counting, "stop_tokens": [", 12"]}), json.dumps({"prompt": counting})])
    result = _generate(prompts, tmp_path / "out.jsonl", proxy.base_url, "--max-tokens", "16")
    assert result.exit_code == 0, result.output
    stopped, free = (row["completions"][0] for row in _read(tmp_path / "out.jsonl"))
    assert stopped == " 10, 11"
    assert free.startswith(" 10, 11, 12")


def test_an_escaped_newline_stop_option_cuts_at_the_first_newline(proxy: CountingProxy, tmp_path: Path) -> None:
    prompts = _prompts(tmp_path, [json.dumps({"prompt": "def add(a, b):\n"})])
    result = _generate(prompts, tmp_path / "out.jsonl", proxy.base_url, "--max-tokens", "16", "--stop", "\\n")
    assert result.exit_code == 0, result.output
    [completion] = _read(tmp_path / "out.jsonl")[0]["completions"]
    assert completion.strip()
    assert "\n" not in completion


def test_server_down_exits_1_with_a_one_line_error(tmp_path: Path) -> None:
    prompts = _prompts(tmp_path, [json.dumps({"prompt": "x"})])
    result = _generate(prompts, tmp_path / "out.jsonl", f"http://127.0.0.1:{free_port()}/v1", "--retries", "0")
    assert result.exit_code == 1
    assert "error: the server at" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_every_option_has_help_text() -> None:
    command = typer.main.get_command(app).commands["generate"]  # type: ignore[attr-defined]
    undocumented = [param.name for param in command.params if not getattr(param, "help", None)]
    assert undocumented == []
