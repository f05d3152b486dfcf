"""Real completions for the data benchmarks: the embedded Gemma 3 270M on easy HumanEval problems.

Shared by ``validation_limits.py`` and ``adaptive_sampling.py``. The completions are made
once with the project's own commands and kept in the cache folder (default
``runs/benchmarks/gemma-humaneval/``, outside git):

    multiplt eval build --suite humaneval --lang lua,rkt --out CACHE/all
    (the PROBLEMS below copied into CACHE/problems/humaneval-<lang>.jsonl)
    multiplt eval generate --problems CACHE/problems --out CACHE/completions --backend llamacpp \
        --n 12 --temperature 0.8 --top-p 0.95 --max-tokens 96 --seed 0 --threads 1
    multiplt eval generate --problems CACHE/problems/humaneval-lua.jsonl --out CACHE/completions-lua-t0.2 \
        --backend llamacpp --n 20 --temperature 0.2 --top-p 0.95 --max-tokens 128 --seed 0 --threads 1
    multiplt eval score CACHE/completions CACHE/completions-lua-t0.2    (MultiPL-E's limits)

Re-running fills in only what is missing, so a second run costs nothing. The problems are
eight of HumanEval's easiest (a 270M base model passes almost nothing harder). The first
set samples as MultiPL-T does (T 0.8, top_p 0.95) with 96 tokens instead of 512, the
second as MultiPL-E does for pass@1 (T 0.2), so that both fit in about seven minutes of
one CPU core together.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / "runs" / "benchmarks" / "gemma-humaneval"
LANGUAGES = ("lua", "rkt")
PROBLEMS = (
    "HumanEval_2_truncate_number", "HumanEval_13_greatest_common_divisor", "HumanEval_23_strlen",
    "HumanEval_30_get_positive", "HumanEval_45_triangle_area", "HumanEval_52_below_threshold", "HumanEval_53_add",
    "HumanEval_60_sum_to_n",
)
SAMPLES = 12
MAX_TOKENS = 96


def _multiplt(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    subprocess.run([sys.executable, "-c", "import sys; from multiplt.cli.main import main; sys.argv[0] = 'multiplt'; sys.exit(main())", *args], check=True, env=env)


@dataclass(frozen=True)
class SampleSet:
    """One generation: a folder under the cache, the languages, and the sampling."""

    folder: str
    languages: tuple[str, ...]
    n: int
    temperature: float
    max_tokens: int


MULTIPL_T = SampleSet("completions", LANGUAGES, SAMPLES, 0.8, MAX_TOKENS)
LUA_LOW_TEMPERATURE = SampleSet("completions-lua-t0.2", ("lua",), 20, 0.2, 128)


def ensure_problems(cache: Path) -> Path:
    """``CACHE/problems/humaneval-<lang>.jsonl`` with the PROBLEMS, built if missing."""
    problems = cache / "problems"
    if not all((problems / f"humaneval-{language}.jsonl").is_file() for language in LANGUAGES):
        _multiplt("eval", "build", "--suite", "humaneval", "--lang", ",".join(LANGUAGES), "--out", str(cache / "all"))
        problems.mkdir(parents=True, exist_ok=True)
        for language in LANGUAGES:
            lines = (cache / "all" / f"humaneval-{language}.jsonl").read_text(encoding="utf-8").splitlines()
            chosen = [line for line in lines if line and json.loads(line)["name"] in PROBLEMS]
            assert len(chosen) == len(PROBLEMS), f"{language}: {len(chosen)} of {len(PROBLEMS)} problems built"
            (problems / f"humaneval-{language}.jsonl").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return problems


def ensure_completions(cache: Path = DEFAULT_CACHE, sample_set: SampleSet = MULTIPL_T, *, score: bool = True) -> Path:
    """The set's completions folder (``<folder>/humaneval-<lang>/<name>.json.gz``), made if missing,
    with MultiPL-E-limit results beside each file when ``score``."""
    problems = ensure_problems(cache)
    completions = cache / sample_set.folder
    for language in sample_set.languages:
        _multiplt("eval", "generate", "--problems", str(problems / f"humaneval-{language}.jsonl"), "--out", str(completions),
                  "--backend", "llamacpp", "--n", str(sample_set.n), "--temperature", str(sample_set.temperature),
                  "--top-p", "0.95", "--max-tokens", str(sample_set.max_tokens), "--seed", "0", "--threads", "1")
    if score:
        _multiplt("eval", "score", str(completions))
    return completions


if __name__ == "__main__":
    for sample_set in (MULTIPL_T, LUA_LOW_TEMPERATURE):
        print(ensure_completions(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CACHE, sample_set))
