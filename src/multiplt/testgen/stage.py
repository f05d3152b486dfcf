"""The ``testgen`` stage: mined functions -> tested functions (records: docs/records.md).

A thin wrapper over `tester.generate_unit_tests`: it takes the backend and the sandbox
from the context (``ctx.llm``, ``ctx.sandbox``; or a replay file given as the option
``replay``), hands over the whole batch, and turns the library's counts into the
stage's counters: functions dropped by reason (``dropped.no_passing_test``,
``dropped.low_coverage``...), tests by reason (``tests.dropped.keyword_arguments``...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from multiplt.llm import Backend, open_backend
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests


class StageOptions(UnitTestOptions):
    """The stage's options: those of test generation, plus an optional replay file."""

    replay: str | None = Field(None, description="serve completions from this replay file instead of the run's [llm]")


class TestgenStage(Stage):
    """Mined functions -> functions with passing tests, coverage and types."""

    __test__ = False  # not a pytest class, whatever its name
    name = "testgen"
    Options: ClassVar[type[BaseModel]] = StageOptions

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self.options = StageOptions.model_validate(options)
        self._replay: Backend | None = None

    def _backend(self, ctx: Context) -> Backend:
        if self.options.replay is None:
            return ctx.llm
        if self._replay is None:
            self._replay = open_backend("replay", self.options.replay)
        return self._replay

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        settings = UnitTestOptions.model_validate(self.options.model_dump(exclude={"replay"}))
        result = generate_unit_tests([record.data for record in batch], self._backend(ctx), ctx.sandbox, settings)
        for reason, count in result.dropped.items():
            ctx.drop(reason, count)
        for name, count in result.counters.items():
            ctx.count(name, count)
        for position, data in result.kept:
            yield batch[position].derive(data, stage=ctx.stage)

    def teardown(self) -> None:
        if self._replay is not None:
            self._replay.close()
            self._replay = None
