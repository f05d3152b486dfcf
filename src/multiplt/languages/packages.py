"""The Debian packages the registered languages' runtimes need; run, prints them on one line.

The Makefile's ``system-packages`` target runs it before the virtual environment
exists, with the system ``python3`` and no site-packages::

    PYTHONPATH=src python3 -S -m multiplt.languages.packages

so this module, the registry and the language modules import only the standard
library (tests/languages/test_packages.py runs it that way). `.ci/run` asks it
``--packaged-codes``: the languages whose runtimes a CI run must have.
"""

from __future__ import annotations

import sys
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


def packaged_codes() -> list[str]:
    """The codes of the languages whose runtimes Debian packages (so `make` installs and CI requires them)."""
    return [code for code, language in LANGUAGES.items() if language.debian_packages]


def main(argv: list[str] | None = None) -> None:
    """Print the registry's Debian packages, space-separated; with ``--packaged-codes``,
    the codes of the languages that have some, comma-separated (`.ci/run` requires those runtimes)."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--packaged-codes"]):
        sys.exit("usage: python3 -S -m multiplt.languages.packages [--packaged-codes]")
    print(",".join(packaged_codes()) if args else " ".join(debian_packages()))


if __name__ == "__main__":
    main()
