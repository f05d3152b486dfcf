"""A warning or error about bad input is one line, whatever the path's length or the terminal's width.

Each test runs the real `multiplt` in a subprocess on a 40-column terminal (COLUMNS=40),
with inputs under a folder whose name is over 100 characters and holds Rich markup
(``[red]``), and asserts that each message is exactly one line naming ``path:line: reason``
with the path printed verbatim.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MULTIPLT = [sys.executable, "-c", "from multiplt.cli.main import main; main()"]
NARROW = 40


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    """A folder whose path is far wider than the terminal and looks like Rich markup."""
    folder = tmp_path / ("[red]bad-input-" + "x" * 100) / "[bold]more"
    folder.mkdir(parents=True)
    assert len(str(folder)) > 100 + NARROW
    return folder


def _run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(NARROW), "LINES": "20"}
    return subprocess.run([*MULTIPLT, *arguments], capture_output=True, text=True, timeout=300, env=env, cwd=cwd)


def _one_line(stderr: str, expected: str) -> str:
    """The single stderr line holding ``expected`` whole (a wrapped message would hold none)."""
    lines = [line for line in stderr.splitlines() if expected in line]
    assert len(lines) == 1, f"{expected!r} is not on exactly one line of:\n{stderr}"
    return lines[0]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_generate_warns_one_line_per_malformed_prompt(deep: Path, tmp_path: Path) -> None:
    prompts = _write(deep / "prompts.jsonl", ["{broken", json.dumps({"text": "no prompt"})])
    # Only malformed lines: nothing is asked of the backend, so no server is needed.
    done = _run("generate", "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                "--prompts", str(prompts), "--out", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _one_line(done.stderr, f"{prompts}:1: not JSON (").startswith("warning: ")
    assert _one_line(done.stderr, f'{prompts}:2: no "prompt" string').startswith("warning: ")
    assert _one_line(done.stderr, f"skipped 2 malformed line(s) of {prompts}")


def test_exec_jsonl_reports_each_malformed_line_on_one_line(deep: Path, tmp_path: Path) -> None:
    programs = _write(deep / "programs.jsonl", ["{broken", json.dumps({"language": "cobol", "program": "x"})])
    done = _run("exec", "--jsonl", str(programs), "--out", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _one_line(done.stderr, f"{programs}:1: not JSON (").startswith("skipped ")
    assert _one_line(done.stderr, f"{programs}:2: unknown language 'cobol'").startswith("skipped ")
    assert "skipped 2 malformed lines of 2" in done.stdout


def test_eval_generate_reports_each_bad_problem_on_one_line(deep: Path, tmp_path: Path) -> None:
    problem = {"name": "HumanEval_0_x", "language": "cobol", "prompt": "a", "tests": "b", "stop_tokens": []}
    problems = _write(deep / "problems.jsonl", ["{broken", json.dumps(problem)])
    done = _run("eval", "generate", "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                "--problems", str(problems), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert _one_line(done.stderr, f"{problems}:1: not JSON (").startswith("error ")
    assert _one_line(done.stderr, f"{problems}:2: unknown language 'cobol'").startswith("error ")


def test_eval_score_reports_each_unreadable_completions_file_on_one_line(deep: Path, tmp_path: Path) -> None:
    broken = deep / "HumanEval_0_x.json"
    broken.write_text('{"language": "lua", "completions": [\n', encoding="utf-8")
    not_gzip = deep / "HumanEval_1_y.json.gz"
    not_gzip.write_bytes(b"plain text")
    done = _run("eval", "score", str(deep), cwd=tmp_path)
    assert done.returncode == 1
    assert _one_line(done.stderr, f"{broken}: invalid JSON at line 2 column 1: ").startswith("error ")
    assert _one_line(done.stderr, f"{not_gzip}: not a readable gzip file").startswith("error ")


def test_eval_build_reports_each_malformed_mbpp_line_on_one_line(deep: Path, tmp_path: Path) -> None:
    mbpp = _write(deep / "mbpp.jsonl", ["{broken", "[1, 2]"])
    done = _run("eval", "build", "--suite", "mbpp", "--mbpp-file", str(mbpp), "--lang", "lua", "--out", str(tmp_path / "out"),
                cwd=tmp_path)
    assert _one_line(done.stderr, f"{mbpp}:1: ").startswith("error ")
    assert _one_line(done.stderr, f"{mbpp}:2: ").startswith("error ")


@pytest.mark.parametrize("command", ["dedup", "translate"])
def test_data_commands_report_each_skipped_input_line_on_one_line(command: str, deep: Path, tmp_path: Path) -> None:
    source = _write(deep / "in.jsonl", ['{"n": ', "[1, 2]"])
    done = _run("data", command, str(source), "--runs-dir", str(tmp_path / "runs"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _one_line(done.stderr, f"{source}:1: not JSON (Expecting value at column 7) (malformed_json)").startswith("skipped ")
    assert _one_line(done.stderr, f"{source}:2: a JSON list, not an object (not_an_object)").startswith("skipped ")


def test_run_reports_a_config_error_with_markup_in_its_path_verbatim(deep: Path, tmp_path: Path) -> None:
    config = deep / "run.toml"
    config.write_text('[run]\nname = "x"\njobs = "many"\n', encoding="utf-8")
    done = _run("run", str(config), cwd=tmp_path)
    assert done.returncode == 2
    assert _one_line(done.stderr, f"{config}:").startswith("error: ")


def test_a_usage_error_is_one_line_not_a_wrapped_panel(deep: Path, tmp_path: Path) -> None:
    missing = deep / "no-such-prompts.jsonl"
    done = _run("generate", "--prompts", str(missing), "--out", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert done.returncode == 2
    assert _one_line(done.stderr, f"'{missing}' does not exist").startswith("Error: Invalid value for '--prompts'")


def test_a_markup_looking_message_is_printed_verbatim(deep: Path, tmp_path: Path) -> None:
    # A reason that itself holds markup-like text (an unknown language named "[red]x") is not styled away.
    programs = _write(deep / "programs.jsonl", [json.dumps({"language": "[red]x[/red]", "program": "x"})])
    done = _run("exec", "--jsonl", str(programs), "--out", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert _one_line(done.stderr, f"{programs}:1: unknown language '[red]x[/red]'")
