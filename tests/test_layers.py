"""Imports go one way: the import-linter contracts in pyproject.toml hold, and they catch a break.

The contracts (``[tool.importlinter]``): ``layers`` (cli > stages > pipeline > sandbox, llm >
MultiPL-E files > languages > base types), ``cli-main`` (no module imports ``multiplt.cli.main``, which imports
the command modules) and ``acyclic`` (no import cycle between sibling modules anywhere).
The second test plants an upward import in a copy of the package and checks that the
linter fails, naming the broken contract and the planted import with its line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import multiplt

PACKAGE = Path(multiplt.__file__).parent
CONFIG = Path(__file__).parents[1] / "pyproject.toml"
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def _lint(source_root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with pyproject.toml's contracts on the ``multiplt`` under ``source_root``."""
    env = {**os.environ, "PYTHONPATH": str(source_root), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo", str(CONFIG)],
        capture_output=True, text=True, timeout=300, env=env, cwd=source_root, check=False,
    )


def test_the_package_keeps_its_layer_contracts() -> None:
    result = _lint(PACKAGE.parent)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Contracts: 3 kept, 0 broken." in output


@pytest.mark.parametrize(
    ("module", "planted", "contract", "named"),
    [
        # A base type importing the CLI.
        ("program.py", "import multiplt.cli.main", "multiplt.program is not allowed to import multiplt.cli:", "multiplt.program -> multiplt.cli.main"),
        # A language module importing the sandbox that runs it (the old verdict cycle, turned around).
        ("languages/lua.py", "from multiplt.sandbox.sandbox import Sandbox", "multiplt.languages is not allowed to import multiplt.sandbox:", "multiplt.languages.lua -> multiplt.sandbox.sandbox"),
        # A resource importing a stage (the replay backend once read completions through evaluation).
        ("llm/replay.py", "from multiplt.evaluation import summary", "multiplt.llm is not allowed to import multiplt.evaluation:", "multiplt.llm.replay -> multiplt.evaluation.summary"),
        # A command module importing cli.main, which imports it (the cycle cli.app broke).
        ("cli/exec.py", "from multiplt.cli import main", "multiplt.cli.exec is not allowed to import multiplt.cli.main:", "multiplt.cli.exec -> multiplt.cli.main"),
    ],
)
def test_a_planted_upward_import_breaks_the_contract(tmp_path: Path, module: str, planted: str, contract: str, named: str) -> None:
    copy = tmp_path / "multiplt"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    source = target.read_text(encoding="utf-8")
    target.write_text(f"{source}\n{planted}  # planted by the test\n", encoding="utf-8")
    line = source.count("\n") + 2

    result = _lint(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert contract in output, output
    assert f"{named} (l.{line})" in output, output
