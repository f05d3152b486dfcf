"""Fixtures of the Ray tests: one real loopback cluster (a head and two worker nodes) per module."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "pipeline"))
from moto_s3 import s3  # noqa: E402, F401 - the object-storage tests' fixture
from pipeline_helpers import write_numbers  # noqa: E402
from ray_cluster import LocalRayCluster  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalRayCluster]:
    """A head and two worker nodes, 1 CPU each, with this process connected as the driver."""
    pytest.importorskip("ray", reason="ray is not installed (pip install 'multiplt[ray]')")
    started = LocalRayCluster(workers=2, cpus=1)
    try:
        started.connect()
        started.wait_for_cpus(3)
        yield started
    finally:
        started.stop()


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    """1,000 numbered records in tmp_path/numbers.jsonl."""
    return write_numbers(tmp_path / "numbers.jsonl", 1000)
