"""`eval generate` with the embedded model (llama-cpp-python, in process): files, resume, refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from multiplt.evaluation.generate import GenerationJob, SamplingParams, plan_generation, run_generation
from multiplt.multiple_files import read_json

pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed")
pytestmark = pytest.mark.slow

from multiplt.llm import open_backend  # noqa: E402

LUA_STOP = ["\nlocal", "\nfunction", "\n--", "\n\n"]
PROBLEMS = {
    "humaneval-lua.jsonl": [
        {"name": "HumanEval_53_add", "language": "lua", "prompt": "-- Add two numbers x and y\nlocal function add(x, y)\n", "tests": "-- t\n", "stop_tokens": LUA_STOP, "doctests": "keep"},
        {"name": "HumanEval_23_strlen", "language": "lua", "prompt": "-- Return length of given string\nlocal function strlen(string)\n", "tests": "-- t\n", "stop_tokens": LUA_STOP},
    ],
    "humaneval-rkt.jsonl": [
        {"name": "HumanEval_53_add", "language": "rkt", "prompt": "#lang racket\n\n;; Add two numbers x and y\n(define (add x y)\n", "tests": ";; t\n"},
    ],
}
PARAMS = SamplingParams(n=2, temperature=0.2, top_p=0.95, max_tokens=12)


def _write_problems(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, problems in PROBLEMS.items():
        (folder / name).write_text("".join(json.dumps(problem) + "\n" for problem in problems), encoding="utf-8")
    return folder


@pytest.fixture()
def problems_dir(tmp_path: Path) -> Path:
    return _write_problems(tmp_path / "problems")


def _generate(problems: Path, out: Path, params: SamplingParams) -> tuple[int, int]:
    """Plan and run a generation with the embedded model; (samples written, samples the model generated)."""
    plan = plan_generation([problems], out, params)
    backend = open_backend("llamacpp", cache_path=out / "llm-cache.sqlite", seed=7)
    try:
        written = run_generation(plan, backend, params)
    finally:
        backend.close()
    return written, backend.stats.generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(problems folder, out folder) after one generation at n=2; tests that change it copy it."""
    root = tmp_path_factory.mktemp("generated")
    problems = _write_problems(root / "problems")
    _generate(problems, root / "out", PARAMS)
    return problems, root / "out"


def test_one_completions_file_per_problem_in_a_folder_per_problems_file(generated: tuple[Path, Path]) -> None:
    _, out = generated
    found = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.json.gz"))
    assert found == ["humaneval-lua/HumanEval_23_strlen.json.gz", "humaneval-lua/HumanEval_53_add.json.gz", "humaneval-rkt/HumanEval_53_add.json.gz"]


def test_completions_file_holds_problem_fields_sampling_parameters_and_n_strings(generated: tuple[Path, Path]) -> None:
    _, out = generated
    data = read_json(out / "humaneval-lua" / "HumanEval_53_add.json.gz")
    problem = PROBLEMS["humaneval-lua.jsonl"][0]
    assert {key: data[key] for key in problem} == problem
    assert (data["temperature"], data["top_p"], data["max_tokens"]) == (0.2, 0.95, 12)
    assert len(data["completions"]) == 2 and all(isinstance(text, str) for text in data["completions"])
    assert data["model"] == "gemma-3-270m-q4_k_m.gguf"


def test_problem_without_stop_tokens_gets_its_languages(generated: tuple[Path, Path]) -> None:
    _, out = generated
    assert read_json(out / "humaneval-rkt" / "HumanEval_53_add.json.gz")["stop_tokens"] == ["\n(define ", "\n#|", "\n;", "\n("]


def test_completions_hold_no_stop_token(generated: tuple[Path, Path]) -> None:
    _, out = generated
    for path in out.rglob("*.json.gz"):
        data = read_json(path)
        assert not [text for text in data["completions"] for token in data["stop_tokens"] if token in text]


def test_rerun_with_larger_n_keeps_the_existing_completions_and_adds_only_the_missing(generated: tuple[Path, Path], tmp_path: Path) -> None:
    problems, original = generated
    out = tmp_path / "out"
    shutil.copytree(original, out)
    before = read_json(out / "humaneval-lua" / "HumanEval_53_add.json.gz")["completions"]
    written, model_generated = _generate(problems, out, SamplingParams(n=3, max_tokens=12))
    after = read_json(out / "humaneval-lua" / "HumanEval_53_add.json.gz")["completions"]
    assert after[:2] == before and len(after) == 3
    assert (written, model_generated) == (3, 3)  # one new sample per problem, the rest from the cache


def test_rerun_with_the_same_n_has_nothing_to_do(generated: tuple[Path, Path]) -> None:
    problems, out = generated
    plan = plan_generation([problems], out, PARAMS)
    assert (plan.jobs, plan.complete, plan.errors) == ([], 3, [])


def test_existing_files_sampled_at_another_temperature_are_refused(generated: tuple[Path, Path]) -> None:
    problems, out = generated
    plan = plan_generation([problems], out, SamplingParams(n=2, temperature=0.8, max_tokens=12))
    assert plan.jobs == []
    assert plan.errors[0] == (
        f"{out / 'humaneval-lua' / 'HumanEval_53_add.json.gz'}: existing completions were sampled with "
        "temperature=0.2, not 0.8; use another --out"
    )
    assert len(plan.errors) == 3


def test_limit_keeps_the_first_problems_of_each_file(problems_dir: Path, tmp_path: Path) -> None:
    plan = plan_generation([problems_dir], tmp_path / "out", PARAMS, limit=1)
    assert [(job.path.parent.name, job.problem["name"]) for job in plan.jobs] == [("humaneval-lua", "HumanEval_53_add"), ("humaneval-rkt", "HumanEval_53_add")]


def test_bad_problem_lines_are_reported_and_the_rest_planned(tmp_path: Path) -> None:
    path = tmp_path / "humaneval-lua.jsonl"
    good = PROBLEMS["humaneval-lua.jsonl"][0]
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "language": "cobol"}) + "\n", encoding="utf-8")
    plan = plan_generation([path], tmp_path / "out", PARAMS)
    assert len(plan.jobs) == 1
    assert plan.errors == [f"{path}:2: unknown language 'cobol'; known: jl, lua, ml, py, r, rkt"]


def test_missing_problems_path_is_reported(tmp_path: Path) -> None:
    plan = plan_generation([tmp_path / "nowhere.jsonl"], tmp_path / "out", PARAMS)
    assert plan.errors == [f"{tmp_path / 'nowhere.jsonl'}: no such file or folder"]


def test_job_stop_tokens_fall_back_to_the_languages() -> None:
    job = GenerationJob({"name": "x", "language": "racket", "prompt": "", "tests": ""}, Path("x.json.gz"), [])
    assert job.stop_tokens == ("\n(define ", "\n#|", "\n;", "\n(")
