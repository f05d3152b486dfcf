"""The shape every language module has, and the Python-side types it translates from.

A language module (``lua.py``, ``racket.py``, ...) defines one class with the same
handful of members: its MultiPL-E code, file extension, stop tokens, how to run a
file and read the verdict (the runner side, used by the sandbox), and how to turn a
Python function and its asserts into a prompt and a test block (the translator side,
built on ``translator.Translator``; see docs/adding-a-language.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from multiplt.program import Status


@dataclass(frozen=True)
class Parameter:
    """One positional parameter of a Python function: its name and annotation source."""

    name: str
    annotation: str | None = None


@dataclass(frozen=True)
class PyFunction:
    """A top-level Python function split into the parts translators need."""

    name: str
    parameters: tuple[Parameter, ...]
    return_annotation: str | None
    docstring: str
    body: str  # the body's source without the docstring, dedented
    source: str  # the whole function's source


@dataclass(frozen=True)
class PyAssert:
    """One ``assert f(args...) == expected`` test, with values as Python literals.

    ``tolerance`` is set for float tests written ``abs(f(args) - expected) < tolerance``.
    """

    args: tuple[Any, ...]
    expected: Any
    source: str = ""
    tolerance: float | None = None


@dataclass(frozen=True)
class TestBlock:
    """A translated test block, and which asserts could not be translated and why."""

    text: str
    translated: int
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RuntimeCheck:
    """One program a language needs on the machine, run by ``multiplt doctor`` to prove it works.

    ``command`` must exit 0; its first word is the executable looked for on PATH, and
    the first dotted number it prints (stdout, then stderr) is the version shown.
    """

    name: str  # the doctor's row: "lua5.4", "luaunit"
    command: tuple[str, ...]  # ("lua5.4", "-v")


class TranslationError(ValueError):
    """A value, type or signature has no translation into the target language."""


class Language(Protocol):
    """What every language module provides. See ``lua.py`` for the simplest one."""

    code: str  # MultiPL-E's code: "lua", "rkt", "ml", "r", "jl", "py"
    name: str  # human name: "Lua"
    extension: str  # ".lua"
    stop_tokens: tuple[str, ...]
    timeout_s: float  # the reference evaluator's timeout

    # The machine side, read from the registry by `multiplt doctor`, the Makefile (through
    # `languages/packages.py`) and the sandbox's verdicts:
    runtime_checks: tuple[RuntimeCheck, ...]  # doctor runs each; missing or failing -> not installed
    debian_packages: tuple[str, ...]  # what `apt-get install` needs for the checks to pass; () if none
    install_note: str | None  # how to install where Debian has no package; such a runtime is optional
    memory_markers: tuple[str, ...]  # stderr text by which the runtime reports a failed allocation

    def command(self, path: str) -> list[str]:
        """The argv that runs the program file at ``path``."""
        ...

    def status(self, exit_code: int, stdout: str, stderr: str) -> Status:
        """Classify a finished run (not timed out, not killed) as MultiPL-E does."""
        ...

    def prompt(
        self, fn: PyFunction, *, canonical_solution: bool = False, doctests: str = "transform", reworded: bool = True
    ) -> str:
        """The MultiPL-E style prompt for ``fn``: doc comment and signature; raises
        TranslationError when the signature cannot be written (untyped for OCaml/Julia)."""
        ...

    def tests(self, fn: PyFunction, asserts: Sequence[PyAssert]) -> TestBlock:
        """The test block for ``fn``'s asserts; untranslatable asserts are skipped."""
        ...

    def stub_body(self) -> str:
        """What follows the prompt to complete a function whose body only raises
        (``translator.STUB_MESSAGE``): prompt + stub + tests must compile and fail at run time."""
        ...
