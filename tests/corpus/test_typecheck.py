"""Type checking mined functions with the real basedpyright: kept, dropped with the message, split on failure."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from multiplt.corpus.files import PythonFilesSource, stdlib_folder
from multiplt.corpus.mine import MineStage
from multiplt.corpus.typecheck import TypeChecker, Verdict, default_command
from multiplt.pipeline.stage import Context
from multiplt.records import Record

PLANTED = '''\
def shout(word: str) -> str:
    """The word in capitals, with one exclamation mark."""
    return word.upper() + 1
'''

GOOD = '''\
import math


def circle_area(radius: float) -> float:
    """The area of a circle."""
    return math.pi * radius ** 2
'''


def _stage_run(records: list[Record], tmp_path: Path, **options: object) -> tuple[MineStage, Context, list[Record]]:
    stage = MineStage(**options)
    ctx = Context(stage="mine", run_dir=tmp_path)
    stage.setup(ctx)
    out = list(stage.process(records, ctx))
    stage.teardown()
    return stage, ctx, out


def _file(text: str, path: str) -> Record:
    return Record.root({"path": path, "text": text,
                        "provenance": {"source": "test", "repository": None, "path": path, "license": None}})


def test_real_stdlib_functions_that_type_check_are_kept(tmp_path: Path) -> None:
    files = [record for name in ("base64.py", "fnmatch.py")
             for record in PythonFilesSource(stdlib_folder() / name).records(lambda reason, where: None)]
    _, ctx, out = _stage_run(files, tmp_path)
    assert [record["name"] for record in out] == ["b64encode", "b16encode", "translate"]
    assert ctx.counters["mined"] == 3 and ctx.counters["type_checked"] == 3
    assert ctx.counters["dropped.type_error"] == 0


def test_a_planted_type_error_is_dropped_with_the_checkers_first_message(tmp_path: Path) -> None:
    _, ctx, out = _stage_run([_file(GOOD, "good.py"), _file(PLANTED, "planted.py")], tmp_path)
    assert [record["name"] for record in out] == ["circle_area"]
    assert ctx.counters["dropped.type_error"] == 1
    (entry,) = [json.loads(line) for line in (tmp_path / "mine" / "_dropped" / "part-00000.jsonl").read_text().splitlines()]
    assert entry["reason"] == "type_error" and entry["function"] == "shout" and entry["path"] == "planted.py"
    # The program is the blank import block, a blank line, then the function: `return` is on line 5.
    assert entry["detail"].startswith('5:12: Operator "+" not supported for types "str" and "Literal[1]"')
    assert entry["detail"].endswith("[reportOperatorIssue]")


def test_without_typecheck_the_planted_error_passes(tmp_path: Path) -> None:
    _, ctx, out = _stage_run([_file(PLANTED, "planted.py")], tmp_path, typecheck=False)
    assert [record["name"] for record in out] == ["shout"] and "type_checked" not in ctx.counters


def test_warnings_do_not_drop_a_function() -> None:
    # Possibly unbound is a warning in pyright's standard mode (basedpyright's makes it an error; lowered here).
    possibly_unbound = "def last(xs: list[int]) -> int:\n    \"\"\"Last.\"\"\"\n    for x in xs:\n        pass\n    return x\n"
    assert TypeChecker().check([possibly_unbound]) == [Verdict()]


def _crashing_checker(tmp_path: Path) -> Path:
    """A test double around the real checker: it exits 2 (as a crash) when a file it is given holds CRASH_CHECKER."""
    script = tmp_path / "crashing-basedpyright"
    real = " ".join(default_command())
    script.write_text("#!/bin/sh\nfor f in \"$@\"; do\n  case \"$f\" in *.py) if grep -q CRASH_CHECKER \"$f\"; then\n"
                      "    echo 'double: checker crashed' >&2; exit 2; fi;; esac\ndone\n"
                      f"exec {real} \"$@\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_a_batch_that_crashes_the_checker_is_split_and_only_the_culprit_dropped(tmp_path: Path) -> None:
    checker = TypeChecker([str(_crashing_checker(tmp_path))], batch_size=4)
    programs = [f"def f{i}(x: int) -> int:\n    \"\"\"Add {i}.\"\"\"\n    return x + {i}\n" for i in range(4)]
    programs[2] = programs[2].replace("Add 2.", "Add 2. CRASH_CHECKER")
    verdicts = checker.check(programs)
    assert verdicts[:2] == [Verdict(), Verdict()] and verdicts[3] == Verdict()
    assert verdicts[2] == Verdict("type_check_failed", "checker exited 2: double: checker crashed")
    # 4 fails; halves [0,1] pass and [2,3] fail; [2] fails and [3] passes: 5 runs, 3 failed.
    assert (checker.runs, checker.failed_runs) == (5, 3)


def test_the_stage_drops_only_the_function_that_crashes_the_checker(tmp_path: Path) -> None:
    crashing = GOOD.replace("The area of a circle.", "The area of a circle. CRASH_CHECKER").replace("circle_area", "crashing")
    _, ctx, out = _stage_run([_file(GOOD, "good.py"), _file(crashing, "crash.py"), _file(GOOD, "again.py")], tmp_path,
                             typecheck_command=[str(_crashing_checker(tmp_path))])
    assert [record["provenance"]["path"] for record in out] == ["good.py", "again.py"]
    assert ctx.counters["dropped.type_check_failed"] == 1 and ctx.counters["type_checked"] == 2
