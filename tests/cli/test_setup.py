"""`multiplt doctor` reports the real machine; `multiplt init` writes a config that runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multiplt import doctor as doctor_module
from multiplt.cli.main import app
from multiplt.config import load_config
from multiplt.doctor import runtime_checks
from multiplt.languages import LANGUAGES
from multiplt.languages.base import RuntimeCheck

runner = CliRunner()
REQUIRED_TOOLS = ("lua5.4", "racket", "ocaml", "Rscript", "bwrap")


def _doctor(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from multiplt.cli.main import main; main()", "doctor"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200", **(env or {})}, check=False,
    )


@pytest.fixture(scope="module")
def doctor_here() -> subprocess.CompletedProcess[str]:
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    return _doctor()


def test_doctor_passes_when_required_runtimes_work(doctor_here: subprocess.CompletedProcess[str]) -> None:
    assert doctor_here.returncode == 0, doctor_here.stdout
    assert "all required pieces work" in doctor_here.stdout


@pytest.mark.parametrize("component", ["python", "python3", "lua5.4", "luaunit", "racket", "ocaml", "Rscript", "julia", "sandbox python",
                                       "bubblewrap", "llamacpp", "vllm", "transformers", "openai-compatible"])
def test_doctor_table_has_a_row_per_component(doctor_here: subprocess.CompletedProcess[str], component: str) -> None:
    assert any(f": {component} " in line for line in doctor_here.stdout.splitlines())


def test_doctor_shows_runtime_versions(doctor_here: subprocess.CompletedProcess[str]) -> None:
    row = next(line for line in doctor_here.stdout.splitlines() if "runtime: racket " in line)
    version = subprocess.run(["racket", "--version"], capture_output=True, text=True, check=True).stdout
    assert row.split("│")[3].strip() in version


def test_doctor_reports_bubblewrap_sandbox_works(doctor_here: subprocess.CompletedProcess[str]) -> None:
    row = next(line for line in doctor_here.stdout.splitlines() if ": bubblewrap " in line)
    assert "│ ok " in row and "--unshare-net works" in row


def test_doctor_names_the_interpreter_the_sandbox_runs_and_its_coverage(doctor_here: subprocess.CompletedProcess[str]) -> None:
    row = next(line for line in doctor_here.stdout.splitlines() if ": sandbox python " in line)
    # The sandbox sees only /usr: Debian's python3, never this virtual environment's interpreter.
    assert "/usr/bin/python3" in row and "coverage" in row and " ok " in row
    assert sys.executable not in row


def test_doctor_treats_missing_julia_as_optional(doctor_here: subprocess.CompletedProcess[str]) -> None:
    if shutil.which("julia"):
        pytest.skip("julia is installed here")
    row = next(line for line in doctor_here.stdout.splitlines() if "runtime: julia " in line)
    assert "missing (optional)" in row and "julialang.org" in row


def test_doctor_fails_naming_a_missing_required_runtime(tmp_path: Path) -> None:
    racket = shutil.which("racket")
    if racket is None:
        pytest.skip("racket not installed: nothing to hide")
    # A PATH with every program of racket's folder except racket itself.
    visible = tmp_path / "bin"
    visible.mkdir()
    for program in Path(racket).parent.iterdir():
        if program.name != "racket":
            (visible / program.name).symlink_to(program)
    result = _doctor({"PATH": str(visible)})
    assert result.returncode == 1
    assert "required racket is missing" in result.stdout and "apt-get install -y racket" in result.stdout


def test_init_writes_a_config_that_validates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "project" / "multiplt.toml")
    assert Path(config.source.path) == (tmp_path / "project" / "functions.jsonl").resolve()


def test_init_config_is_commented(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    text = (tmp_path / "multiplt.toml").read_text(encoding="utf-8")
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 10


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "multiplt.toml").write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1 and (tmp_path / "multiplt.toml").read_text(encoding="utf-8") == "# mine\n"


def test_init_then_run_materialises_the_example_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["init", "project"])
    result = runner.invoke(app, ["run", "project/multiplt.toml", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "source: 6 in, 6 out, 0 dropped" in result.output


def test_run_reports_config_errors_with_exit_code_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[run]\njobz = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(config)])
    assert result.exit_code == 2 and f"{config}:2: run.jobz: unknown key" in result.output


@pytest.mark.parametrize("command", [["--help"], ["doctor", "--help"], ["init", "--help"], ["run", "--help"]])
def test_every_setup_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0 and "Usage:" in result.output


def test_doctor_runtime_rows_are_the_registry_s_languages() -> None:
    rows = [check for check in runtime_checks() if check.group == "runtime"]
    assert [check.name for check in rows] == ["python3", "lua5.4", "luaunit", "racket", "ocaml", "Rscript", "julia"]
    assert {check.language for check in rows} == set(LANGUAGES)
    assert [check.name for check in rows if not check.required] == ["julia"]


class _Shell:
    """A test double of a language module whose runtime is `sh` (no such language is registered)."""

    code = "sh"
    runtime_checks = (RuntimeCheck("sh", ("sh", "-c", "echo shell 7.1.2")),)
    debian_packages = ("dash",)
    install_note = None


def test_doctor_reads_a_new_language_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_module, "LANGUAGES", {"sh": _Shell()})
    rows = [check for check in runtime_checks() if check.group == "runtime"]
    assert [(c.name, c.status, c.detail, c.install, c.required, c.language) for c in rows] == [
        ("sh", "ok", "7.1.2", "apt-get install -y dash", True, "sh")
    ]


def test_doctor_help_names_the_registry_s_runtimes() -> None:
    result = runner.invoke(app, ["doctor", "--help"], env={"COLUMNS": "400"})
    text = " ".join(result.output.split())
    assert "python, python3, lua5.4, luaunit, racket, ocaml, Rscript, bubblewrap" in text
    assert "optional: julia (no Debian package)" in text
