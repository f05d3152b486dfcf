"""Stages written for the Ray tests and benchmark (not part of multiplt)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from multiplt.pipeline import Context, Stage
from multiplt.program import Program
from multiplt.records import Record


class SandboxOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    work: int = 0


class SandboxSquare(Stage):
    """Squares ``n`` in a Python program run in ``ctx.sandbox``; drops multiples of 11.

    ``work`` adds a loop of that many steps to each program: a sandbox-heavy stage.
    """

    name = "sandbox_square"
    Options = SandboxOptions

    def __init__(self, work: int = 0) -> None:
        super().__init__()
        self.work = work

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        programs = [Program("py", f"s = 0\nfor i in range({self.work}):\n    s += i\n"
                                  f"assert {record['n']} % 11 != 0\nprint({record['n']} * {record['n']})\n")
                    for record in batch]
        for record, verdict in zip(batch, ctx.sandbox.map(programs), strict=True):
            if not verdict.passed:
                ctx.drop("multiple_of_eleven")
                continue
            yield record.derive({"n": record["n"], "square": int(verdict.stdout)}, stage=ctx.stage)
