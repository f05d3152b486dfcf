"""`multiplt mine` from the command line, and `multiplt testgen` on what it wrote."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from multiplt.pipeline import parts
from multiplt.sandbox import available

SOURCE = '''\
import math


def area(radius):
    """The area of a circle."""
    return math.pi * radius * radius


def double(x):
    """Twice x."""
    return x * 2


def helper(x):
    return x
'''


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", *arguments],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_mine_then_testgen_on_its_output(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "shapes.py").write_text(SOURCE, encoding="utf-8")
    mined = _cli("mine", "code", "--runs-dir", "runs", cwd=tmp_path)
    assert mined.returncode == 0, mined.stderr
    assert "mine: 1 in, 2 out, 0 dropped" in mined.stderr
    records = list(parts.iter_records(tmp_path / "runs" / "mine" / "mine"))
    assert [(r["name"], r["imports"], r["provenance"]["path"]) for r in records] == [
        ("area", ["import math"], "shapes.py"), ("double", [], "shapes.py")]
    if not available("py"):
        return
    (tmp_path / "replay.jsonl").write_text(
        json.dumps({"name": "double", "completions": ["3) == 6\nassert double(0) == 0"]}) + "\n"
        + json.dumps({"name": "area", "completions": ["1) == 3"]}) + "\n", encoding="utf-8")  # wrong: area(1) is pi
    assert "mine_dedup: 2 in, 2 out, 0 dropped" in mined.stderr
    tested = _cli("testgen", "runs/mine/mine_dedup", "--replay", "replay.jsonl", "--samples", "1", "--runs-dir", "runs", cwd=tmp_path)
    assert tested.returncode == 0, tested.stderr
    kept = list(parts.iter_records(tmp_path / "runs" / "testgen" / "testgen"))
    assert [(r["name"], r["tests"]) for r in kept] == [("double", ["assert double(3) == 6", "assert double(0) == 0"])]



def test_set_gives_each_option_to_the_stage_that_has_it(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "shapes.py").write_text(SOURCE, encoding="utf-8")
    mined = _cli("mine", "code", "--runs-dir", "runs", "--no-typecheck", "--set", "threshold=0.9",
                 "--set", "autoimport=true", cwd=tmp_path)
    assert mined.returncode == 0, mined.stderr
    stages = tomllib.loads((tmp_path / "runs" / "mine" / "config.toml").read_text(encoding="utf-8"))["stages"]
    assert [(stage["kind"], stage["options"]["autoimport"] if stage["kind"] == "mine" else stage["options"]["threshold"])
            for stage in stages] == [("mine", True), ("mine_dedup", 0.9)]


FUNNEL_SOURCE = '''\
import math
import numpy


def area(radius):
    """The area of a circle."""
    return math.pi * radius * radius


def shout(text):
    """Says it, returns nothing."""
    print(text)


def total(values):
    """TODO: make it faster."""
    return sum(values)


def scale(x):
    """Scales by the module's factor."""
    return x * FACTOR


def mean(values):
    """Mean with numpy."""
    return numpy.mean(values)


def below_zero(operations):
    """Whether the balance ever falls below zero."""
    balance = 0
    for op in operations:
        balance += op
        if balance < 0:
            return True
    return False


def helper(x):
    return x
'''


def test_mine_prints_the_funnel_of_every_filter(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "shapes.py").write_text(FUNNEL_SOURCE, encoding="utf-8")
    copy = 'import math\n\nX = 1\n\n\n' + FUNNEL_SOURCE.split("\n\n\n")[1] + "\n"   # area, copied
    (tmp_path / "code" / "copy.py").write_text(copy, encoding="utf-8")
    mined = _cli("mine", "code", "--runs-dir", "runs", cwd=tmp_path)
    assert mined.returncode == 0, mined.stderr
    # 8 functions, 7 documented; shout returns nothing, total has a TODO, scale and mean are not
    # self-contained, below_zero is HumanEval/3; the two copies of area are one after dedup.
    assert mined.stdout.splitlines()[-1] == (
        "funnel: files 2 -> top-level functions 8 -> with a docstring 7 -> plain signature, returning a value 6 -> "
        "no TODO, ASCII, not trivial 5 -> self-contained 3 -> not contaminated 2 -> type-checked 2 -> after dedup 1")
