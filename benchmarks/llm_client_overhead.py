"""Client overhead of multiplt's openai backend, and the embedded default's speed.

Starts one llama.cpp server (llama-cpp-python's server extra, the shipped Gemma 3 270M
GGUF) on loopback and sends it the same greedy requests twice per round: through a
plain minimal httpx client (the baseline) and through multiplt (`open_backend("openai")`
with a fresh SQLite cache, as a real run has), alternating which goes first, at
concurrency 1, 4 and 16. Prints completion tokens/s (median of the rounds) and the
median of the per-round ratios multiplt / baseline; the target is at least 0.95.

A second table sends the same kind of requests to a canned server that answers at
once: it measures the clients alone, the worst case for multiplt's overhead (cache
writes, the event-loop thread, retries bookkeeping).

Then it measures the embedded default (in-process llamacpp backend): first-use set-up
(assembling the GGUF into an empty cache folder, loading it) and tokens/s.

    python benchmarks/llm_client_overhead.py [--prompts 16] [--max-tokens 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from multiplt.llm import Request, open_backend
from multiplt.llm.embedded_model import embedded_model_path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(model: Path, threads: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start llama_cpp.server and wait until it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "1024", "--n_threads", str(threads), "--model_alias", "bench"],
        stdout=open(log, "wb"), stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                return process, base_url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"llama_cpp.server did not start; see {log}")


# A canned OpenAI-compatible server (uvicorn, another process): answers at once, so a
# run against it measures the clients alone, the worst case for their overhead.
_CANNED_SERVER = """
import json, sys, uvicorn
ANSWER = json.dumps({"choices": [{"index": 0, "text": " return x + 1", "finish_reason": "length"}],
                     "usage": {"prompt_tokens": 12, "completion_tokens": 16}}).encode()
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": ANSWER})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def start_canned_server() -> tuple[subprocess.Popen[bytes], str]:
    """Start the canned server and wait until it answers."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", _CANNED_SERVER, str(port)])
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(f"{base_url}/completions", json={}, timeout=2)
            return process, base_url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the canned server did not start")


def prompts(count: int) -> list[str]:
    """Distinct short code prompts."""
    return [f"def function_{i}(x):\n    \"\"\"Return x plus {i}.\"\"\"\n" for i in range(count)]


async def _baseline(base_url: str, texts: list[str], max_tokens: int, concurrency: int) -> int:
    """The plain client: one POST per prompt, `concurrency` at a time; returns completion tokens."""
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=600, limits=httpx.Limits(max_connections=concurrency)) as client:
        async def one(prompt: str) -> int:
            async with limit:
                body = {"model": "bench", "prompt": prompt, "n": 1, "temperature": 0.0, "top_p": 0.95, "max_tokens": max_tokens}
                response = await client.post(f"{base_url}/completions", json=body)
                response.raise_for_status()
                return int(response.json()["usage"]["completion_tokens"])

        return sum(await asyncio.gather(*(one(prompt) for prompt in texts)))


def run_baseline(base_url: str, texts: list[str], max_tokens: int, concurrency: int) -> float:
    """Tokens/s of the plain client."""
    started = time.perf_counter()
    tokens = asyncio.run(_baseline(base_url, texts, max_tokens, concurrency))
    return tokens / (time.perf_counter() - started)


def run_multiplt(base_url: str, texts: list[str], max_tokens: int, concurrency: int, cache_dir: Path) -> float:
    """Tokens/s through multiplt, with a fresh cache (every sample is a miss, then written)."""
    cache = Path(tempfile.mkdtemp(dir=cache_dir)) / "llm.sqlite"
    requests = [Request(prompt, n=1, temperature=0.0, top_p=0.95, max_tokens=max_tokens) for prompt in texts]
    started = time.perf_counter()
    backend = open_backend("openai", "bench", base_url=base_url, concurrency=concurrency, cache_path=cache)
    for _ in backend.complete(requests):
        pass
    seconds = time.perf_counter() - started
    backend.close()
    return backend.stats.completion_tokens / seconds


def client_overhead(args: argparse.Namespace, model: Path, work: Path) -> None:
    process, base_url = start_server(model, args.threads, work / "server.log")
    try:
        texts = prompts(args.prompts)
        run_baseline(base_url, texts[:2], args.max_tokens, 1)  # warm-up
        print(f"\nclient overhead: {args.prompts} prompts x {args.max_tokens} tokens, greedy, median of {args.rounds} rounds")
        print(f"{'concurrency':>11} | {'baseline tok/s':>14} | {'multiplt tok/s':>14} | {'ratio':>6}")  # noqa: E501
        print("-" * 56)
        for concurrency in (1, 4, 16):
            baseline: list[float] = []
            ours: list[float] = []
            for round_number in range(args.rounds):
                order = (0, 1) if round_number % 2 == 0 else (1, 0)
                for which in order:
                    if which == 0:
                        baseline.append(run_baseline(base_url, texts, args.max_tokens, concurrency))
                    else:
                        ours.append(run_multiplt(base_url, texts, args.max_tokens, concurrency, work))
            base_median, our_median = statistics.median(baseline), statistics.median(ours)
            # Each round's pair ran back to back, so its ratio is least disturbed by drifting load.
            paired = statistics.median(our / base for our, base in zip(ours, baseline))
            print(f"{concurrency:>11} | {base_median:>14.1f} | {our_median:>14.1f} | {paired:>6.3f}")
    finally:
        process.kill()
        process.wait()


def client_bound(args: argparse.Namespace, work: Path) -> None:
    process, base_url = start_canned_server()
    try:
        texts = prompts(args.canned_requests)
        run_baseline(base_url, texts[:50], 16, 4)  # warm-up
        print(f"\nclient-bound: {args.canned_requests} requests to a canned server that answers at once "
              f"(16 tokens each), median of {args.rounds} rounds")
        print(f"{'concurrency':>11} | {'baseline req/s':>14} | {'multiplt req/s':>14} | {'ratio':>6}")
        print("-" * 56)
        for concurrency in (1, 4, 16):
            baseline: list[float] = []
            ours: list[float] = []
            for round_number in range(args.rounds):
                order = (0, 1) if round_number % 2 == 0 else (1, 0)
                for which in order:
                    if which == 0:
                        baseline.append(run_baseline(base_url, texts, 16, concurrency) / 16)
                    else:
                        ours.append(run_multiplt(base_url, texts, 16, concurrency, work) / 16)
            paired = statistics.median(our / base for our, base in zip(ours, baseline))
            print(f"{concurrency:>11} | {statistics.median(baseline):>14.1f} | {statistics.median(ours):>14.1f} | {paired:>6.3f}")
    finally:
        process.kill()
        process.wait()


def embedded_default(args: argparse.Namespace, work: Path) -> None:
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(work / "fresh-cache")  # first use: nothing assembled yet
    try:
        started = time.perf_counter()
        embedded_model_path()
        assemble_s = time.perf_counter() - started
        backend = open_backend("llamacpp", n_ctx=1024, n_threads=args.threads)
        started = time.perf_counter()
        list(backend.complete([Request("x", max_tokens=1, temperature=0.0)]))
        load_s = time.perf_counter() - started
    finally:
        if previous is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = previous
    backend.stats.completion_tokens = 0
    backend.stats.seconds = 0.0
    requests = [Request(prompt, n=1, temperature=0.2, top_p=0.95, max_tokens=args.embedded_tokens, seed=0) for prompt in prompts(4)]
    list(backend.complete(requests))
    backend.close()
    print(f"\nembedded default (in-process llamacpp, gemma-3-270m Q4_K_M, {args.threads} threads, {os.cpu_count()} cores)")
    print(f"  first use: assemble GGUF {assemble_s:.2f}s, load + first token {load_s:.2f}s")
    print(f"  generation: {backend.stats.completion_tokens} tokens in {backend.stats.seconds:.1f}s = "
          f"{backend.stats.tokens_per_second():.1f} tok/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompts", type=int, default=16, help="requests per run")
    parser.add_argument("--max-tokens", type=int, default=16, help="max new tokens per request")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each client per concurrency")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="llama.cpp threads")
    parser.add_argument("--embedded-tokens", type=int, default=64, help="max tokens per embedded request")
    parser.add_argument("--canned-requests", type=int, default=1000, help="requests per client-bound run")
    parser.add_argument("--skip-server", action="store_true", help="skip the llama.cpp server part")
    parser.add_argument("--skip-canned", action="store_true", help="skip the client-bound (canned server) part")
    parser.add_argument("--skip-embedded", action="store_true", help="skip the embedded default part")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: no orphan servers
    model = embedded_model_path()
    with tempfile.TemporaryDirectory(prefix="multiplt-bench-") as folder:
        work = Path(folder)
        if not args.skip_server:
            client_overhead(args, model, work)
        if not args.skip_canned:
            client_bound(args, work)
        if not args.skip_embedded:
            embedded_default(args, work)


if __name__ == "__main__":
    main()
