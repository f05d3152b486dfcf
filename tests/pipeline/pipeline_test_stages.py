"""Stages written for the pipeline tests (not part of multiplt): small, deterministic, slowable."""

from __future__ import annotations

import time
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from multiplt.pipeline import Context, Stage
from multiplt.records import Record


class SquareOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    delay_s: float = 0.0


class SquareSlowly(Stage):
    """Squares ``n``; drops multiples of 7; emits two records for multiples of 5.

    ``delay_s`` per record makes the stage slow enough to be killed half-way.
    """

    name = "square"
    Options = SquareOptions

    def __init__(self, delay_s: float = 0.0) -> None:
        super().__init__()
        self.delay_s = delay_s

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        for record in batch:
            if self.delay_s:
                time.sleep(self.delay_s)
            n = record["n"]
            if n % 7 == 0:
                ctx.drop("multiple_of_seven")
                continue
            copies = 2 if n % 5 == 0 else 1
            for copy in range(copies):
                yield record.derive({"n": n, "square": n * n, "copy": copy}, stage=ctx.stage)
            ctx.count("squared")


class DropOdd(Stage):
    """Keeps records whose ``n`` is even."""

    name = "drop_odd"

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        for record in batch:
            if record["n"] % 2:
                ctx.drop("odd")
            else:
                yield record.derive(dict(record.data), stage=ctx.stage)


class FailOn(Stage):
    """Raises on the record whose ``n`` equals ``fail_at``: a stage with a bug."""

    name = "fail_on"

    def __init__(self, fail_at: int = 0) -> None:
        super().__init__()
        self.fail_at = fail_at

    def process(self, batch: list[Record], ctx: Context) -> Iterator[Record]:
        for record in batch:
            if record["n"] == self.fail_at:
                raise ValueError(f"cannot handle n={self.fail_at}")
            yield record


class ReturnsDicts(Stage):
    """Returns plain dicts instead of records: a stage with a contract bug."""

    name = "returns_dicts"

    def process(self, batch: list[Record], ctx: Context) -> list[dict]:  # type: ignore[override]
        return [dict(record.data) for record in batch]


class NeedsMissingPackage(Stage):
    """Declares a dependency that is not installed."""

    name = "needs_missing"
    requires = ("multiplt_no_such_package_xyz",)
    install_hint = "pip install multiplt-no-such-package-xyz"

    def process(self, batch: list[Record], ctx: Context) -> list[Record]:
        return batch
