"""Maps a language code ("lua", "rkt", ...) or alias to its language module's class.

Everything per language is read from here: the sandbox's commands and verdicts, the
translators, `multiplt doctor`'s runtime rows, the Makefile's Debian packages
(``languages/packages.py``), the CLI's default language lists and their help texts.
"""

from __future__ import annotations

from typing import Any

from multiplt.languages.base import Language, RuntimeCheck
from multiplt.languages.julia import Julia
from multiplt.languages.lua import Lua
from multiplt.languages.ocaml import OCaml
from multiplt.languages.python import Python
from multiplt.languages.r import R
from multiplt.languages.racket import Racket


# The members the machine side reads (doctor, the Makefile, the sandbox's verdicts).
MACHINE_MEMBERS = ("runtime_checks", "debian_packages", "install_note", "memory_markers")


class IncompleteLanguageError(TypeError):
    """A language module lacks, or mistypes, a member the registry reads."""


def _strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) and item for item in value)


def language_problems(language: object) -> list[str]:
    """What ``language`` lacks of the machine-side members every module declares; [] when complete.

    ``Translator`` has no default for any of them: none could be right for a new runtime.
    """
    problems = [f"no {name}" for name in MACHINE_MEMBERS if not hasattr(language, name)]
    if problems:
        return problems
    checks = getattr(language, "runtime_checks")
    if not (isinstance(checks, tuple) and checks and all(isinstance(c, RuntimeCheck) and c.name and _strings(c.command) and c.command for c in checks)):
        problems.append("runtime_checks must be a non-empty tuple of RuntimeCheck, each with a name and a command")
    packages, note = getattr(language, "debian_packages"), getattr(language, "install_note")
    if not _strings(packages):
        problems.append("debian_packages must be a tuple of package names")
    if not (note is None or (isinstance(note, str) and note)):
        problems.append("install_note must be None or a sentence")
    elif bool(packages) == (note is not None):
        problems.append("exactly one of debian_packages and install_note says how to install the runtime")
    markers = getattr(language, "memory_markers")
    if not (_strings(markers) and markers):
        problems.append("memory_markers must be a non-empty tuple of strings")
    return problems


def _register(*languages: Language) -> dict[str, Language]:
    for language in languages:
        problems = language_problems(language)
        if problems:
            raise IncompleteLanguageError(f"{type(language).__module__}.{type(language).__name__}: {'; '.join(problems)}")
    return {language.code: language for language in languages}


# Adding a language: one module beside this file, and one line here (see docs/adding-a-language.md).
LANGUAGES: dict[str, Language] = _register(Python(), Lua(), Racket(), OCaml(), R(), Julia())

ALIASES = {"python": "py", "racket": "rkt", "ocaml": "ml", "julia": "jl", "lua5.4": "lua"}

TARGETS: tuple[str, ...] = ("lua", "rkt", "ml", "r", "jl")


class UnknownLanguageError(KeyError):
    """No language module has this code."""

    def __str__(self) -> str:
        known = ", ".join(sorted(LANGUAGES))
        return f"unknown language {self.args[0]!r}; known: {known}"


def get_language(code: str) -> Language:
    """The language for a MultiPL-E code or a common alias (``racket`` -> ``rkt``)."""
    key = ALIASES.get(code.lower(), code.lower())
    try:
        return LANGUAGES[key]
    except KeyError:
        raise UnknownLanguageError(code) from None


def codes_text(codes: tuple[str, ...] | None = None) -> str:
    """``lua, rkt, ml, r, jl``: the codes (default: every registered one) for a help text."""
    return ", ".join(LANGUAGES if codes is None else codes)


def names_text(codes: tuple[str, ...]) -> str:
    """``Lua, Racket and OCaml``: the languages' names, for a sentence."""
    names = [LANGUAGES[code].name for code in codes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def aliases_text() -> str:
    """``python, racket, ocaml, julia, lua5.4``: the long names ``get_language`` also takes."""
    return ", ".join(ALIASES)


def extensions_text() -> str:
    """``.py .lua .rkt .ml .r .jl``: the file extensions, in registry order."""
    return " ".join(language.extension for language in LANGUAGES.values())


def timeouts_text() -> str:
    """``5 s Python/R/Julia, 15 s Lua/Racket/OCaml``: each language's MultiPL-E timeout, grouped."""
    groups: dict[float, list[str]] = {}
    for language in LANGUAGES.values():
        groups.setdefault(language.timeout_s, []).append(language.name)
    return ", ".join(f"{seconds:g} s {'/'.join(names)}" for seconds, names in sorted(groups.items()))
