"""A sandbox-heavy stage on the local runner, then on a loopback Ray cluster of 1 and 2 worker nodes.

The stage is the Ray tests' ``SandboxSquare``: each record becomes a Python program (a
loop of ``--work`` steps, an assert, a print) run in the real sandbox (bubblewrap, warm
workers, one program at a time per worker: ``sandbox.jobs = 1``, verdict cache off).
The baseline is the local runner with one worker, measured in the same run. The
cluster is the tests' ``LocalRayCluster``: a head with no CPUs (so it runs no actors)
and 1, then 2, worker nodes of 1 CPU, each its own ``ray start --block``; the time of a
Ray run includes connecting and placing its actors, not starting the nodes. Every run
must give the same records as the baseline, or the benchmark fails.

    PYTHONPATH=src .venv/bin/python benchmarks/ray_scaling.py [--records 240] [--work 1500000]

On a 2-core machine 2 worker nodes can at best halve the time, less the driver's share.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "ray"), str(ROOT / "tests" / "pipeline")]

from ray_cluster import LocalRayCluster  # noqa: E402

from multiplt.config import load_config  # noqa: E402
from multiplt.pipeline import parts  # noqa: E402
from multiplt.pipeline.progress import NoProgress  # noqa: E402
from multiplt.pipeline.session import execute  # noqa: E402

CONFIG = """[run]
name = "{name}"
runs_dir = "{runs}"
jobs = {jobs}
part_size = {part_size}
batch_size = 25

[source]
path = "{numbers}"

[[stages]]
kind = "ray_test_stages:SandboxSquare"
[stages.options]
work = {work}

[sandbox]
jobs = 1
cache = false
"""


def _run(folder: Path, name: str, args: argparse.Namespace, address: str | None = None) -> tuple[float, list]:
    config_path = folder / f"{name}.toml"
    config_path.write_text(CONFIG.format(name=name, runs=folder / "runs", jobs=0 if address else 1,
                                         part_size=args.part_size, numbers=folder / "numbers.jsonl", work=args.work),
                           encoding="utf-8")
    overrides = {"run.runner": "ray", "run.address": address} if address else {}
    started = time.perf_counter()
    result = execute(load_config(config_path, overrides), progress=NoProgress())
    seconds = time.perf_counter() - started
    return seconds, list(parts.iter_records(result.final_folder))


def main() -> None:
    """Time the stage on each runner and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=240)
    parser.add_argument("--work", type=int, default=1_500_000, help="loop steps in each sandboxed program")
    parser.add_argument("--part-size", type=int, default=20)
    args = parser.parse_args()
    rows: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="ray-scaling-") as temp:
        folder = Path(temp)
        (folder / "numbers.jsonl").write_text("".join(json.dumps({"n": i}) + "\n" for i in range(args.records)),
                                              encoding="utf-8")
        baseline_s, expected = _run(folder, "local", args)
        rows.append(("local runner, 1 worker", baseline_s, len(expected)))
        cluster = LocalRayCluster(workers=1, cpus=1, head_cpus=0)
        try:
            cluster.connect()
            for workers in (1, 2):
                if workers == 2:
                    cluster.workers.append(cluster.add_worker())
                cluster.wait_for_cpus(workers)
                seconds, records = _run(folder, f"ray{workers}", args, cluster.address)
                if records != expected:
                    raise SystemExit(f"ray with {workers} worker node(s) gave other records than the local runner")
                rows.append((f"ray, {workers} worker node{'s' if workers > 1 else ''}", seconds, len(records)))
        finally:
            cluster.stop()
    print(f"{args.records} records, {args.records // args.part_size} parts, {args.work:,} loop steps per program")
    print(f"{'runner':<26} {'wall s':>8} {'records':>8} {'vs local':>8}")
    for label, seconds, count in rows:
        print(f"{label:<26} {seconds:>8.1f} {count:>8} {seconds / baseline_s:>8.2f}")


if __name__ == "__main__":
    main()
