"""The one I/O module: atomic writes and the JSONL reader."""

from __future__ import annotations

import gzip
import multiprocessing
from pathlib import Path

import pytest

from multiplt.io import BadLine, atomic_open, atomic_path, atomic_write_bytes, atomic_write_text, read_jsonl


def test_a_write_replaces_the_file_whole_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "out.txt"
    atomic_write_text(target, "old\n")
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert [path.name for path in target.parent.iterdir()] == ["out.txt"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("kept\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half a li")
        raise RuntimeError("killed mid-write")
    assert target.read_text() == "kept\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_each_writer_gets_its_own_temporary_name(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as first, atomic_path(target) as second:
        assert first != second
        assert first.parent == second.parent == tmp_path
        first.write_text("one")
        second.write_text("two")
    assert target.read_text() == "one"  # the outer block ends last and wins, whole


def _write_many(path: str, text: str) -> None:
    for _ in range(200):
        atomic_write_text(path, text)


def test_two_processes_writing_one_file_never_leave_a_mixed_or_torn_file(tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    texts = ["a" * 100_000, "b" * 100_000]
    workers = [multiprocessing.Process(target=_write_many, args=(str(target), text)) for text in texts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert target.read_text() in texts
    assert [path.name for path in tmp_path.iterdir()] == ["shared.txt"]


def test_a_folder_is_swapped_in_whole(tmp_path: Path) -> None:
    target = tmp_path / "dataset"
    target.mkdir()
    (target / "old.arrow").write_text("old")
    with atomic_path(target) as temporary:
        temporary.mkdir()
        (temporary / "new.arrow").write_text("new")
    assert [path.name for path in target.iterdir()] == ["new.arrow"]
    assert [path.name for path in tmp_path.iterdir()] == ["dataset"]


def test_a_gz_name_is_written_compressed(tmp_path: Path) -> None:
    target = tmp_path / "x.json.gz"
    atomic_write_bytes(target, b'{"a": 1}')
    assert gzip.decompress(target.read_bytes()) == b'{"a": 1}'


def test_bad_lines_are_named_by_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"a": 1}\n\n{"a": \n[1, 2]\n{"a": NaN}\n\xff\xfe{"b": 2}\n"tail"')
    bad: list[BadLine] = []
    values = list(read_jsonl(path, bad.append))
    assert values == [(1, {"a": 1}), (4, [1, 2]), (7, "tail")]
    assert [str(line) for line in bad] == [
        f"{path}:3: not JSON (Expecting value at column 7)",
        f"{path}:5: not JSON (NaN is not a JSON number)",
        f"{path}:6: not UTF-8 (invalid start byte at byte 0)",
    ]


def test_undecodable_bytes_can_be_replaced_and_counted_instead(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"p": "a\xffb\xfe\xfd"}\n')
    replaced: list[tuple[int, int]] = []
    values = list(read_jsonl(path, lambda bad: pytest.fail(str(bad)), on_replaced=lambda line, count: replaced.append((line, count))))
    assert values == [(1, {"p": "a\ufffdb\ufffd\ufffd"})]
    assert replaced == [(1, 3)]


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n{"a": 2}\n'))
    assert [value for _, value in read_jsonl(path, lambda bad: pytest.fail(str(bad)))] == [{"a": 1}, {"a": 2}]


def test_a_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(read_jsonl(tmp_path / "absent.jsonl", lambda bad: None))


def test_a_target_under_a_file_raises_and_leaves_that_file_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("data")
    with pytest.raises(OSError):
        atomic_write_text(blocker / "x.txt", "x")
    assert blocker.read_text() == "data"
    assert [path.name for path in tmp_path.iterdir()] == ["not-a-folder"]
