"""Fixtures for the sandbox tests: a Sandbox per isolation method.

Every verdict and hostile test runs once per isolation method. ``warm`` uses the warm
workers of ``multiplt.sandbox.warm`` where they exist and falls back to ``process``
elsewhere, so warm workers get this same suite as soon as they are registered.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import ISOLATIONS

from multiplt.sandbox import Sandbox


@pytest.fixture(scope="session")
def scratch_root() -> Iterator[Path]:
    """A scratch root of the test session's own, in /tmp so ``nobody`` can enter it."""
    root = Path(tempfile.mkdtemp(prefix="multiplt-test-scratch-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module", params=ISOLATIONS)
def sandbox(request: pytest.FixtureRequest, scratch_root: Path) -> Iterator[Sandbox]:
    """A Sandbox per isolation method; on closing, its scratch root must be empty."""
    with Sandbox(jobs=2, isolation=request.param, scratch_root=scratch_root) as opened:
        yield opened
    leftovers = sorted(path.name for path in scratch_root.iterdir())
    assert not leftovers, f"scratch folders left behind by {request.param}: {leftovers}"
