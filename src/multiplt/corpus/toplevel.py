"""A file's top-level functions and imports, parsed without parsing the rest of the file.

Mining needs only the top-level ``def`` statements of a file and its top-level imports, yet
``ast.parse`` of the whole file was most of mining's cost: on the standard library, classes,
tests and module code are most of the text. `parse_top_level` hands the parser a copy of the
file in which every other line is blank, so line and column numbers stay the file's own
(3.4x faster than a whole parse on the standard library).

A top-level statement starts in column 0 (form feeds aside) on a line that is neither blank,
a comment nor inside a string literal spanning lines; one regular-expression scan finds those
strings. A statement runs to the next start, and decorators belong to the statement under
them. Where that cut is wrong (a column-0 line inside brackets, say), the copy does not parse,
or a decorator is followed by no ``def`` or ``class``, and the whole file is parsed instead, so a file that parses gives exactly the nodes a whole
parse gives. Like the reference's tree-sitter extraction, a function that parses is kept
even when another statement of its file does not (a Python 2 class beside it).
"""

from __future__ import annotations

import ast
import re

_TOP_LEVEL_DEF = re.compile(r"^\f*(?:async[ \t]+)?def[ \t]", re.MULTILINE)
# Comments first, so quotes inside them are not strings; the earliest match wins, as in the tokenizer.
_COMMENT_OR_STRING = re.compile(
    r"#[^\n]*"
    r"|[rRbBuUfF]{0,2}(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')",
    re.DOTALL,
)
_KEPT = ("def ", "def\t", "async ", "async\t", "import ", "import\t", "from ", "from\t")
_DECORATED = ("def ", "def\t", "async ", "async\t", "class ", "class\t")


def has_top_level_def(text: str) -> bool:
    """Whether ``text`` may define a top-level function (a cheap look: a ``def`` line in column 0)."""
    return _TOP_LEVEL_DEF.search(text) is not None


def parse_top_level(text: str, lines: list[str]) -> ast.Module:
    """The file's top-level functions and imports (and nothing else of its top level), as ``ast.parse`` gives them.

    ``lines`` are ``text``'s lines as the parser numbers them (`pyparse.source_lines`).
    Raises what ``ast.parse`` of the whole file raises when neither parse succeeds.
    """
    masked = _masked(text, lines)
    if masked is not None:
        try:
            return ast.parse(masked)
        except SyntaxError:
            pass
    return ast.parse(text)


def _masked(text: str, lines: list[str]) -> str | None:
    """``lines`` joined again with every line outside a kept statement blank; None when the cut is in doubt."""
    starts = _statement_starts(text, lines)
    kept = [""] * len(lines)
    decorated: int | None = None
    for position, line_index in enumerate(starts):
        line = lines[line_index].lstrip("\f")
        if line.startswith("@"):
            decorated = line_index if decorated is None else decorated
            continue
        if decorated is not None and not line.startswith(_DECORATED):
            return None  # a decorator's own column-0 continuation line was taken for a statement
        first, decorated = (line_index if decorated is None else decorated), None
        if line.startswith(_KEPT):
            end = starts[position + 1] if position + 1 < len(starts) else len(lines)
            kept[first:end] = lines[first:end]
    return "\n".join(kept)


def _statement_starts(text: str, lines: list[str]) -> list[int]:
    """Indices of the lines that start a top-level statement (column 0, outside multi-line strings)."""
    spans = [(match.start(), match.end()) for match in _COMMENT_OR_STRING.finditer(text) if "\n" in match.group()]
    starts: list[int] = []
    offset = 0
    span = 0
    for index, line in enumerate(lines):
        stripped = line.lstrip("\f")
        if stripped and stripped[0] not in " \t\r#\\)]}":  # no statement starts with a closing bracket
            while span < len(spans) and spans[span][1] <= offset:
                span += 1
            if not (span < len(spans) and spans[span][0] < offset):
                starts.append(index)
        offset = _next_line_offset(text, offset, line)
    return starts


def _next_line_offset(text: str, offset: int, line: str) -> int:
    """Where the line after ``line`` (which starts at ``offset``) starts: past its line end."""
    end = offset + len(line)
    if text.startswith("\r\n", end):
        return end + 2
    return end + 1
