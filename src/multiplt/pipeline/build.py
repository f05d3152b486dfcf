"""From a validated run config to a source and a chain of constructed stages.

Errors found here (an unknown stage kind, bad stage options, a duplicate stage name)
are :class:`ConfigError` lines that point at the key and line in the config file,
like the errors found while loading it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from multiplt.config import ConfigError, RunConfig, validation_problems
from multiplt.pipeline.registry import UnknownKindError, resolve_source, resolve_stage
from multiplt.pipeline.runner import SOURCE_FOLDER
from multiplt.pipeline.sources import Source
from multiplt.pipeline.stage import MissingDependencyError, Stage


def build_source(config: RunConfig) -> Source:
    """The configured source; a run config without ``[source]`` is an error."""
    origin = config.origin
    if config.source is None:
        raise ConfigError([origin.problem(("source",), "missing: a run needs a [source] table with a path")])
    try:
        cls = resolve_source(config.source.kind)
    except UnknownKindError as error:
        raise ConfigError([origin.problem(("source", "kind"), str(error))]) from None
    options = config.source.options
    if cls.Options is not None:
        try:
            options = cls.Options.model_validate(options).model_dump()
        except ValidationError as error:
            raise ConfigError(validation_problems(error, origin, cls.Options, ("source", "options"))) from None
    try:
        return cls(Path(config.source.path), limit=config.source.limit, **options)
    except (TypeError, ValueError) as error:
        raise ConfigError([origin.problem(("source", "options"), str(error))]) from None


def build_stages(config: RunConfig) -> list[tuple[str, Stage]]:
    """Each configured stage, constructed with its options, paired with its folder name."""
    origin = config.origin
    problems: list[str] = []
    chain: list[tuple[str, Stage]] = []
    seen: set[str] = {SOURCE_FOLDER, "cache", "_done"}
    for position, section in enumerate(config.stages):
        try:
            cls = resolve_stage(section.kind)
        except UnknownKindError as error:
            problems.append(origin.problem(("stages", position, "kind"), str(error)))
            continue
        name = section.name or cls.stage_name()
        if name in seen:
            problems.append(origin.problem(("stages", position), f"stage name {name!r} is used twice or reserved; "
                                                                 "give this stage a distinct name = \"...\""))
            continue
        seen.add(name)
        options = section.options
        if cls.Options is not None:
            try:
                options = cls.Options.model_validate(options).model_dump()
            except ValidationError as error:
                problems.extend(validation_problems(error, origin, cls.Options, ("stages", position, "options")))
                continue
        try:
            chain.append((name, cls(**options)))
        except MissingDependencyError as error:
            problems.append(origin.problem(("stages", position, "kind"), str(error)))
        except (TypeError, ValueError) as error:
            problems.append(origin.problem(("stages", position, "options"), str(error)))
    if problems:
        raise ConfigError(problems)
    return chain
