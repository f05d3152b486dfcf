"""Loopback HTTP helpers for the LLM tests: a real llama.cpp server process, a counting
reverse proxy in front of it, and a scripted fault server (a test double of an
OpenAI-compatible server, for failures a real server cannot be made to produce)."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from ports import free_port


class LlamaServer:
    """``python -m llama_cpp.server`` on a GGUF, on a loopback port; ``stop()`` kills it.

    ``--chat_format gemma``: the shipped GGUF carries no chat template, and the
    server's fallback (llama-2's) makes Gemma end every chat answer at once.
    """

    def __init__(self, model: Path, log_path: Path, port: int | None = None, n_ctx: int = 512) -> None:
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "llama_cpp.server", "--model", str(model),
                "--host", "127.0.0.1", "--port", str(self.port),
                "--n_ctx", str(n_ctx), "--n_threads", "1", "--model_alias", "gemma3-270m", "--chat_format", "gemma",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.process.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server not ready after {timeout_s}s; see {self.log_path}")

    def stop(self) -> None:
        """Kill the server (SIGKILL: as abrupt as a crash) and wait for it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._log.close()


class CountingProxy:
    """A reverse proxy on loopback that forwards to ``upstream`` and records every POST body."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.bodies: list[dict[str, Any]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else None
                if method == "POST" and payload:
                    proxy.bodies.append(json.loads(payload))
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=120)
                headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
                upstream.request(method, self.path, body=payload, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.getheader("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._forward("GET")

            def do_POST(self) -> None:
                self._forward("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> int:
        """How many POST requests reached the proxy."""
        return len(self.bodies)

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()


# What the fault server does for one request: a function of the parsed body that
# returns (status, headers, body bytes), or the string "hang".
Behaviour = Callable[[dict[str, Any]], "tuple[int, dict[str, str], bytes] | str"]


def completion_answer(texts: list[str], prompt_tokens: int = 3, completion_tokens: int = 2) -> tuple[int, dict[str, str], bytes]:
    """A well-formed /completions answer carrying ``texts`` as its choices."""
    body = {
        "id": "cmpl-test",
        "object": "text_completion",
        "choices": [{"index": i, "text": text, "finish_reason": "stop"} for i, text in enumerate(texts)],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens * len(texts)},
    }
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


class FaultServer:
    """A scripted OpenAI-compatible test double: request ``i`` gets ``script[i]`` (the last one repeats)."""

    def __init__(self, script: list[Behaviour]) -> None:
        self.script = script
        self.bodies: list[dict[str, Any]] = []
        self._release = threading.Event()
        fault = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                fault.bodies.append(body)
                behaviour = fault.script[min(len(fault.bodies), len(fault.script)) - 1]
                outcome = behaviour(body)
                if outcome == "hang":
                    fault._release.wait(timeout=60)
                    return
                status, headers, data = outcome
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Release hanging handlers and stop serving."""
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
