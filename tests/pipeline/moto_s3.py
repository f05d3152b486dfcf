"""moto's standalone S3 server on loopback: a test double of S3 for run folders on object storage.

No real S3 (nor MinIO) can run here, so the object-storage tests talk to moto's S3
server (``moto.server.ThreadedMotoServer``), an in-process HTTP server speaking the S3
API, through the same s3fs client a real run would use. It implements what the run
folder relies on: PUTs visible whole, listings, and ``If-None-Match: *`` conditional
PUTs (the run lock). It is a double: its consistency and timing are not S3's.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

DROP_ODD = """
[[stages]]
kind = "storage_test_stages:DropOdd"
"""
"""A stage for a run config's tail: drops the odd numbers, logging each drop (``storage_test_stages.py``)."""


@pytest.fixture(scope="module")
def s3() -> Iterator[MotoS3]:
    """moto's S3 server for the module, with one bucket (import this fixture into a test module)."""
    server = MotoS3()
    yield server
    server.stop()


class MotoS3:
    """A moto S3 server on 127.0.0.1 with one bucket; `storage_options` point s3fs at it."""

    bucket = "multiplt-test"

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        self.storage_options: dict[str, Any] = {"endpoint_url": self.endpoint_url, "key": "testing",
                                                "secret": "testing"}
        import s3fs

        # moto keeps its buckets per process, not per server: a second server already has it.
        s3fs.S3FileSystem(**self.storage_options).makedirs(self.bucket, exist_ok=True)

    def url(self, name: str = "") -> str:
        """A fresh prefix in the bucket: ``s3://multiplt-test/<name>-<random>``, so tests never share keys."""
        return f"s3://{self.bucket}/{name}-{uuid.uuid4().hex[:8]}"

    def toml_options(self) -> str:
        """``storage_options`` as a TOML inline table, for a config file or ``--set``."""
        return "{ " + ", ".join(f'{key} = "{value}"' for key, value in self.storage_options.items()) + " }"

    def stop(self) -> None:
        """Stop the server."""
        self._server.stop()
