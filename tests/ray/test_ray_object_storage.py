"""``run.runner = "ray"`` with the run folder on object storage, on a real loopback cluster.

The object storage is moto's S3 server (tests/pipeline/moto_s3.py), a TEST DOUBLE of S3
on loopback. The actors on every node get the run folder as a path that carries its
``storage_options`` (the moto endpoint), write their parts and markers there, and the
records equal those of the local runner in a local folder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pipeline_helpers import SQUARE, write_config
from ray_cluster import LocalRayCluster

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.progress import NoProgress
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute
from multiplt.storage import is_remote

pytest.importorskip("moto.server", reason="moto[server] is not installed (pip install 'multiplt[test]')")
pytest.importorskip("s3fs", reason="s3fs is not installed (pip install 'multiplt[s3]')")
from moto_s3 import DROP_ODD, MotoS3  # noqa: E402



def test_a_ray_run_into_s3_gives_the_local_runners_records(tmp_path: Path, numbers: Path, cluster: LocalRayCluster,
                                                           s3: MotoS3, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MULTIPLT_CACHE_DIR", str(tmp_path / "cache"))
    config = write_config(tmp_path, name="both", stages=SQUARE.format(delay_s=0) + DROP_ODD)
    local = execute(load_config(config), progress=NoProgress())
    url = s3.url("ray")
    on_ray = execute(load_config(config, {"run.runs_dir": url, "run.storage_options": s3.storage_options,
                                          "run.runner": "ray", "run.address": cluster.address, "run.jobs": 0}),
                     progress=NoProgress())

    assert is_remote(on_ray.final_folder) and str(on_ray.final_folder) == f"{url}/both/drop_odd"
    records = list(parts.iter_records(on_ray.final_folder))
    assert [(record.id, record.data) for record in records] == \
        [(record.id, record.data) for record in parts.iter_records(local.final_folder)]
    for index in range(10):  # each part's drop log, written by whichever actor ran it
        assert (on_ray.final_folder / "_dropped" / f"part-{index:05d}.jsonl").read_bytes() == \
            (local.final_folder / "_dropped" / f"part-{index:05d}.jsonl").read_bytes()
    events = read_events(on_ray.run_dir / "log.jsonl")
    ready = [event for event in events if event["event"] == "ray_actor_ready"]
    assert len({event["node_id"] for event in ready}) == 3  # the parts were written from every node
    done = Counter((event["stage"], event["part"]) for event in events if event["event"] == "part_done")
    assert done == Counter({(stage, index): 1 for stage in ("square", "drop_odd") for index in range(10)})
