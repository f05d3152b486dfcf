"""The report highlights each registered language with the Pygments lexer of its name."""

from __future__ import annotations

import pytest
from pygments.lexers import get_lexer_by_name

from multiplt.languages import LANGUAGES
from multiplt.report.render import highlight_code, lexer_name


@pytest.mark.parametrize(("code", "lexer"), [("py", "Python"), ("lua", "Lua"), ("rkt", "Racket"), ("racket", "Racket"),
                                             ("ml", "OCaml"), ("r", "S"), ("jl", "Julia")])  # fmt: skip
def test_each_language_gets_its_own_lexer(code: str, lexer: str) -> None:
    assert get_lexer_by_name(lexer_name(code)).name == lexer


def test_every_registered_language_has_a_lexer() -> None:
    for language in LANGUAGES.values():
        assert get_lexer_by_name(lexer_name(language.code)).name != "Text only", language.name


def test_highlighted_code_is_escaped_and_tokenised() -> None:
    html = highlight_code('(define (f x) "<b>")', "rkt")
    assert "&lt;b&gt;" in html and 'class="code"' in html and "<span" in html
