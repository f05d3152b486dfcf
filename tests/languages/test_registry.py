"""The registry: codes and aliases to language modules."""

from __future__ import annotations

import pytest

from multiplt.languages import LANGUAGES, TARGETS, get_language
from multiplt.languages.base import RuntimeCheck
from multiplt.languages.registry import (
    IncompleteLanguageError,
    UnknownLanguageError,
    _register,
    codes_text,
    extensions_text,
    language_problems,
    names_text,
    timeouts_text,
)
from multiplt.languages.translator import Translator


@pytest.mark.parametrize(("alias", "code"), [("racket", "rkt"), ("OCaml", "ml"), ("julia", "jl"), ("python", "py"), ("lua", "lua")])
def test_aliases_resolve_to_codes(alias: str, code: str) -> None:
    assert get_language(alias).code == code


def test_targets_are_the_five_multipl_t_languages() -> None:
    assert [LANGUAGES[code].name for code in TARGETS] == ["Lua", "Racket", "OCaml", "R", "Julia"]


def test_unknown_language_names_the_known_ones() -> None:
    with pytest.raises(UnknownLanguageError, match="known: jl, lua, ml, py, r, rkt"):
        get_language("cobol")


def test_every_registered_language_declares_its_machine_side() -> None:
    assert {code: language_problems(language) for code, language in LANGUAGES.items()} == {code: [] for code in LANGUAGES}


class _Cobol(Translator):
    """A language module missing its memory markers (a test double: no such module exists)."""

    code = "cob"
    name = "COBOL"
    extension = ".cob"
    stop_tokens = ("\n\n",)
    timeout_s = 5.0
    runtime_checks = (RuntimeCheck("cobc", ("cobc", "--version")),)
    debian_packages = ("gnucobol",)
    install_note = None


def test_a_language_lacking_a_member_is_refused_by_the_registry() -> None:
    assert language_problems(_Cobol()) == ["no memory_markers"]
    with pytest.raises(IncompleteLanguageError, match=r"test_registry\._Cobol: no memory_markers"):
        _register(_Cobol())


def test_a_runtime_with_no_way_to_install_it_is_refused() -> None:
    class Unpackaged(_Cobol):
        debian_packages = ()
        memory_markers = ("out of memory",)

    assert language_problems(Unpackaged()) == ["exactly one of debian_packages and install_note says how to install the runtime"]


def test_a_runtime_check_must_name_a_command() -> None:
    class NoCommand(_Cobol):
        runtime_checks = (RuntimeCheck("cobc", ()),)
        memory_markers = ("out of memory",)

    assert language_problems(NoCommand()) == ["runtime_checks must be a non-empty tuple of RuntimeCheck, each with a name and a command"]


def test_help_texts_come_from_the_registry() -> None:
    assert codes_text() == "py, lua, rkt, ml, r, jl"
    assert names_text(TARGETS) == "Lua, Racket, OCaml, R and Julia"
    assert extensions_text() == ".py .lua .rkt .ml .r .jl"
    assert timeouts_text() == "5 s Python/R/Julia, 15 s Lua/Racket/OCaml"
