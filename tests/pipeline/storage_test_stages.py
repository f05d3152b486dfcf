"""A stage for the object-storage tests: drops odd numbers and logs each drop with `DropLog`."""

from __future__ import annotations

from collections.abc import Iterator

from multiplt.pipeline import Context, Stage
from multiplt.pipeline.droplog import DropLog
from multiplt.records import Record


class DropOdd(Stage):
    """Keeps even ``n``; each odd one is counted and written to ``<stage>/_dropped/part-N.jsonl``."""

    name = "drop_odd"

    def __init__(self) -> None:
        super().__init__()
        self.drops = DropLog()
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        self._ctx = ctx

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        for record in batch:
            if record["n"] % 2:
                self.drops.add(ctx, "odd", f"{record['n']} is odd", n=record["n"])
                continue
            yield record.derive({"n": record["n"], "half": record["n"] // 2}, stage=ctx.stage)

    def teardown(self) -> None:
        if self._ctx is not None:
            self.drops.write(self._ctx)
