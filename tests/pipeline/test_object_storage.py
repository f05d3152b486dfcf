"""A run folder on object storage (``run.runs_dir = "s3://..."``) behaves as a local one.

S3 itself cannot run here: these tests use moto's standalone S3 server on loopback
(`moto_s3.MotoS3`), a TEST DOUBLE of S3 that speaks its HTTP API, reached through the
same s3fs client a real run uses, pointed at it by ``run.storage_options``
(``endpoint_url``). What they show: the same parts, markers, drop logs and records as a
run in a local folder; a run SIGKILLed mid-stage resumes to exactly the uninterrupted
records; the lock object refuses a second run with one line; and status reads the folder.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pipeline_helpers import SQUARE, write_config, write_numbers
from test_kill_resume import PART_SIZE, RECORDS, _cli, _env, _kill_mid_stage

from multiplt.config import load_config
from multiplt.corpus.files import stdlib_folder
from multiplt.pipeline import parts
from multiplt.pipeline.progress import NoProgress
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import LOCK_FILE, RunFolderBusy, RunResult, execute, run_lock
from multiplt.pipeline.status import read_run
from multiplt.storage import create_exclusive, is_remote, local_mirror, run_path

pytest.importorskip("moto.server", reason="moto[server] is not installed (pip install 'multiplt[test]')")
pytest.importorskip("s3fs", reason="s3fs is not installed (pip install 'multiplt[s3]')")
from moto_s3 import DROP_ODD, MotoS3  # noqa: E402

CLI = [sys.executable, "-c", "from multiplt.cli.main import main; main()"]


@pytest.fixture(autouse=True)
def local_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Local mirrors (caches, the log being written) under tmp_path, for this process and its children."""
    monkeypatch.setenv("MULTIPLT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _execute(config: Path, overrides: dict[str, Any] | None = None, **options: Any) -> RunResult:
    return execute(load_config(config, overrides or {}), progress=NoProgress(), **options)


def _on_s3(s3: MotoS3, url: str) -> dict[str, Any]:
    return {"run.runs_dir": url, "run.storage_options": s3.storage_options}


def _s3_config(s3: MotoS3, tmp_path: Path, url: str, **options: Any) -> Path:
    """``write_config``'s file with runs_dir and storage_options on the moto server (for `multiplt run`)."""
    config = write_config(tmp_path, **options)
    text = config.read_text(encoding="utf-8").replace(f'runs_dir = "{tmp_path / "runs"}"',
                                                      f'runs_dir = "{url}"\nstorage_options = {s3.toml_options()}')
    assert url in text
    config.write_text(text, encoding="utf-8")
    return config


def _files(folder: Any) -> dict[str, bytes]:
    """Every file under a run folder (local or remote) by its path below it, except the log and the lock."""
    found: dict[str, bytes] = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix() if not is_remote(folder) else path.path[len(folder.path) + 1:]
        if path.is_file() and relative not in ("log.jsonl", "config.toml", LOCK_FILE) and not relative.startswith("cache/"):
            found[relative] = path.read_bytes()
    return found


def _markers_without_seconds(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    return {name: {key: value for key, value in json.loads(data).items() if key != "seconds"}
            for name, data in files.items() if "/_done/part-" in name}


def test_a_plain_runs_dir_stays_a_local_path(tmp_path: Path, numbers: Path) -> None:
    config = load_config(write_config(tmp_path))
    assert type(config.run.run_dir) is type(Path())  # noqa: E721 - a pathlib path, not a UPath
    assert config.run.run_dir == tmp_path / "runs" / "test"
    assert "storage_options" not in config.resolved()["run"]  # a local run's saved config.toml is unchanged
    assert run_path("file:///data/runs") == Path("/data/runs")


def test_a_run_on_s3_writes_what_a_local_run_writes(tmp_path: Path, numbers: Path, s3: MotoS3) -> None:
    config = write_config(tmp_path, name="same", stages=SQUARE.format(delay_s=0) + DROP_ODD)
    local = _execute(config)
    url = s3.url("same")
    remote = _execute(config, _on_s3(s3, url))

    assert str(remote.run_dir) == f"{url}/same" and is_remote(remote.run_dir)
    records = list(parts.iter_records(remote.final_folder))
    # 1,000 numbers: square keeps 857 and doubles 172 (1,028 records); drop_odd keeps the even n: the 428 even
    # numbers that are not multiples of 7 (500 - 72 multiples of 14), the 85 multiples of 10 but not of 70 twice: 513.
    assert len(records) == 513
    assert [(record.id, record.data) for record in records] == \
        [(record.id, record.data) for record in parts.iter_records(local.final_folder)]

    remote_files, local_files = _files(remote.run_dir), _files(local.run_dir)
    assert sorted(remote_files) == sorted(local_files)
    assert "drop_odd/_dropped/part-00009.jsonl" in remote_files
    for name, data in local_files.items():  # parts and drop logs byte for byte; markers but for their seconds
        if "/_done/" not in name:
            assert remote_files[name] == data, name
    assert _markers_without_seconds(remote_files) == _markers_without_seconds(local_files)

    assert not (remote.run_dir / LOCK_FILE).exists()  # released
    events = read_events(remote.run_dir / "log.jsonl")  # uploaded whole at the end
    assert [event["event"] for event in events][-1] == "run_done"
    state = read_run(remote.run_dir)
    assert state.finished and [stage.parts_done for stage in state.stages] == [10, 10, 10]
    assert [stage.records_out for stage in state.stages] == [1000, 1028, 513]


def test_status_reads_a_run_folder_url_and_report_refuses_one_in_a_line(tmp_path: Path, numbers: Path,
                                                                        s3: MotoS3) -> None:
    url = s3.url("status")
    _execute(write_config(tmp_path, name="status", stages=SQUARE.format(delay_s=0)), _on_s3(s3, url))
    # As a user would: the endpoint and credentials of s3fs from the environment.
    env = {**_env(), "AWS_ENDPOINT_URL": s3.endpoint_url, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing"}
    status = subprocess.run([*CLI, "status", f"{url}/status", "--json"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert status.returncode == 0, status.stderr
    state = json.loads(status.stdout)
    assert state["run_dir"] == f"{url}/status" and state["finished"] is True
    assert [(stage["stage"], stage["parts_done"], stage["records_out"]) for stage in state["stages"]] == \
        [("source", 10, 1000), ("square", 10, 1028)]

    report = subprocess.run([*CLI, "report", f"{url}/status"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert report.returncode == 1
    assert report.stderr.strip().splitlines() == [
        f"error: {url}/status: multiplt report needs a run folder on local disk; copy it there first "
        f"(e.g. aws s3 sync {url}/status runs/NAME) and run multiplt report runs/NAME"]


def test_a_run_killed_mid_stage_on_s3_resumes_to_the_uninterrupted_records(tmp_path: Path, s3: MotoS3) -> None:
    write_numbers(tmp_path / "numbers.jsonl", RECORDS)
    url = s3.url("killed")
    config = _s3_config(s3, tmp_path, url, name="killed", part_size=PART_SIZE, batch_size=50, jobs=1,
                        stages=SQUARE.format(delay_s=0.002))
    run_dir = run_path(url, s3.storage_options) / "killed"
    _kill_mid_stage(config, run_dir / "square")
    assert (run_dir / LOCK_FILE).exists()  # a SIGKILLed run leaves its lock object
    done_before = len(list((run_dir / "square" / parts.DONE_DIR).glob("part-*")))

    resumed = subprocess.run(_cli(config), env=_env(), capture_output=True, text=True, timeout=600, check=False)
    assert resumed.returncode == 0, resumed.stderr  # its holder is dead on this host: the lock is taken over

    reference = _execute(write_config(tmp_path, name="reference", part_size=PART_SIZE, batch_size=50,
                                      stages=SQUARE.format(delay_s=0)))
    records = list(parts.iter_records(run_dir / "square"))
    ids = [record.id for record in records]
    assert len(ids) == len(set(ids)), "a record was written twice"
    assert records == list(parts.iter_records(reference.final_folder)), "records lost or changed"
    starts = [event for event in read_events(run_dir / "log.jsonl")
              if event["event"] == "stage_start" and event["stage"] == "square"]
    assert starts[-1]["resumed"] == done_before >= 3
    assert not (run_dir / LOCK_FILE).exists()


def test_the_lock_refuses_a_second_run_with_one_line(tmp_path: Path, numbers: Path, s3: MotoS3) -> None:
    url = s3.url("busy")
    config = _s3_config(s3, tmp_path, url, name="busy", stages=SQUARE.format(delay_s=0))
    run_dir = run_path(url, s3.storage_options) / "busy"
    with run_lock(run_dir):
        second = subprocess.run(_cli(config), env=_env(), capture_output=True, text=True, timeout=300, check=False)
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert f"{url}/busy is in use by pid {os.getpid()} on {socket.gethostname()} since " in lines[0]
    assert "--break-lock" in lines[0]
    assert not (run_dir / "config.toml").exists()  # refused before anything was written


def test_a_lock_left_on_another_host_holds_until_broken(tmp_path: Path, numbers: Path, s3: MotoS3) -> None:
    url = s3.url("stale")
    config = write_config(tmp_path, name="stale", stages=SQUARE.format(delay_s=0))
    run_dir = run_path(url, s3.storage_options) / "stale"
    create_exclusive(run_dir / LOCK_FILE, json.dumps({"host": "elsewhere", "pid": 1, "since": "then"}).encode())
    with pytest.raises(FileExistsError):  # the object store itself refuses a second exclusive create
        create_exclusive(run_dir / LOCK_FILE, b"{}")
    with pytest.raises(RunFolderBusy, match="in use by pid 1 on elsewhere since then"):
        _execute(config, _on_s3(s3, url))

    result = _execute(config, _on_s3(s3, url), break_lock=True)
    assert len(list(parts.iter_records(result.final_folder))) == 1028
    assert not (run_dir / LOCK_FILE).exists()


def test_sqlite_caches_and_the_log_being_written_stay_on_local_disk(tmp_path: Path, numbers: Path, s3: MotoS3,
                                                                    local_cache: Path) -> None:
    url = s3.url("mirror")
    result = _execute(write_config(tmp_path, name="mirror", stages=SQUARE.format(delay_s=0)), _on_s3(s3, url))
    mirror = local_mirror(result.run_dir)
    assert mirror == local_cache / "remote" / "s3" / url.removeprefix("s3://") / "mirror"
    assert (mirror / "log.jsonl").read_bytes() == (result.run_dir / "log.jsonl").read_bytes()
    config = load_config(write_config(tmp_path, name="mirror"), _on_s3(s3, url))
    from multiplt.pipeline.resources import plan_cores, resource_settings

    settings = resource_settings(config, plan_cores(1, 1, 1, 1))
    assert settings.sandbox_cache == mirror / "cache" / "exec.sqlite"


def test_mining_and_its_global_dedup_on_s3_give_the_local_runs_functions(tmp_path: Path, s3: MotoS3) -> None:
    # Real files: three standard-library modules, calendar twice (its copies are exact duplicates, in another part).
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("stdlib:calendar.py\nstdlib:colorsys.py\nstdlib:shlex.py\ncopy/calendar.py\n", encoding="utf-8")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "calendar.py").write_bytes((stdlib_folder() / "calendar.py").read_bytes())
    config = tmp_path / "mine.toml"
    config.write_text(f'[run]\nname = "mined"\nruns_dir = "{tmp_path / "runs"}"\npart_size = 2\njobs = 2\n\n'
                      f'[source]\nkind = "python"\npath = "{corpus}"\n\n'
                      '[[stages]]\nkind = "mine"\noptions = { typecheck = false }\n\n[[stages]]\nkind = "mine_dedup"\n',
                      encoding="utf-8")
    local = _execute(config)
    remote = _execute(config, _on_s3(s3, s3.url("mined")))

    kept = [(record.id, record.data) for record in parts.iter_records(remote.final_folder)]
    assert kept == [(record.id, record.data) for record in parts.iter_records(local.final_folder)]
    dropped = [json.loads(line) for path in sorted((remote.run_dir / "mine_dedup" / "_dropped").iterdir())
               for line in path.read_text(encoding="utf-8").splitlines()]
    copied = {record["name"] for record in parts.iter_records(remote.run_dir / "mine")
              if record["provenance"]["path"] == "copy/calendar.py"}
    assert copied and {entry["function"] for entry in dropped} == copied   # every copy, and nothing else
    assert {entry["reason"] for entry in dropped} == {"exact_duplicate"}
