"""Reading training documents, the held-out split and EOS packing."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multiplt.train.data import DataError, read_documents, split_held_out
from multiplt.train.packing import pack


def test_jsonl_bad_lines_are_named_counted_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "lua.jsonl"
    path.write_text('{"content": "a"}\nnot json\n{"text": "b"}\n{"content": "  "}\n{"content": "c"}\n')
    documents = read_documents([path])
    assert documents.texts == ["a", "c"]
    assert [error.split(": ")[0] for error in documents.errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert all("\n" not in error for error in documents.errors)


def test_multiplt_t_layout_parquet_per_language_and_datasets_folder(tmp_path: Path) -> None:
    # MultiPL-T's published data: data/<language>/train-*.parquet with a content column.
    for language, texts in {"lua": ["l1", "l2"], "racket": ["r1"]}.items():
        folder = tmp_path / "published" / "data" / language
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"content": texts, "id": list(range(len(texts)))}), folder / "train-00000-of-00001.parquet")
    assert read_documents([tmp_path / "published"]).texts == ["l1", "l2", "r1"]

    datasets = pytest.importorskip("datasets")
    datasets.Dataset.from_dict({"content": ["x", "y"]}).save_to_disk(str(tmp_path / "hf"))
    assert read_documents([tmp_path / "hf"]).texts == ["x", "y"]


def test_nothing_usable_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text(json.dumps({"other": 1}) + "\n")
    with pytest.raises(DataError, match="no documents"):
        read_documents([tmp_path / "empty.jsonl"])


def test_held_out_is_one_percent_and_independent_of_order() -> None:
    texts = [f"doc {i}" for i in range(250)]
    train, held = split_held_out(texts, 0.01, seed=0)
    assert len(held) == 3 and len(train) == 247  # ceil(2.5)
    _, held_reversed = split_held_out(list(reversed(texts)), 0.01, seed=0)
    assert sorted(held_reversed) == sorted(held)
    assert set(held).isdisjoint(train)


def test_packing_joins_with_eos_and_cuts_fixed_lengths() -> None:
    assert pack([[1, 2], [3], [4, 5, 6]], eos_id=0, seq_len=3) == [[1, 2, 0], [3, 0, 4], [5, 6, 0]]
    assert pack([[1, 2], [3], [4, 5, 6, 7]], eos_id=0, seq_len=3) == [[1, 2, 0], [3, 0, 4], [5, 6, 7]]  # [0] dropped
    assert pack([[1, 2], [3, 4, 5]], eos_id=0, seq_len=4) == [[1, 2, 0, 3]]
    assert pack([[1, 2], [3, 4, 5]], eos_id=0, seq_len=4, keep_last=True) == [[1, 2, 0, 3], [4, 5, 0]]
