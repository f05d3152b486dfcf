"""The git, stack (JSONL/Parquet) and hf (datasets on disk, or hf:NAME streamed) sources: records, provenance, skips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multiplt.config import ConfigError, load_config
from multiplt.corpus.readers import GitSource, HFDatasetSource, StackSource
from multiplt.pipeline import parts
from multiplt.pipeline.session import execute
from multiplt.pipeline.sources import Source, SourceError

FUNCTION = 'def double(x):\n    """Twice x."""\n    return x * 2\n'


def _read(source: Source) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    skipped: list[tuple[str, str]] = []
    records = [record.data for record in source.records(lambda reason, where: skipped.append((reason, where)))]
    return records, skipped


def _git(root: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
                          check=True, capture_output=True, text=True).stdout.strip()


# --- git ---------------------------------------------------------------------------------


def test_git_reads_the_committed_python_files_with_commit_and_path(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "a.py").write_text(FUNCTION)
    (repo / "pkg" / "b.py").write_text("x = 1\n")
    (repo / "README.md").write_text("not python\n")
    (repo / "binary.py").write_bytes(b"\x00\x01")
    (repo / "link.py").symlink_to("a.py")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    commit = _git(repo, "rev-parse", "HEAD")
    (repo / "a.py").write_text("changed after the commit\n")   # the working tree is not read
    (repo / "untracked.py").write_text("y = 2\n")               # neither is what git does not track

    records, skipped = _read(GitSource(repo, license="MIT"))
    assert [(record["path"], record["text"]) for record in records] == [("a.py", FUNCTION), ("pkg/b.py", "x = 1\n")]
    assert records[0]["provenance"] == {"source": f"git:{repo}@{commit}", "repository": "repo", "path": "a.py",
                                        "license": "MIT", "commit": commit}
    assert [reason for reason, _ in skipped] == ["binary", "not_a_file"]
    assert skipped[0][1] == f"{repo}/binary.py@{commit[:12]}: NUL bytes"
    assert skipped[1][1] == f"{repo}/link.py: a symbolic link in the commit"


def test_git_on_a_folder_that_is_no_checkout_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="git rev-parse"):
        _read(GitSource(tmp_path))


# --- stack: JSONL and Parquet ------------------------------------------------------------------


def test_stack_jsonl_rows_become_files_and_bad_lines_are_skipped_with_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "stack.jsonl"
    lines = [
        json.dumps({"content": FUNCTION, "max_stars_repo_name": "org/repo", "max_stars_repo_path": "src/m.py",
                    "max_stars_repo_licenses": ["MIT", "Apache-2.0"]}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"max_stars_repo_path": "no_text.py"}),
        json.dumps({"content": 3}),
        json.dumps({"content": "y = 2\n", "path": "plain.py", "license": "BSD-3-Clause"}),
        json.dumps({"content": "z = '\u0000'"}),
    ]
    table.write_text("\n".join(lines) + "\n")
    records, skipped = _read(StackSource(table))
    assert [(record["path"], record["provenance"]["repository"], record["provenance"]["license"]) for record in records] == [
        ("src/m.py", "org/repo", "MIT OR Apache-2.0"), ("plain.py", None, "BSD-3-Clause")]
    assert records[0]["text"] == FUNCTION and records[0]["provenance"]["source"] == f"stack:{table}:1"
    assert skipped == [
        ("malformed_json", f"{table}:2: not JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("not_an_object", f"{table}:4: a JSON list, not an object"),
        ("no_content", f"{table}:5: column 'content' missing"),
        ("no_content", f"{table}:6: column 'content' a int, not text"),
        ("binary", f"{table}:8: NUL bytes"),
    ]


def test_stack_parquet_with_renamed_columns_and_a_default_license(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    pq.write_table(pa.table({"code": [FUNCTION, "x = 1\n"], "file": ["a.py", "b.py"], "repo": ["r1", "r2"]}),
                   folder / "part-1.parquet")
    source = StackSource(folder, content_column="code", path_columns=["file"], repository_columns=["repo"],
                         license="Apache-2.0")
    records, skipped = _read(source)
    assert [(r["path"], r["provenance"]["repository"], r["provenance"]["license"]) for r in records] == [
        ("a.py", "r1", "Apache-2.0"), ("b.py", "r2", "Apache-2.0")]
    assert skipped == []


def test_stack_limit_and_a_missing_table_folder(tmp_path: Path) -> None:
    table = tmp_path / "t.jsonl"
    table.write_text("".join(json.dumps({"content": f"x = {i}\n"}) + "\n" for i in range(5)))
    assert len(_read(StackSource(table, limit=2))[0]) == 2
    with pytest.raises(SourceError, match="not a .jsonl or .parquet file"):
        _read(StackSource(tmp_path / "empty"))


def test_a_run_config_names_the_stack_source_and_its_columns(tmp_path: Path) -> None:
    (tmp_path / "rows.jsonl").write_text(json.dumps({"text": FUNCTION, "path": "d.py"}) + "\n")
    config = tmp_path / "run.toml"
    config.write_text(f'[run]\nname = "r"\nruns_dir = "{tmp_path / "runs"}"\njobs = 1\n\n'
                      '[source]\nkind = "stack"\npath = "rows.jsonl"\noptions = { content_column = "text" }\n\n'
                      '[[stages]]\nkind = "mine"\noptions = { typecheck = false }\n')
    execute(load_config(config))
    assert [(r["name"], r["provenance"]["path"]) for r in parts.iter_records(tmp_path / "runs" / "r" / "mine")] == [
        ("double", "d.py")]


def test_an_unknown_source_option_is_a_config_error_naming_the_key_and_line(tmp_path: Path) -> None:
    (tmp_path / "rows.jsonl").write_text("")
    config = tmp_path / "run.toml"
    config.write_text('[source]\nkind = "stack"\npath = "rows.jsonl"\noptions = { colour = "blue" }\n\n[[stages]]\nkind = "mine"\n')
    with pytest.raises(ConfigError) as error:
        execute(load_config(config, {"run.runs_dir": str(tmp_path / "runs")}))
    assert len(error.value.problems) == 1
    assert error.value.problems[0].startswith(f"{config}:4: source.options.colour:")


# --- hf: datasets saved to disk -------------------------------------------------------------------


def test_hf_reads_a_saved_dataset_and_each_split_of_a_dataset_dict(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    single = tmp_path / "single"
    datasets.Dataset.from_dict({"content": [FUNCTION, None], "max_stars_repo_path": ["a.py", "b.py"],
                                "max_stars_repo_licenses": [["MIT"], []]}).save_to_disk(str(single))
    records, skipped = _read(HFDatasetSource(single))
    assert [(r["path"], r["provenance"]["license"], r["provenance"]["source"]) for r in records] == [
        ("a.py", "MIT", f"hf:{single}:1")]
    assert skipped == [("no_content", f"{single}:2: column 'content' missing")]

    both = tmp_path / "both"
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict({"content": ["x = 1\n"], "path": ["t.py"]}),
        "test": datasets.Dataset.from_dict({"content": ["y = 2\n"], "path": ["s.py"]}),
    }).save_to_disk(str(both))
    assert [r["path"] for r in _read(HFDatasetSource(both))[0]] == ["s.py", "t.py"]   # splits in name order
    assert [r["path"] for r in _read(HFDatasetSource(both, split="train"))[0]] == ["t.py"]
    with pytest.raises(SourceError, match="no split 'valid'; it has test, train"):
        _read(HFDatasetSource(both, split="valid"))
    with pytest.raises(SourceError, match="has no column 'code'; it has content, path"):
        _read(HFDatasetSource(both, content_column="code"))


def test_hf_on_a_folder_that_is_no_saved_dataset_is_a_source_error(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    with pytest.raises(SourceError, match="not a dataset saved with save_to_disk"):
        _read(HFDatasetSource(tmp_path))


def _dataset_repository(root: Path) -> Path:
    """A dataset repository as the hub holds one (data/<lang>/<split>-*.parquet), built here: no hub."""
    for split, rows in (("train", [FUNCTION, "x = 1\n"]), ("test", ["y = 2\n"])):
        folder = root / "data" / "python"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.table({"content": rows, "max_stars_repo_path": [f"{split}{n}.py" for n in range(len(rows))],
                          "max_stars_repo_licenses": [["MIT", "Apache-2.0"]] * len(rows)})
        pq.write_table(table, folder / f"{split}-00000-of-00001.parquet")
    (root / "data" / "other").mkdir()
    pq.write_table(pa.table({"content": ["z = 3\n"]}), root / "data" / "other" / "train-00000-of-00001.parquet")
    return root


def test_hf_name_streams_the_dataset_with_load_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datasets = pytest.importorskip("datasets")
    repository = _dataset_repository(tmp_path / "the-stack-mini")
    loaded: list[dict[str, Any]] = []
    real_load = datasets.load_dataset

    def load_dataset(*arguments: Any, **options: Any) -> Any:
        loaded.append(options)
        return real_load(*arguments, **options)

    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    name = f"hf:{repository}"
    records, skipped = _read(HFDatasetSource(Path(name), data_dir="data/python", split="train"))
    assert [(r["path"], r["provenance"]["license"], r["provenance"]["source"]) for r in records] == [
        ("train0.py", "MIT OR Apache-2.0", f"{name}:train:1"), ("train1.py", "MIT OR Apache-2.0", f"{name}:train:2")]
    assert skipped == []
    assert loaded[0]["streaming"] is True   # rows arrive as they are read, never a whole download first
    assert [r["path"] for r in _read(HFDatasetSource(Path(name), data_dir="data/python"))[0]] == [
        "test0.py", "train0.py", "train1.py"]   # every split, in name order
    assert [r["text"] for r in _read(HFDatasetSource(Path(name), data_dir="data/other"))[0]] == ["z = 3\n"]
    with pytest.raises(SourceError, match=f"^hf:{repository}: split train has no column 'code'; it has content, "):
        _read(HFDatasetSource(Path(name), data_dir="data/python", split="train", content_column="code"))


def test_a_run_config_takes_an_hf_name_as_it_is(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    repository = _dataset_repository(tmp_path / "repo")
    config = tmp_path / "run.toml"
    config.write_text(f'[run]\nruns_dir = "runs"\n\n[source]\nkind = "hf"\npath = "hf:{repository}"\n'
                      'options = { data_dir = "data/python", split = "test" }\n\n[[stages]]\nkind = "mine"\n'
                      'options = { typecheck = false }\n')
    loaded = load_config(config, {"run.runs_dir": str(tmp_path / "runs")})
    assert loaded.source is not None and loaded.source.path == f"hf:{repository}"
    result = execute(loaded)
    assert result.summaries[0].records_out == 1   # the test split's one file, read from the stream


# --- from the command line -----------------------------------------------------------------


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", *arguments],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_mine_reads_a_git_checkout_and_a_stack_file_from_the_command_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "m.py").write_text(FUNCTION)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    done = _cli("mine", "repo", "--reader", "git", "--source-set", "license=MIT", "--no-typecheck",
                "--name", "g", "--runs-dir", "runs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (record,) = parts.iter_records(tmp_path / "runs" / "g" / "mine")
    assert (record["name"], record["provenance"]["license"], record["provenance"]["commit"]) == (
        "double", "MIT", _git(repo, "rev-parse", "HEAD"))

    (tmp_path / "rows.jsonl").write_text(json.dumps({"text": FUNCTION}) + "\n")
    done = _cli("mine", "rows.jsonl", "--source-set", "colour=1", "--runs-dir", "runs", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1].startswith("error: command line: colour:")


def test_mine_streams_an_hf_name_and_an_unknown_one_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    _dataset_repository(tmp_path / "repo")
    done = _cli("mine", f"hf:{tmp_path / 'repo'}", "--source-set", "data_dir='data/python'", "--source-set", "split='train'",
                "--no-typecheck", "--name", "h", "--runs-dir", "runs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (record,) = parts.iter_records(tmp_path / "runs" / "h" / "mine")
    assert (record["name"], record["provenance"]["path"], record["provenance"]["license"]) == (
        "double", "train0.py", "MIT OR Apache-2.0")

    offline = subprocess.run([sys.executable, "-c", "from multiplt.cli.main import main; main()", "mine",
                              "hf:no-such-owner/no-such-dataset", "--runs-dir", "runs"], cwd=tmp_path,
                             env={**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "COLUMNS": "40"},
                             capture_output=True, text=True, timeout=300, check=False)
    lines = offline.stderr.strip().splitlines()
    assert offline.returncode == 1 and len(lines) == 1, offline.stderr
    assert lines[0].startswith("error: hf:no-such-owner/no-such-dataset: cannot open the dataset: ")
    missing = _cli("mine", "no-such-folder", "--runs-dir", "runs", cwd=tmp_path)
    assert missing.returncode == 2 and "no-such-folder: no such file or folder" in missing.stderr
