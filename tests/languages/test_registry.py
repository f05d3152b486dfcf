"""The registry: codes and aliases to language modules."""

from __future__ import annotations

import pytest

from multiplt.languages import LANGUAGES, TARGETS, get_language
from multiplt.languages.registry import UnknownLanguageError


@pytest.mark.parametrize(("alias", "code"), [("racket", "rkt"), ("OCaml", "ml"), ("julia", "jl"), ("python", "py"), ("lua", "lua")])
def test_aliases_resolve_to_codes(alias: str, code: str) -> None:
    assert get_language(alias).code == code


def test_targets_are_the_five_multipl_t_languages() -> None:
    assert [LANGUAGES[code].name for code in TARGETS] == ["Lua", "Racket", "OCaml", "R", "Julia"]


def test_unknown_language_names_the_known_ones() -> None:
    with pytest.raises(UnknownLanguageError, match="known: jl, lua, ml, py, r, rkt"):
        get_language("cobol")
