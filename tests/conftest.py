"""Suite-wide test set-up: the ``runtime`` marker and the required-runtimes switch (see runtimes.py)."""

from __future__ import annotations

import pytest

from runtimes import ENV, required_runtimes, require_runtime

pytest_plugins = ["pytester"]


def pytest_report_header(config: pytest.Config) -> str:
    """Say which runtimes a missing one fails instead of skips."""
    required = sorted(required_runtimes())
    return f"{ENV}: " + (", ".join(required) + " (missing ones fail)" if required else "unset (missing runtimes skip)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.runtime("lua")``: the test needs that language's runtime."""
    for marker in item.iter_markers("runtime"):
        for code in marker.args:
            require_runtime(code)
