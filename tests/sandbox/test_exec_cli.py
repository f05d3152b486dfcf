"""`multiplt exec`: one file to a JSON verdict, or a JSONL batch with pass-through fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sandbox_helpers import require_runtime
from typer.testing import CliRunner

from multiplt.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_scratch(scratch_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MULTIPLT_SCRATCH", str(scratch_root))


def test_file_verdict_is_printed_as_json(tmp_path: Path) -> None:
    require_runtime("lua")
    program = tmp_path / "hello.lua"
    program.write_text('print("hi")\n')
    result = runner.invoke(app, ["exec", str(program), "--isolation", "process"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert (verdict["language"], verdict["status"], verdict["stdout"]) == ("lua", "OK", "hi\n")


def test_lang_option_overrides_the_extension(tmp_path: Path) -> None:
    require_runtime("py")
    program = tmp_path / "script.txt"
    program.write_text("assert 1 == 2\n")
    result = runner.invoke(app, ["exec", str(program), "--lang", "python", "--isolation", "process"])
    assert json.loads(result.stdout)["status"] == "AssertionError"


def test_timeout_option_limits_the_run(tmp_path: Path) -> None:
    require_runtime("lua")
    program = tmp_path / "loop.lua"
    program.write_text("while true do end\n")
    result = runner.invoke(app, ["exec", str(program), "--timeout", "1", "--isolation", "process"])
    assert json.loads(result.stdout)["status"] == "Timeout"


def test_unknown_extension_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    program = tmp_path / "mystery.xyz"
    program.write_text("?")
    result = runner.invoke(app, ["exec", str(program)])
    assert result.exit_code == 2
    assert "mystery.xyz" in result.stderr and "Traceback" not in result.output


def test_jsonl_results_keep_input_order_and_extra_fields(tmp_path: Path) -> None:
    require_runtime("lua")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"language": "lua", "program": f"print({n})", "id": n}) + "\n" for n in range(5)))
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out), "--jobs", "2", "--isolation", "process"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(row["id"], row["status"], row["stdout"]) for row in rows] == [(n, "OK", f"{n}\n") for n in range(5)]


def test_jsonl_malformed_lines_are_skipped_and_reported_by_line_number(tmp_path: Path) -> None:
    require_runtime("lua")
    source = tmp_path / "in.jsonl"
    lines = ['{"language": "lua", "program": "print(1)"}', "{broken", '{"language": "cobol", "program": "x"}', '{"program": "print(2)"}']
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out), "--isolation", "process"])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 1
    assert all(f"in.jsonl:{number}:" in result.stderr for number in (2, 3, 4))
    assert "skipped 3 malformed lines" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["1e7", "1e308", "inf", "nan", "0", "-1"])
def test_an_absurd_timeout_is_a_one_line_error_before_anything_runs(tmp_path: Path, value: str) -> None:
    program = tmp_path / "hello.py"
    program.write_text("print('hi')\n")
    result = runner.invoke(app, ["exec", str(program), "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_jsonl_absurd_limits_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    require_runtime("py")
    source = tmp_path / "in.jsonl"
    good = '{"language": "py", "program": "print(1)", "timeout_s": 5}'
    bad = [
        '{"language": "py", "program": "print(1)", "timeout_s": 1e7}',
        '{"language": "py", "program": "print(1)", "timeout_s": 1e308}',
        '{"language": "py", "program": "print(1)", "timeout_s": 1e999}',
        '{"language": "py", "program": "print(1)", "timeout_s": Infinity}',
        '{"language": "py", "program": "print(1)", "timeout_s": NaN}',
        '{"language": "py", "program": "print(1)", "memory_mb": 1e30}',
    ]
    source.write_text("\n".join([good, *bad, good]) + "\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["status"] for line in out.read_text().splitlines()] == ["OK", "OK"]
    for number in range(2, 8):
        assert f"in.jsonl:{number}:" in result.stderr, result.stderr
    assert "skipped 6 malformed lines" in result.stdout
    assert "Traceback" not in result.output


def _one_jsonl(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text('{"language": "lua", "program": "print(1)"}\n')
    return source


@pytest.mark.parametrize("where", ["folder", "under_a_file"])
def test_an_unwritable_out_is_a_one_line_error_before_anything_runs(tmp_path: Path, where: str) -> None:
    source = _one_jsonl(tmp_path)
    (tmp_path / "a_file").write_text("x")
    out = tmp_path / "existing" if where == "folder" else tmp_path / "a_file" / "out.jsonl"
    if where == "folder":
        out.mkdir()
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert str(out) in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output and "ran " not in result.stdout


def test_a_cache_that_is_not_sqlite_is_a_one_line_error(tmp_path: Path) -> None:
    source = _one_jsonl(tmp_path)
    cache = tmp_path / "cache.db"
    cache.write_text("not a database\n")
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl"), "--cache", str(cache)])
    assert result.exit_code == 2, result.output
    assert "not an SQLite file" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output


def test_two_runs_to_one_out_do_not_share_a_temporary_file(tmp_path: Path) -> None:
    require_runtime("lua")
    source = _one_jsonl(tmp_path)
    out = tmp_path / "out.jsonl"
    stale = tmp_path / "out.jsonl.partial"  # the fixed name every run used to write
    stale.write_text("another run's half-written line")
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out), "--isolation", "process"])
    assert result.exit_code == 0, result.output
    assert stale.read_text() == "another run's half-written line"
    assert [json.loads(line)["stdout"] for line in out.read_text().splitlines()] == ["1\n"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl", "out.jsonl.partial"]


def test_non_utf8_bytes_in_a_jsonl_line_are_counted_and_reported(tmp_path: Path) -> None:
    require_runtime("lua")
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"language": "lua", "program": "print(1)"}\n{"language": "lua", "program": "print(\'\xff\xfe\')"}\n')
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["exec", "--jsonl", str(source), "--out", str(out), "--isolation", "process"])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:2: 2 bytes not UTF-8" in result.stderr, result.stderr
    assert "1 lines with non-UTF-8 bytes replaced" in result.stdout
    assert len(out.read_text().splitlines()) == 2
