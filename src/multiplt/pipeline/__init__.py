"""The pipeline core: stages, parts on disk, sources, the local runner, and runs.

A run is a source and a chain of stages over a run folder ``runs/<name>/``; see
``docs/architecture.md``. Stage authors need :class:`Stage`, :class:`Context`,
:class:`~multiplt.records.Record` and :func:`register_stage`.
"""

from multiplt.pipeline.registry import register_stage, resolve_stage
from multiplt.pipeline.runner import LocalRunner, StageFailed, StageSummary
from multiplt.pipeline.sources import JsonlSource, PartsSource, Source, SourceError
from multiplt.pipeline.stage import Context, MissingDependencyError, Stage

__all__ = [
    "Context",
    "JsonlSource",
    "LocalRunner",
    "MissingDependencyError",
    "PartsSource",
    "Source",
    "SourceError",
    "Stage",
    "StageFailed",
    "StageSummary",
    "register_stage",
    "resolve_stage",
]
