"""The shipped quickstart config runs as the README says (its model-free first stage here;
the whole loop with the embedded model is `make quickstart`)."""

from __future__ import annotations

from pathlib import Path

from multiplt.config import load_config
from multiplt.pipeline import parts
from multiplt.pipeline.session import execute

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# What the slice's six standard-library files hold that the mine stage keeps: top-level,
# documented, returning, self-contained functions, checked against CPython 3.11's sources
# by reading them (calendar.formatstring is out: its defaults are module globals; colorsys
# uses module constants; most of the others use module globals or take **kwargs).
# textwrap.indent passes those filters but not the type checker: its body redefines its
# parameter `predicate` with a nested def, an error in pyright's standard mode.
MINED = {
    ("calendar.py", "isleap"), ("calendar.py", "leapdays"), ("calendar.py", "weekday"),
    ("string.py", "capwords"), ("html/__init__.py", "escape"), ("fnmatch.py", "translate"),
}


def test_quickstart_config_mines_its_slice_of_the_standard_library(tmp_path: Path) -> None:
    config = load_config(EXAMPLES / "quickstart.toml", {"run.runs_dir": str(tmp_path), "run.jobs": 1})
    result = execute(config, until="mine")
    assert [summary.records_out for summary in result.summaries] == [6, len(MINED)]
    assert result.summaries[1].counters["dropped.type_error"] == 1
    records = list(parts.iter_records(tmp_path / "quickstart" / "mine"))
    assert {(record["provenance"]["path"], record["name"]) for record in records} == MINED
    weekday = next(record for record in records if record["name"] == "weekday")
    assert weekday["imports"] == ["import datetime"]
    assert weekday["provenance"]["license"] == "PSF-2.0"
