"""Reading `multiplt generate` prompt files: usable records, malformed lines with reasons."""

from pathlib import Path

from multiplt.llm.prompts_file import read_prompts, stop_for


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_records_keep_extra_fields_and_their_line_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"prompt": "a", "name": "HumanEval_0"}\n\n{"prompt": "b"}\n')
    prompts = read_prompts(path)
    assert prompts.records == [(1, {"prompt": "a", "name": "HumanEval_0"}), (3, {"prompt": "b"})]
    assert prompts.malformed == []


def test_malformed_lines_are_reported_with_line_number_and_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"prompt": "ok"}\nnot json\n{"text": "x"}\n[1, 2]\n{"prompt": "s", "stop_tokens": "\\n"}\n')
    prompts = read_prompts(path)
    assert [number for number, _ in prompts.malformed] == [2, 3, 4, 5]
    reasons = dict(prompts.malformed)
    assert reasons[2].startswith("not JSON")
    assert reasons[3] == 'no "prompt" string'
    assert reasons[4] == "expected a JSON object, got list"
    assert reasons[5] == '"stop_tokens" is not a list of strings'
    assert len(prompts.records) == 1


def test_malformed_summary_names_the_file_and_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "x\ny\n")
    summary = read_prompts(path).malformed_summary()
    assert str(path) in summary
    assert "skipped 2 malformed line(s)" in summary
    assert "line 1:" in summary and "line 2:" in summary


def test_record_stop_tokens_are_added_after_the_command_stops() -> None:
    record = {"prompt": "p", "stop_tokens": ["\nlocal", "\n\n"]}
    assert stop_for(record, ["\n\n", "#"]) == ("\n\n", "#", "\nlocal")
