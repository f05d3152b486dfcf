"""The Stage protocol: a named, one-method transform over a batch of records.

Borrowed from datatrove's pipeline steps: a stage implements :meth:`Stage.process`
(records in, records out) and says why it drops what it drops through the context's
counters (``ctx.drop("no_docstring")``). The runner counts records in and out; a stage
only names its reasons. A stage that needs optional packages lists them in
``requires`` and fails at construction with the exact ``pip install`` line.
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from multiplt.pipeline.resources import Resources, cache_folder
from multiplt.records import Record

if TYPE_CHECKING:
    from multiplt.storage import RunPath
    from multiplt.llm.base import Backend
    from multiplt.sandbox.sandbox import Sandbox


class MissingDependencyError(ImportError):
    """A stage needs a package that is not installed; the message says how to install it."""


@dataclass
class Context:
    """What a stage sees besides its batch: where the run lives, its counters, its resources.

    ``counters`` holds ``dropped.<reason>`` and any other named counts a stage keeps;
    the runner adds them up per stage and prints them in the summary line.
    ``ctx.llm`` and ``ctx.sandbox`` are the worker process's LLM backend and sandbox,
    opened on first use from the run config's ``[llm]`` and ``[sandbox]`` and kept
    for every later part; see :mod:`multiplt.pipeline.resources` for an example.
    """

    stage: str
    run_dir: RunPath
    """The run folder: a `Path`, or a ``UPath`` on object storage (write files in it with
    `multiplt.io.atomic_write_text` and friends, which handle both)."""
    part: int = 0
    counters: Counter[str] = field(default_factory=Counter)
    resources: Resources = field(default_factory=lambda: Resources(None))
    input_folder: RunPath | None = None
    """The folder of the stage's input parts, every part of it done (the runner starts a stage only
    after the one before it is complete); None outside a runner. A stage that decides over its
    whole input (a global dedup) reads it from here."""

    @property
    def llm(self) -> Backend:
        """The worker's LLM backend (``[llm]``); hand it a whole batch of requests at once."""
        return self.resources.llm

    @property
    def sandbox(self) -> Sandbox:
        """The worker's sandbox (``[sandbox]``), warm workers kept across parts."""
        return self.resources.sandbox

    def drop(self, reason: str, n: int = 1) -> None:
        """Count ``n`` records dropped for ``reason`` (a short snake_case word)."""
        self.counters[f"dropped.{reason}"] += n

    def count(self, name: str, n: int = 1) -> None:
        """Count anything else worth reporting (``"llm_requests"``, ``"asserts_kept"``)."""
        self.counters[name] += n

    def cache_path(self, name: str) -> Path:
        """A file in the run's shared cache folder (``llm.sqlite``, ``exec.sqlite``).

        SQLite needs a local disk: for a run folder on object storage the cache folder is
        this node's local mirror of it (`multiplt.storage.local_mirror`), one per node.
        """
        folder = cache_folder(self.run_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name


class Stage(ABC):
    """A named transform over batches of records.

    Subclasses implement :meth:`process`. Options come in as keyword arguments; a
    subclass that declares ``Options`` (a pydantic model) gets them validated from the
    run config with errors naming the key and line. ``setup``/``teardown`` bracket the
    work on one part; the LLM backend and the sandbox are not opened there but come
    from ``ctx.llm`` and ``ctx.sandbox``, opened once per worker process.
    """

    name: ClassVar[str] = ""
    batch_size: int | None = None
    """Records per call of this stage, overriding ``run.batch_size`` (a stage whose per-call
    cost is fixed, as a type-checker run, wants larger calls); None: the run's."""
    requires: ClassVar[tuple[str, ...]] = ()
    install_hint: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel] | None] = None

    def __init__(self, **options: Any) -> None:
        missing = [module for module in self.requires if importlib.util.find_spec(module) is None]
        if missing:
            hint = self.install_hint or f"pip install {' '.join(missing)}"
            raise MissingDependencyError(
                f"stage {self.stage_name()!r} needs {', '.join(missing)}, which is not installed; run: {hint}"
            )
        if options:
            raise TypeError(f"stage {self.stage_name()!r} takes no options, got: {', '.join(sorted(options))}")

    @classmethod
    def stage_name(cls) -> str:
        """The stage's default name: ``name`` if set, else the class name."""
        return cls.name or cls.__name__

    def setup(self, ctx: Context) -> None:
        """Prepare for one part (cheap per-part state); called in the worker before its first batch."""

    def teardown(self) -> None:
        """Release what :meth:`setup` opened; called after the last batch of a part, even on error."""

    @abstractmethod
    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        """Transform one batch: return (or yield) the records that go on to the next stage."""

    def __call__(self, batch: list[Record], ctx: Context) -> list[Record]:
        outputs = list(self.process(batch, ctx))
        for output in outputs:
            if not isinstance(output, Record):
                raise TypeError(
                    f"stage {self.stage_name()!r} returned {type(output).__name__}, not Record; "
                    "make outputs with record.derive(data, stage=...)"
                )
        return outputs
