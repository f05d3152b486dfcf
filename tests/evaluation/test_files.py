"""Reading and writing MultiPL-E problems, completions and results files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from multiplt.multiple_files import (
    BadInputError,
    find_completion_files,
    language_code,
    parse_completions,
    read_completions,
    read_json,
    read_problems,
    results_path,
    write_json_atomic,
)

DATA = Path(__file__).parents[1] / "data" / "evaluation" / "completions"


def _completions(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "HumanEval_53_add",
        "language": "lua",
        "prompt": "local function add(x, y)\n",
        "tests": "-- tests\n",
        "completions": ["    return x + y\nend\n"],
    }
    data.update(overrides)
    return data


def test_truncated_gzip_is_reported_with_the_file_name(tmp_path: Path) -> None:
    whole = gzip.compress(json.dumps(_completions()).encode())
    path = tmp_path / "HumanEval_53_add.json.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadInputError, match="HumanEval_53_add.json.gz: not a readable gzip file"):
        read_json(path)


def test_invalid_json_is_reported_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": ', encoding="utf-8")
    with pytest.raises(BadInputError, match=r"broken.json: invalid JSON at line 1"):
        read_json(path)


def test_missing_field_is_named() -> None:
    data = _completions()
    del data["tests"]
    with pytest.raises(BadInputError, match="x.json.gz: missing field 'tests'"):
        parse_completions(Path("x.json.gz"), data)


def test_completion_that_is_not_a_string_is_named_by_index() -> None:
    with pytest.raises(BadInputError, match=r"completions\[1\] is int, not a string"):
        parse_completions(Path("x.json.gz"), _completions(completions=["ok", 42]))


def test_unknown_language_is_reported() -> None:
    with pytest.raises(BadInputError, match="unknown language 'cobol'"):
        parse_completions(Path("x.json.gz"), _completions(language="cobol"))


@pytest.mark.parametrize(
    ("value", "code"),
    [("rkt", "rkt"), ("racket", "rkt"), ("julia", "jl"), ("ml", "ml"), ("python", "py"), ("humaneval_to_r.py", "r"), ("Lua", "lua")],
)
def test_multipl_e_language_values_map_to_our_codes(value: str, code: str) -> None:
    assert language_code(value) == code


def test_name_falls_back_to_the_file_name_when_absent() -> None:
    data = _completions()
    del data["name"]
    parsed = parse_completions(Path("d/HumanEval_0_has_close_elements.json"), data)
    assert parsed.name == "HumanEval_0_has_close_elements"


def test_file_without_stop_tokens_or_sampling_fields_is_accepted() -> None:
    # bigcode-evaluation-harness writes only name, language, prompt, completions, tests.
    parsed = parse_completions(Path("p.json"), _completions())
    assert parsed.completions == ("    return x + y\nend\n",)


def test_fields_keep_everything_but_the_completions() -> None:
    parsed = parse_completions(Path("p.json.gz"), _completions(temperature=0.8, doctests="keep"))
    assert parsed.fields["temperature"] == 0.8
    assert parsed.fields["doctests"] == "keep"
    assert "completions" not in parsed.fields


def test_multipl_e_file_written_for_the_suite_is_read() -> None:
    parsed = read_completions(DATA / "rkt" / "HumanEval_53_add.json.gz")
    assert (parsed.name, parsed.language, len(parsed.completions)) == ("HumanEval_53_add", "rkt", 3)


def test_results_path_mirrors_compression() -> None:
    assert results_path(Path("d/HumanEval_1_x.json.gz")) == Path("d/HumanEval_1_x.results.json.gz")
    assert results_path(Path("d/HumanEval_1_x.json")) == Path("d/HumanEval_1_x.results.json")


def test_completion_files_exclude_results_summaries_and_temp_files(tmp_path: Path) -> None:
    for name in ["a.json.gz", "b.json", "a.results.json.gz", "b.results.json", "summary.json", ".a.json.gz.12.tmp", "c.jsonl"]:
        (tmp_path / name).write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.json.gz").write_text("{}")
    found = [path.relative_to(tmp_path).as_posix() for path in find_completion_files(tmp_path)]
    assert found == ["a.json.gz", "b.json", "sub/d.json.gz"]


def test_atomic_write_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "out" / "x.results.json.gz"
    write_json_atomic(path, {"results": [1, 2]})
    assert read_json(path) == {"results": [1, 2]}
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.results.json.gz"]


def test_problems_file_skips_malformed_lines_with_a_reason(tmp_path: Path) -> None:
    good = {"name": "HumanEval_53_add", "language": "lua", "prompt": "p", "tests": "t", "stop_tokens": ["\n\n"]}
    path = tmp_path / "humaneval-lua.jsonl"
    lines = [json.dumps(good), "{not json", json.dumps({**good, "prompt": 3}), json.dumps({**good, "language": "cobol"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = read_problems(path)
    assert [problem["name"] for problem in problems.problems] == ["HumanEval_53_add"]
    assert problems.skipped == [
        f"{path}:2: not JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: field 'prompt' is int, not a string",
        f"{path}:4: unknown language 'cobol'; known: jl, lua, ml, py, r, rkt",
    ]


def test_problems_file_as_a_json_array_is_read(tmp_path: Path) -> None:
    # Older MultiPL-E builders wrote all problems as one JSON array.
    problem = {"name": "HumanEval_53_add", "language": "rkt", "prompt": "p", "tests": "t"}
    path = tmp_path / "humaneval-rkt.json"
    path.write_text(json.dumps([problem, problem]), encoding="utf-8")
    assert len(read_problems(path).problems) == 2
