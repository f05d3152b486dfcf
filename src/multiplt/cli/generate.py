"""`multiplt generate`: ad-hoc sampling from any backend, cached."""

from __future__ import annotations

from multiplt.cli.main import app  # noqa: F401
