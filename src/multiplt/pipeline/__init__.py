"""The pipeline core: stages, parts on disk, sources, the runner and its schedulers, and runs.

A run is a source and a chain of stages over a run folder ``runs/<name>/``; see
``docs/architecture.md``. Stage authors need :class:`Stage`, :class:`Context`,
:class:`~multiplt.records.Record` and :func:`register_stage`.
"""

from multiplt.pipeline.registry import register_stage, resolve_stage
from multiplt.pipeline.progress import NoProgress, ProgressReporter
from multiplt.pipeline.runner import LocalRunner, Runner, StageFailed, StageSummary
from multiplt.pipeline.scheduler import PartFailed, PartTask, Scheduler, make_scheduler, process_part
from multiplt.pipeline.sources import JsonlSource, PartsSource, Source, SourceError
from multiplt.pipeline.stage import Context, MissingDependencyError, Stage

__all__ = [
    "Context",
    "JsonlSource",
    "LocalRunner",
    "MissingDependencyError",
    "NoProgress",
    "PartFailed",
    "PartTask",
    "PartsSource",
    "ProgressReporter",
    "Runner",
    "Scheduler",
    "Source",
    "SourceError",
    "Stage",
    "StageFailed",
    "StageSummary",
    "make_scheduler",
    "process_part",
    "register_stage",
    "resolve_stage",
]
