"""The backend flags `multiplt generate` and `multiplt eval generate` share.

Each command declares these options (same flags, same help) and turns them into one
`multiplt.llm.BackendSettings`, the type `multiplt run` builds from its config's
``[llm]`` section, opened by `multiplt.llm.open_from_settings`.
"""

from __future__ import annotations

import typer

BACKEND_HELP = (
    "Where samples come from: 'llamacpp' (in-process; without --model it uses the embedded "
    "Gemma 3 270M GGUF, a tiny base model that exercises the machinery but is useless for data "
    "quality), 'openai' (any OpenAI-compatible server: vllm serve, TGI, llama.cpp, Ollama; see "
    "--base-url), 'vllm' (in-process on a GPU; pip install 'multiplt[vllm]'), 'transformers' "
    "(in-process; pip install 'multiplt[transformers]')."
)

BACKEND = typer.Option("llamacpp", "--backend", help=BACKEND_HELP)
MODEL = typer.Option(None, "--model", help="Model: a GGUF path (llamacpp), the served model name (openai; default: the first the server lists), or a Hugging Face name or folder (vllm, transformers).")
SEED = typer.Option(None, "--seed", help="Seed for repeatable sampling where the backend supports it (sample i uses seed+i).")
BASE_URL = typer.Option(None, "--base-url", help="openai: the server's API root, including /v1 (default http://127.0.0.1:8000/v1, where `vllm serve` listens). Repeat it for several servers: requests go to the live one with fewest in flight; a failing one is left out for 30s.")
API_KEY = typer.Option(None, "--api-key", envvar="OPENAI_API_KEY", help="openai: bearer token, if the server wants one.")
CONCURRENCY = typer.Option(8, "--concurrency", min=1, help="openai: requests in flight at once.")
CHAT = typer.Option(False, "--chat", help="openai: use /chat/completions (instruction models) instead of /completions (base models).")
TIMEOUT = typer.Option(600.0, "--timeout", min=0.1, help="openai: seconds to wait for one answer before retrying it.")
RETRIES = typer.Option(5, "--retries", min=0, help="openai: retries of a failed request (connection error, timeout, 429, 5xx), with exponential backoff.")
N_CTX = typer.Option(4096, "--n-ctx", min=64, help="llamacpp: context window in tokens (prompt + completion).")
THREADS = typer.Option(None, "--threads", min=1, help="llamacpp: CPU threads (default: all cores).")



def one_or_many(base_urls: list[str] | None) -> str | list[str] | None:
    """Repeated ``--base-url`` values as ``llm.base_url`` takes them: one URL as a string, several as a list."""
    if not base_urls:
        return None
    return base_urls[0] if len(base_urls) == 1 else list(base_urls)
