"""The Debian packages of the registry's languages, as the Makefile reads them before the venv exists."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from multiplt.languages import get_language
from multiplt.languages.packages import debian_packages, install_hint, main

ROOT = Path(__file__).resolve().parents[2]
# Written by hand from the language modules' documentation: what each runtime needs from Debian 12.
LANGUAGE_PACKAGES = ["python3", "lua5.4", "lua-unit", "racket", "ocaml-nox", "r-base-core"]
# The Makefile's whole list before the languages declared theirs (commit 303ce1a).
MAKEFILE_BEFORE = {"lua5.4", "lua-unit", "racket", "ocaml-nox", "r-base-core", "bubblewrap", "python3", "python3-venv",
                   "python3-coverage", "g++", "chromium", "chromium-driver"}  # fmt: skip
SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")


def test_every_language_s_packages_once_in_registry_order() -> None:
    assert debian_packages() == LANGUAGE_PACKAGES


def test_install_hint_is_the_apt_line_or_the_module_s_note() -> None:
    assert install_hint(get_language("lua")) == "apt-get install -y lua5.4 lua-unit"
    assert install_hint(get_language("jl")).startswith("not packaged for Debian 12: install from julialang.org")


@pytest.mark.skipif(SYSTEM_PYTHON is None, reason="no system python3 in /usr/bin")
def test_the_system_python_prints_them_with_the_standard_library_only() -> None:
    # -S: no site-packages, as on a machine where pip installed nothing yet.
    result = subprocess.run([str(SYSTEM_PYTHON), "-S", "-m", "multiplt.languages.packages"], capture_output=True, text=True,
                            cwd=ROOT, env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src")}, check=False, timeout=60)  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, " ".join(LANGUAGE_PACKAGES) + "\n", "")


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_the_makefile_installs_the_same_packages_as_before() -> None:
    dry = subprocess.run(["make", "--no-print-directory", "-n", "system-packages"], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=60).stdout  # fmt: skip
    loops = re.findall(r"for package in ([^;]+);", dry)
    assert loops[1] == "$languages" and "languages=\"$(PYTHONPATH=src python3 -S -m multiplt.languages.packages)\"" in dry
    assert set(loops[0].split()) | set(debian_packages()) == MAKEFILE_BEFORE


@pytest.mark.skipif(SYSTEM_PYTHON is None, reason="no system python3 in /usr/bin")
def test_ci_requires_the_runtimes_of_every_packaged_language() -> None:
    result = subprocess.run([str(SYSTEM_PYTHON), "-S", "-m", "multiplt.languages.packages", "--packaged-codes"], capture_output=True,
                            text=True, cwd=ROOT, env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src")}, check=False, timeout=60)  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "py,lua,rkt,ml,r\n")
    assert "multiplt.languages.packages --packaged-codes" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_an_unknown_argument_is_a_one_line_usage() -> None:
    with pytest.raises(SystemExit, match=r"^usage: python3 -S -m multiplt.languages.packages \[--packaged-codes\]$"):
        main(["--nope"])
