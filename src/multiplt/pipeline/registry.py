"""Names for stages and sources, so a run config can say ``kind = "..."``.

A kind is a registered name or an import path ``package.module:ClassName``. Built-in
kinds map to import paths and are imported only when used, so a run that does not use
a heavy stage never imports its packages. Adding a built-in stage: one line in
``BUILTIN_STAGES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

from multiplt.pipeline.sources import Source
from multiplt.pipeline.stage import Stage

BUILTIN_STAGES: dict[str, str] = {
    "mine": "multiplt.corpus.mine:MineStage",
    "mine_dedup": "multiplt.corpus.dedup_stage:MineDedupStage",
    "testgen": "multiplt.testgen.stage:TestgenStage",
    "translate": "multiplt.translate.stages:TranslateStage",
    "generate": "multiplt.translate.stages:GenerateStage",
    "validate": "multiplt.translate.stages:ValidateStage",
    "dedup": "multiplt.translate.stages:DedupStage",
    "dataset": "multiplt.dataset.stage:DatasetStage",
}

BUILTIN_SOURCES: dict[str, str] = {
    "jsonl": "multiplt.pipeline.sources:JsonlSource",
    "parts": "multiplt.pipeline.sources:PartsSource",
    "python": "multiplt.corpus.files:PythonFilesSource",
    "git": "multiplt.corpus.readers:GitSource",
    "stack": "multiplt.corpus.readers:StackSource",
    "hf": "multiplt.corpus.readers:HFDatasetSource",
}

_registered_stages: dict[str, type[Stage]] = {}

StageClass = TypeVar("StageClass", bound=type[Stage])


class UnknownKindError(LookupError):
    """A config names a stage or source kind that nothing provides."""


def register_stage(name: str) -> Callable[[StageClass], StageClass]:
    """Class decorator: make a stage available to run configs as ``kind = name``."""

    def register(cls: StageClass) -> StageClass:
        _registered_stages[name] = cls
        return cls

    return register


def stage_kinds() -> list[str]:
    """Every stage name a config may use without an import path."""
    return sorted(set(BUILTIN_STAGES) | set(_registered_stages))


def _import_path(path: str, what: str, known: list[str]) -> type:
    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise UnknownKindError(f"unknown {what} kind {path!r}; known: {', '.join(known) or '(none yet)'}; "
                               "or give an import path 'package.module:ClassName'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise UnknownKindError(f"{what} kind {path!r}: cannot import {module_name}: {error}") from None
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise UnknownKindError(f"{what} kind {path!r}: {module_name} has no {attribute}") from None


def resolve_stage(kind: str) -> type[Stage]:
    """The stage class for a registered name, a built-in name, or ``module:Class``."""
    if kind in _registered_stages:
        return _registered_stages[kind]
    cls = _import_path(BUILTIN_STAGES.get(kind, kind), "stage", stage_kinds())
    if not (isinstance(cls, type) and issubclass(cls, Stage)):
        raise UnknownKindError(f"stage kind {kind!r} is {cls!r}, not a Stage subclass")
    return cls


def resolve_source(kind: str) -> type[Source]:
    """The source class for a built-in name (``jsonl``, ``parts``, ``python``, ``git``, ``stack``, ``hf``) or ``module:Class``."""
    cls = _import_path(BUILTIN_SOURCES.get(kind, kind), "source", sorted(BUILTIN_SOURCES))
    if not (isinstance(cls, type) and issubclass(cls, Source)):
        raise UnknownKindError(f"source kind {kind!r} is {cls!r}, not a Source subclass")
    return cls
