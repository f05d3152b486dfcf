"""`multiplt exec`: run programs in the sandbox and print verdicts."""

from __future__ import annotations

from multiplt.cli.main import app  # noqa: F401
