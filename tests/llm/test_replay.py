"""The replay backend serves recorded completions exactly, by prompt or by name and index."""

import json
from pathlib import Path

import pytest

from multiplt.llm import BackendError, Request, open_backend


def _write(path: Path, *lines: object) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def test_a_prompt_entry_serves_its_completions_in_order(tmp_path: Path) -> None:
    replay = _write(tmp_path / "r.jsonl", {"prompt": "def f(", "completions": ["x):", "y):", "z):"]})
    with open_backend("replay", str(replay)) as llm:
        assert list(llm.complete([Request("def f(", n=2)])) == [["x):", "y):"]]


def test_a_name_entry_answers_any_prompt_with_that_name(tmp_path: Path) -> None:
    replay = _write(tmp_path / "r.jsonl", {"name": "add", "completions": ["1, 2) == 3", "0, 0) == 0"]})
    with open_backend("replay", str(replay)) as llm:
        assert list(llm.complete([Request("whatever the prompt", n=2, name="add")])) == [["1, 2) == 3", "0, 0) == 0"]]


def test_the_prompt_entry_wins_over_the_name_entry(tmp_path: Path) -> None:
    replay = _write(
        tmp_path / "r.jsonl",
        {"name": "add", "completions": ["by name"]},
        {"prompt": "P", "completions": ["by prompt"]},
    )
    with open_backend("replay", str(replay)) as llm:
        assert list(llm.complete([Request("P", name="add"), Request("Q", name="add")])) == [["by prompt"], ["by name"]]


def test_single_sample_lines_are_placed_by_index(tmp_path: Path) -> None:
    replay = _write(
        tmp_path / "r.jsonl",
        {"name": "g", "index": 1, "completion": "second"},
        {"name": "g", "index": 0, "completion": "first"},
    )
    with open_backend("replay", str(replay)) as llm:
        assert list(llm.complete([Request("p", n=2, name="g")])) == [["first", "second"]]


def test_stop_sequences_are_applied_as_for_a_model(tmp_path: Path) -> None:
    replay = _write(tmp_path / "r.jsonl", {"prompt": "p", "completions": ["1) == 2\nassert f(3) == 4\n\ndef other():"]})
    with open_backend("replay", str(replay)) as llm:
        assert list(llm.complete([Request("p", stop=("\ndef",))])) == [["1) == 2\nassert f(3) == 4\n"]]


def test_a_request_the_file_cannot_answer_names_it(tmp_path: Path) -> None:
    replay = _write(tmp_path / "r.jsonl", {"name": "g", "completions": ["only one"]})
    with open_backend("replay", str(replay)) as llm:
        with pytest.raises(BackendError, match=r"r\.jsonl: request 0 \(name 'g'.*asks for 3 samples, the file holds 1"):
            list(llm.complete([Request("p", n=3, name="g")]))


def test_short_mode_serves_what_there_is_and_counts_the_rest(tmp_path: Path) -> None:
    replay = _write(tmp_path / "r.jsonl", {"name": "g", "completions": ["only one"]})
    with open_backend("replay", str(replay), on_missing="short") as llm:
        assert list(llm.complete([Request("p", n=3, name="g"), Request("unknown", n=2)])) == [["only one"], []]
        assert llm.missing == 4


def test_malformed_lines_are_skipped_with_file_line_and_reason(tmp_path: Path) -> None:
    replay = _write(
        tmp_path / "r.jsonl",
        "{not json",
        {"completions": ["no key"]},
        {"name": "g", "completions": [1, 2]},
        {"name": "g", "completion": "no index"},
        {"name": "g", "completions": ["kept"]},
    )
    with open_backend("replay", str(replay)) as llm:
        assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in llm.malformed] == ["1", "2", "3", "4"]
        assert "neither a \"prompt\" nor a \"name\"" in llm.malformed[1]
        assert "not a list of strings" in llm.malformed[2]
        assert list(llm.complete([Request("p", name="g")])) == [["kept"]]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="replay file not found: .*absent.jsonl"):
        open_backend("replay", str(tmp_path / "absent.jsonl"))


def test_no_file_at_all_says_how_to_give_one() -> None:
    with pytest.raises(BackendError, match="needs the replay file as its model"):
        open_backend("replay")


def test_a_folder_of_multipl_e_completions_files_answers_by_problem_name(tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "completions"
    folder.mkdir()
    record = {"name": "HumanEval_53_add", "language": "lua", "prompt": "local function add(x, y)\n",
              "tests": "", "completions": ["    return x + y\nend\n\nlocal z", "    return x - y\nend"]}
    with gzip.open(folder / "HumanEval_53_add.json.gz", "wt") as handle:
        json.dump(record, handle)
    (folder / "broken.json.gz").write_bytes(b"not gzip")
    with open_backend("replay", str(folder)) as llm:
        samples = list(llm.complete([Request("another prompt", n=2, stop=("\nlocal",), name="HumanEval_53_add")]))
        assert samples == [["    return x + y\nend\n", "    return x - y\nend"]]
        assert len(llm.malformed) == 1 and "broken.json.gz" in llm.malformed[0]


def test_a_problem_name_shared_by_two_languages_answers_only_by_prompt(tmp_path: Path) -> None:
    import gzip

    files = {"lua": ("local function add(x, y)\n", "    return x + y\nend"), "rkt": ("(define (add x y)\n", "  (+ x y))")}
    for language, (prompt, completion) in files.items():
        (tmp_path / language).mkdir()
        with gzip.open(tmp_path / language / "HumanEval_53_add.json.gz", "wt") as handle:
            json.dump({"name": "HumanEval_53_add", "language": language, "prompt": prompt, "tests": "",
                       "completions": [completion]}, handle)
    with open_backend("replay", str(tmp_path)) as llm:
        by_prompt = list(llm.complete([Request("(define (add x y)\n", name="HumanEval_53_add")]))
        assert by_prompt == [["  (+ x y))"]]
        with pytest.raises(BackendError, match=r"several languages \(lua, rkt\)"):
            list(llm.complete([Request("a prompt no file has", name="HumanEval_53_add")]))
