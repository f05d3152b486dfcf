"""The `multiplt` command: one sub-command or group per module in this package.

This module is the one place that lists the command modules; importing each registers
its commands on the shared ``app`` (``multiplt.cli.app``). The command modules never
import this module.
"""

from __future__ import annotations

import sys

import typer

from multiplt.cli import data as data_cli  # noqa: F401
from multiplt.cli import eval as eval_cli  # noqa: F401
from multiplt.cli import exec as exec_cli  # noqa: F401
from multiplt.cli import generate as generate_cli  # noqa: F401
from multiplt.cli import mine as mine_cli  # noqa: F401
from multiplt.cli import report as report_cli  # noqa: F401
from multiplt.cli import run as run_cli  # noqa: F401
from multiplt.cli import setup as setup_cli  # noqa: F401
from multiplt.cli import testgen as testgen_cli  # noqa: F401
from multiplt.cli import train as train_cli  # noqa: F401
from multiplt.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point.

    A usage error (a missing file, a bad option value) is printed as click's plain text,
    not Typer's Rich panel: the panel wraps the message at the terminal width, and a
    one-line error must stay one line.
    """
    try:
        code = app(standalone_mode=False)
    except _CLICK_EXCEPTION as error:
        if type(error).__name__ != "NoArgsIsHelpError":  # its help is printed already (Typer does the same)
            error.show()  # type: ignore[attr-defined]
        sys.exit(error.exit_code)  # type: ignore[attr-defined]
    except typer.Abort:
        typer.echo("Aborted!", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


# click's base exception; Typer vendors click in some versions, so it is found from a public subclass.
_CLICK_EXCEPTION: type[Exception] = next(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException")
