"""Sandbox: ordering, bounded read-ahead, caching, errors, and what a program can see."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import new_token, require_runtime, run

from multiplt.languages import get_language
from multiplt.program import Program, Status
from multiplt.sandbox import Limits, Sandbox, available
from multiplt.sandbox.bwrap import bwrap_argv, make_scratch
from multiplt.sandbox.process import run_captured


def test_map_returns_verdicts_in_input_order(scratch_root: Path) -> None:
    require_runtime("lua")
    programs = [Program("lua", f'os.execute("sleep {0.6 if index == 0 else 0}")\nprint({index})') for index in range(6)]
    with Sandbox(jobs=3, isolation="process", scratch_root=scratch_root) as sandbox:
        outputs = [verdict.stdout.strip() for verdict in sandbox.map(programs)]
    assert outputs == [str(index) for index in range(6)]


def test_map_reads_its_input_lazily(scratch_root: Path) -> None:
    require_runtime("lua")
    pulled = 0

    def endless() -> Iterator[Program]:
        nonlocal pulled
        for index in itertools.count():
            pulled += 1
            yield Program("lua", f"print({index})")

    with Sandbox(jobs=2, isolation="process", scratch_root=scratch_root) as sandbox:
        first = list(itertools.islice(sandbox.map(endless()), 5))
    assert len(first) == 5
    assert pulled <= 5 + 4 * 2


def test_identical_programs_run_once(scratch_root: Path) -> None:
    require_runtime("lua")
    with Sandbox(jobs=2, isolation="process", scratch_root=scratch_root) as sandbox:
        verdicts = list(sandbox.map([Program("lua", "print(os.time())")] * 3))
        assert sandbox.cache_hits == 2
    assert len({verdict.stdout for verdict in verdicts}) == 1


def test_cache_file_spares_a_second_run(tmp_path: Path, scratch_root: Path) -> None:
    require_runtime("lua")
    program = Program("lua", "print(1)")
    with Sandbox(jobs=1, isolation="process", cache_path=tmp_path / "exec.sqlite", scratch_root=scratch_root) as first:
        expected = first.run(program)
    with Sandbox(jobs=1, isolation="process", cache_path=tmp_path / "exec.sqlite", scratch_root=scratch_root) as second:
        assert second.run(program) == expected
        assert second.cache_hits == 1


def test_unknown_language_is_sandbox_error_naming_it(scratch_root: Path) -> None:
    with Sandbox(jobs=1, scratch_root=scratch_root) as sandbox:
        verdict = sandbox.run(Program("cobol", "DISPLAY 'HI'."))
    assert verdict.status is Status.SANDBOX_ERROR
    assert "cobol" in verdict.stderr


def test_missing_runtime_is_sandbox_error_saying_what_is_missing(scratch_root: Path) -> None:
    if available("jl"):
        pytest.skip("julia is installed: no missing runtime to test with")
    with Sandbox(jobs=1, scratch_root=scratch_root) as sandbox:
        verdict = sandbox.run(Program("jl", "println(1)"))
    assert verdict.status is Status.SANDBOX_ERROR
    assert "julia" in verdict.stderr


def test_unknown_isolation_is_refused() -> None:
    with pytest.raises(ValueError, match="isolation"):
        Sandbox(isolation="docker")


_PROBE = """
import json, os, socket
print(json.dumps({"uid": os.getuid(), "env": sorted(os.environ), "hostname": socket.gethostname(),
                  "host_file": os.path.exists("{host_file}"), "tmp": os.listdir("/tmp")}))
open("/tmp/left-by-first", "w").write("x")
"""


@pytest.fixture
def host_file() -> Iterator[Path]:
    """A file in the host's /tmp that programs must not see."""
    path = Path("/tmp") / f"multiplt-host-{new_token()}"
    path.write_text("host")
    yield path
    path.unlink()


@pytest.fixture
def probe(sandbox: Sandbox, host_file: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What a Python program sees from inside the sandbox."""
    monkeypatch.setenv("MULTIPLT_HOST_SECRET", "1")
    verdict = run(sandbox, "py", _PROBE.replace("{host_file}", str(host_file)) + f"# {new_token()}\n")
    assert verdict.status is Status.OK, verdict
    return dict(json.loads(verdict.stdout))


def test_program_runs_as_nobody(probe: dict[str, object]) -> None:
    assert probe["uid"] == 65534


def test_program_sees_no_host_environment(probe: dict[str, object]) -> None:
    assert "MULTIPLT_HOST_SECRET" not in probe["env"]  # type: ignore[operator]


def test_program_has_its_own_hostname(probe: dict[str, object]) -> None:
    assert probe["hostname"] != os.uname().nodename


def test_program_sees_neither_host_tmp_nor_earlier_programs_tmp(sandbox: Sandbox, probe: dict[str, object]) -> None:
    again = run(sandbox, "py", "import os\nprint(os.listdir('/tmp'))\n" + f"# {new_token()}\n")
    assert (probe["host_file"], probe["tmp"], again.stdout.strip()) == (False, [], "[]")


def test_sandbox_that_cannot_start_is_sandbox_error() -> None:
    # bubblewrap itself refuses: a read-only bind of a folder that does not exist.
    missing = Path("/nonexistent-multiplt-folder")
    verdict = run_captured(
        lambda info_fd, block_fd: bwrap_argv((), Limits(), ro_binds=[missing], info_fd=info_fd, block_fd=block_fd) + ["true"],
        language=get_language("lua"),
        limits=Limits(),
    )
    assert verdict.status is Status.SANDBOX_ERROR, verdict
    assert verdict.stderr.startswith("bwrap:")


def test_scratch_folders_of_killed_runs_are_swept_at_start(tmp_path: Path) -> None:
    root = tmp_path / "scratch-root"
    script = (
        "import os, sys\nfrom pathlib import Path\nfrom multiplt.sandbox.bwrap import make_scratch\n"
        "(make_scratch(Path(sys.argv[1])) / 'program.lua').write_text('x')\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(root)], check=True)  # exits without cleaning up
    assert len(list(root.iterdir())) == 1
    Sandbox(jobs=1, isolation="process", scratch_root=root).close()
    assert list(root.iterdir()) == []


def test_sweep_keeps_folders_of_live_processes(tmp_path: Path) -> None:
    root = tmp_path / "scratch-root"
    mine = make_scratch(root)
    Sandbox(jobs=1, isolation="process", scratch_root=root).close()
    assert mine.exists()
