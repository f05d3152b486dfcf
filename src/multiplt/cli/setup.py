"""`multiplt doctor` and `multiplt init`: check the machine, write a run config."""

from __future__ import annotations

from multiplt.cli.main import app  # noqa: F401
