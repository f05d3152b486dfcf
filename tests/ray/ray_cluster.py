"""A real Ray cluster on loopback for the tests: a head and worker nodes, each its own `ray start --block`.

Each node runs in its own session (process group), so a test kills exactly that node's
processes (raylet, its workers) with one signal; nothing here uses `ray stop`, which
would stop every cluster on the machine. The temp dir is short: Ray's socket paths
must fit in 107 bytes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ports import free_port, free_ports

REPO = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).with_name("ray")
OBJECT_STORE_BYTES = 100 * 1024 * 1024


class LocalRayCluster:
    """``ray start --head`` plus ``workers`` worker nodes on 127.0.0.1, ``cpus`` CPUs each."""

    def __init__(self, workers: int = 2, cpus: int = 1, head_cpus: int | None = None) -> None:
        self.temp_dir = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.cpus = cpus
        self.env = {
            **os.environ,
            "RAY_USAGE_STATS_ENABLED": "0",
            # Stages the tests define live in these folders; every node's workers import them.
            "PYTHONPATH": os.pathsep.join(str(REPO / part) for part in
                                          ("src", "tests", "tests/pipeline", "tests/ray", "tests/llm")),
        }
        self.nodes: list[subprocess.Popen[bytes]] = []
        self.head = self._start(["--head", "--port", str(self.port), "--node-ip-address", "127.0.0.1",
                                 "--temp-dir", str(self.temp_dir), "--include-dashboard", "false",
                                 "--num-cpus", str(cpus if head_cpus is None else head_cpus)], "head")
        self.workers = [self.add_worker() for _ in range(workers)]

    def _wait_for_head(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.head.poll() is not None:
                raise RuntimeError(f"ray head exited with {self.head.returncode}; logs in {self.temp_dir}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    time.sleep(2)  # the GCS listens before the head's raylet has registered
                    return
            time.sleep(0.5)
        raise RuntimeError(f"no ray head on port {self.port} after {timeout_s}s; logs in {self.temp_dir}")

    def _start(self, arguments: list[str], label: str) -> subprocess.Popen[bytes]:
        log = open(self.temp_dir / f"{label}-{len(self.nodes)}.log", "ab")
        # Nodes on one address need their own ports (a fixed default, like the agent's 52365, clashes).
        options = ("--node-manager-port", "--object-manager-port", "--metrics-export-port",
                   "--dashboard-agent-listen-port", "--dashboard-agent-grpc-port", "--runtime-env-agent-port")
        ports = [value for option, port in zip(options, free_ports(len(options)), strict=True)
                 for value in (option, str(port))]
        process = subprocess.Popen([str(RAY), "start", "--block", "--object-store-memory", str(OBJECT_STORE_BYTES),
                                    "--disable-usage-stats", *ports, *arguments],
                                   stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True)
        self.nodes.append(process)
        # Two nodes starting at once on one machine can wait on each other for good: one at a time.
        log_path = Path(log.name)
        deadline = time.monotonic() + 120
        while b"Ray runtime started." not in log_path.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ray {label} did not start; see {log_path}")
            time.sleep(0.2)
        return process

    def add_worker(self) -> subprocess.Popen[bytes]:
        """Start one more worker node and return its process."""
        return self._start(["--address", self.address, "--node-ip-address", "127.0.0.1",
                            "--num-cpus", str(self.cpus)], "worker")

    def wait_for_cpus(self, cpus: int, timeout_s: float = 120.0) -> None:
        """Block until the connected driver sees ``cpus`` CPUs in the cluster."""
        import ray

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for process in self.nodes:
                if process.poll() not in (None, -signal.SIGKILL):
                    raise RuntimeError(f"a ray node exited with {process.returncode}; logs in {self.temp_dir}")
            if ray.is_initialized() and ray.cluster_resources().get("CPU", 0) == cpus:
                return
            time.sleep(0.5)
        raise RuntimeError(f"the cluster did not reach {cpus} CPUs in {timeout_s}s; logs in {self.temp_dir}")

    def connect(self) -> None:
        """Connect this process as the driver."""
        import ray

        for _ in range(60):
            try:
                ray.init(address=self.address, logging_level="WARNING", log_to_driver=False)
                return
            except (ConnectionError, RuntimeError):
                time.sleep(1)
        raise RuntimeError(f"no ray head at {self.address}; logs in {self.temp_dir}")

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        """SIGKILL one node: its `ray start`, raylet and worker processes (its process group)."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def stop(self) -> None:
        """Disconnect the driver and kill every node this cluster started, workers first."""
        import ray

        if ray.is_initialized():
            ray.shutdown()
        for process in reversed(self.nodes):
            self.kill(process)
        # Ray's own daemons may outlive their group leader by a moment; a second sweep gets them.
        time.sleep(1)
        for process in reversed(self.nodes):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        subprocess.run(["rm", "-rf", str(self.temp_dir)], check=False)
