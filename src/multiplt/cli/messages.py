"""One-line messages on stderr: never wrapped at the terminal width, never read as Rich markup.

Logs are grepped for ``path:line: reason``, so a warning or error stays one line however
long the path and however narrow the terminal. Paths and reasons come from users (a file
may be named ``[red]x.jsonl``), so they are printed as plain text, never as markup.
Commands with a live progress bar print through the bar's console so the bar stays intact.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

_LINE_BREAKS = re.compile(r"[\r\n]+")


def stderr_console() -> Console:
    """A stderr console that never wraps or highlights what it prints (progress bars use it too)."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def one_line(message: str) -> str:
    """``message`` with its line breaks turned into spaces."""
    return _LINE_BREAKS.sub(" ", message).strip()


def say(console: Console, label: str, style: str, message: str) -> None:
    """Print ``label message`` as one unwrapped line: the label styled, the message verbatim (no markup)."""
    console.print(Text.assemble((label, style), " ", one_line(message)), soft_wrap=True, highlight=False)


def error(console: Console, message: str) -> None:
    """``error: message`` on one line."""
    say(console, "error:", "red", message)


def warning(console: Console, message: str) -> None:
    """``warning: message`` on one line."""
    say(console, "warning:", "yellow", message)
