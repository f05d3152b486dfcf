"""`multiplt eval generate` from the command line, as the README's demo runs it: problems
built by `multiplt eval build` from HumanEval, completions from the embedded model in
process (the `make demo` step) or from a real llama.cpp server over HTTP."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from llm_servers import CountingProxy
from typer.testing import CliRunner

from multiplt.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def problems(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two HumanEval problems translated into Lua, by `multiplt eval build`."""
    out = tmp_path_factory.mktemp("problems")
    result = runner.invoke(app, ["eval", "build", "--suite", "humaneval", "--lang", "lua", "--limit", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _completions(folder: Path) -> dict[str, dict]:
    return {path.name: json.loads(gzip.decompress(path.read_bytes())) for path in sorted(folder.glob("*.json.gz"))}


def _demo_step(problems: Path, out: Path, *extra: str):
    # The Makefile's demo step, with fewer tokens and one thread to stay cheap.
    return runner.invoke(app, ["eval", "generate", "--problems", str(problems), "--backend", "llamacpp", "--n", "2",
                               "--max-tokens", "4", "--threads", "1", "--out", str(out), *extra])


def test_the_demo_step_writes_n_completions_per_problem(problems: Path, gguf_path: Path, tmp_path: Path) -> None:
    result = _demo_step(problems, tmp_path / "completions")
    assert result.exit_code == 0, result.output
    assert "2 problems need 4 completions; 0 already complete." in result.output
    assert "Wrote 4 completions for 2 problems" in result.output
    files = _completions(tmp_path / "completions" / "humaneval-lua")
    assert list(files) == ["HumanEval_0_has_close_elements.json.gz", "HumanEval_1_separate_paren_groups.json.gz"]
    for record in files.values():
        assert len(record["completions"]) == 2 and all(isinstance(text, str) for text in record["completions"])
        assert (record["language"], record["temperature"], record["top_p"], record["max_tokens"]) == ("lua", 0.2, 0.95, 4)


def test_a_rerun_of_the_demo_step_has_nothing_left_to_do(problems: Path, gguf_path: Path, tmp_path: Path) -> None:
    assert _demo_step(problems, tmp_path / "completions").exit_code == 0
    again = _demo_step(problems, tmp_path / "completions")
    assert again.exit_code == 0, again.output
    assert "0 problems need 0 completions; 2 already complete." in again.output


def test_the_same_seed_gives_the_same_samples(problems: Path, gguf_path: Path, tmp_path: Path) -> None:
    # separate out folders, so separate caches: the samples are drawn twice
    hot = ("--temperature", "1.0", "--seed", "17")
    assert _demo_step(problems, tmp_path / "one", *hot).exit_code == 0
    assert _demo_step(problems, tmp_path / "two", *hot).exit_code == 0
    one = _completions(tmp_path / "one" / "humaneval-lua")
    two = _completions(tmp_path / "two" / "humaneval-lua")
    assert [record["completions"] for record in one.values()] == [record["completions"] for record in two.values()]


def test_base_url_with_an_in_process_backend_is_refused(problems: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "generate", "--problems", str(problems), "--backend", "llamacpp",
                                 "--base-url", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--base-url applies to the openai backend only, not 'llamacpp'" in result.output


def test_chat_seed_and_retries_reach_a_real_server(problems: Path, proxy: CountingProxy, tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "generate", "--problems", str(problems), "--backend", "openai",
                                 "--base-url", proxy.base_url, "--model", "gemma3-270m", "--chat", "--seed", "5",
                                 "--retries", "0", "--n", "1", "--max-tokens", "4", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert proxy.requests == 2
    assert all(body["seed"] == 5 and body["messages"][0]["role"] == "user" and "prompt" not in body
               for body in proxy.bodies)
    files = _completions(tmp_path / "out" / "humaneval-lua")
    assert [len(record["completions"]) for record in files.values()] == [1, 1]


# Two MultiPL-E Lua problems written out by hand (HumanEval/53 and /23), as `eval build` would.
LUA_STOPS = ["\nlocal", "\nfunction", "\n--", "\n\n"]
TINY_PROBLEMS = [
    {"name": "HumanEval_53_add", "language": "lua", "stop_tokens": LUA_STOPS,
     "prompt": "-- Add two numbers x and y\n-- >>> add(2, 3)\n-- 5\nlocal function add(x, y)\n",
     "tests": "lu = require('luaunit')\n\nfunction test_humaneval()\nlocal candidate = add\n"
              "    lu.assertEquals(candidate(0, 1), 1)\nend\n\nos.exit(lu.LuaUnit.run())"},
    {"name": "HumanEval_23_strlen", "language": "lua", "stop_tokens": LUA_STOPS,
     "prompt": "-- Return length of given string\n-- >>> strlen('abc')\n-- 3\nlocal function strlen(string)\n",
     "tests": "lu = require('luaunit')\n\nfunction test_humaneval()\nlocal candidate = strlen\n"
              "    lu.assertEquals(candidate(''), 0)\nend\n\nos.exit(lu.LuaUnit.run())"},
]


def test_the_command_writes_multipl_e_completions_files_from_a_llama_server(proxy: CountingProxy, tmp_path: Path) -> None:
    problems = tmp_path / "tiny-lua.jsonl"
    problems.write_text("".join(json.dumps(problem) + "\n" for problem in TINY_PROBLEMS), encoding="utf-8")
    args = ["eval", "generate", "--problems", str(problems), "--backend", "openai", "--base-url", proxy.base_url,
            "--model", "gemma3-270m", "--n", "3", "--temperature", "0.8", "--seed", "11", "--max-tokens", "12",
            "--out", str(tmp_path / "out")]
    done = subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 problems need 6 completions; 0 already complete." in done.stdout
    files = _completions(tmp_path / "out" / "tiny-lua")
    assert list(files) == ["HumanEval_23_strlen.json.gz", "HumanEval_53_add.json.gz"]
    for problem in TINY_PROBLEMS:
        record = files[f"{problem['name']}.json.gz"]
        assert {key: record[key] for key in problem} == problem  # the problem's fields, unchanged
        assert (record["temperature"], record["top_p"], record["max_tokens"]) == (0.8, 0.95, 12)
        assert len(record["completions"]) == 3 and all(isinstance(text, str) for text in record["completions"])
        assert not any(stop in text for text in record["completions"] for stop in LUA_STOPS)  # cut at the first stop
    assert {body["prompt"] for body in proxy.bodies} == {problem["prompt"] for problem in TINY_PROBLEMS}
