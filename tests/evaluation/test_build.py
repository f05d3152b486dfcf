"""`multiplt eval build`: HumanEval (and a user's MBPP file) into MultiPL-E problems files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from multiplt.evaluation.build import build_suite, build_suite_report, write_problems

MULTIPLT = [str(Path(sys.executable).with_name("multiplt"))]
FIELDS = {"name", "language", "prompt", "tests", "stop_tokens", "doctests", "original", "prompt_terminology"}


def test_problems_are_named_as_multipl_e_names_them() -> None:
    names = [problem["name"] for problem in build_suite("humaneval", ["lua"], limit=3)["lua"]]
    assert names == ["HumanEval_0_has_close_elements", "HumanEval_1_separate_paren_groups", "HumanEval_2_truncate_number"]


def test_problem_has_the_multipl_e_fields() -> None:
    problem = build_suite("humaneval", ["rkt"], limit=1)["rkt"][0]
    assert set(problem) == FIELDS
    assert (problem["language"], problem["doctests"], problem["prompt_terminology"]) == ("rkt", "transform", "reworded")
    assert problem["stop_tokens"] == ["\n(define ", "\n#|", "\n;", "\n("]
    assert problem["original"] == "HumanEval/0"


def test_aliases_are_accepted_and_stored_under_the_code() -> None:
    assert list(build_suite("humaneval", ["racket", "ocaml"], limit=1)) == ["rkt", "ml"]


def test_problem_whose_docstring_needs_a_python_helper_is_skipped_with_its_reason() -> None:
    built = build_suite_report("humaneval", ["lua"], limit=33)
    assert built.languages["lua"].skipped == {
        "HumanEval_32_find_zero": "docstring relies on Python helper poly, absent from target prompts"
    }


def test_untyped_signature_skips_the_problem_for_ocaml_only() -> None:
    built = build_suite_report("humaneval", ["ml", "lua"], limit=23)
    assert built.languages["ml"].skipped["HumanEval_22_filter_integers"] == "signature: ml has no Any type"
    assert "HumanEval_22_filter_integers" not in built.languages["lua"].skipped


def test_loop_asserts_are_counted_as_skipped_tests_not_problems() -> None:
    built = build_suite_report("humaneval", ["lua"], limit=54)
    assert built.languages["lua"].skipped_tests["not an assert: For"] == 2  # HumanEval_44 and _53
    assert "HumanEval_53_add" in [p["name"] for p in built.languages["lua"].problems]


def test_missing_annotations_are_inferred_for_typed_targets() -> None:
    problem = {p["name"]: p for p in build_suite("humaneval", ["ml"], limit=56)["ml"]}["HumanEval_55_fib"]
    assert problem["prompt"].endswith("let fib (n : int) : int =")


def test_write_problems_writes_one_jsonl_per_language(tmp_path: Path) -> None:
    paths = write_problems({"lua": [{"name": "a"}, {"name": "b"}], "r": []}, tmp_path)
    assert paths == [tmp_path / "humaneval-lua.jsonl", tmp_path / "humaneval-r.jsonl"]
    assert [json.loads(line)["name"] for line in paths[0].read_text().splitlines()] == ["a", "b"]


def test_mbpp_without_a_file_says_no_package_ships_it() -> None:
    with pytest.raises(ValueError, match="no package ships MBPP"):
        build_suite_report("mbpp", ["lua"])


def test_mbpp_file_is_translated_and_malformed_lines_are_reported(tmp_path: Path) -> None:
    records = [
        {"task_id": 3, "text": "Write a python function to identify non-prime numbers.",
         "code": "def is_not_prime(n):\n    return any(n % i == 0 for i in range(2, n))",
         "test_list": ["assert is_not_prime(2) == False", "assert is_not_prime(10) == True"]},
        {"task_id": 4, "code": "def f(x):\n    return x", "test_list": ["assert f(1) == 1"]},
    ]  # fmt: skip
    path = tmp_path / "mbpp.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n{not json\n")
    built = build_suite_report("mbpp", ["lua", "ml"], mbpp_file=path)
    assert built.bad_records == [f"{path}:2: missing key 'text'", f"{path}:3: not JSON (Expecting property name enclosed in double quotes at column 2)"]
    lua_problem = built.languages["lua"].problems[0]
    assert lua_problem["name"] == "mbpp_3_is_not_prime"
    assert lua_problem["prompt"] == "-- Write a python function to identify non-prime numbers.\nlocal function is_not_prime(n)\n"
    assert built.languages["ml"].problems[0]["prompt"].endswith("let is_not_prime (n : int) : bool =")


def test_cli_writes_files_and_reports_counts_and_reasons(tmp_path: Path) -> None:
    done = subprocess.run(
        [*MULTIPLT, "eval", "build", "--suite", "humaneval", "--lang", "lua,ml", "--limit", "33", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"lua: 32/33 problems translated -> {tmp_path / 'humaneval-lua.jsonl'}" in done.stdout
    assert "  skipped HumanEval_22_filter_integers: signature: ml has no Any type" in done.stdout
    assert len((tmp_path / "humaneval-ml.jsonl").read_text().splitlines()) == 31


def test_cli_unknown_language_is_a_one_line_error(tmp_path: Path) -> None:
    done = subprocess.run([*MULTIPLT, "eval", "build", "--lang", "cobol", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: unknown language 'cobol'; known: jl, lua, ml, py, r, rkt"


def test_verbatim_keep_variant_leaves_python_words_and_doctests() -> None:
    problem = build_suite_report("humaneval", ["lua"], limit=1, doctests="keep", reworded=False).languages["lua"].problems[0]
    assert (problem["doctests"], problem["prompt_terminology"]) == ("keep", "verbatim")
    assert problem["prompt"].startswith(
        "-- Check if in given list of numbers, are any two numbers closer to each other than\n"
        "-- given threshold.\n"
        "-- >>> has_close_elements([1.0, 2.0, 3.0], 0.5)\n"
        "-- False\n"
    )


def test_cli_bad_doctests_mode_is_a_one_line_error(tmp_path: Path) -> None:
    done = subprocess.run([*MULTIPLT, "eval", "build", "--doctests", "drop", "--limit", "1", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: doctests must be one of transform, keep, remove, not 'drop'"
