"""Config tests build stages from the pipeline tests' stage module."""

from __future__ import annotations

import sys
from pathlib import Path

PIPELINE_TESTS = str(Path(__file__).parent.parent / "pipeline")
if PIPELINE_TESTS not in sys.path:
    sys.path.insert(0, PIPELINE_TESTS)
