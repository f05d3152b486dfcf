"""The Debian packages the registered languages' runtimes need; run, prints them on one line.

The Makefile's ``system-packages`` target runs it before the virtual environment
exists, with the system ``python3`` and no site-packages::

    PYTHONPATH=src python3 -S -m multiplt.languages.packages

so this module, the registry and the language modules import only the standard
library (tests/languages/test_packages.py runs it that way).
"""

from __future__ import annotations

from collections.abc import Iterable

from multiplt.languages.base import Language
from multiplt.languages.registry import LANGUAGES


def debian_packages(languages: Iterable[Language] | None = None) -> list[str]:
    """Every package the languages (default: all registered) declare, once each, in registry order."""
    found: dict[str, None] = {}
    for language in LANGUAGES.values() if languages is None else languages:
        found.update(dict.fromkeys(language.debian_packages))
    return list(found)


def install_hint(language: Language) -> str:
    """How to install ``language``'s runtime: its apt-get line, else its module's note."""
    if language.debian_packages:
        return f"apt-get install -y {' '.join(language.debian_packages)}"
    return str(language.install_note)


def main() -> None:
    """Print the registry's Debian packages, space-separated."""
    print(" ".join(debian_packages()))


if __name__ == "__main__":
    main()
