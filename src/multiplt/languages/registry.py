"""Maps a language code ("lua", "rkt", ...) or alias to its language module's class."""

from __future__ import annotations

from multiplt.languages.base import Language
from multiplt.languages.julia import Julia
from multiplt.languages.lua import Lua
from multiplt.languages.ocaml import OCaml
from multiplt.languages.python import Python
from multiplt.languages.r import R
from multiplt.languages.racket import Racket

# Adding a language: one module beside this file, and one line here.
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (Python(), Lua(), Racket(), OCaml(), R(), Julia())}

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
