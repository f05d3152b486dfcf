"""The run config: pydantic models of a TOML file, with errors that name key, file and line.

``load_config(path, overrides)`` reads the TOML with :mod:`tomllib`, applies command-line
overrides (dotted keys such as ``run.jobs``), and validates strictly: an unknown key, a
value of the wrong type, or an input file that does not exist is a :class:`ConfigError`
whose lines read ``quickstart.toml:12: run.jobs: expected an integer, got "four"``.
tomllib gives no positions, so :func:`key_lines` finds each key's line itself.

Relative input paths (``source.path``) are taken from the config file's folder;
``run.runs_dir`` is taken from the current directory, unless it is a URL such as
``s3://bucket/prefix`` (object storage, see :mod:`multiplt.storage`).
"""

from __future__ import annotations

import tomllib
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo
from pydantic_core import ErrorDetails, PydanticCustomError

from multiplt import storage

if typing.TYPE_CHECKING:
    from multiplt.storage import RunPath

KeyPath = tuple[str | int, ...]


class ConfigError(ValueError):
    """One or more problems with a run config; each line names the place and the key."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


HUB_PREFIX = "hf:"
"""``source.path = "hf:NAME"`` names a Hugging Face dataset the ``hf`` source streams, not a local path."""


def hub_name(path: Path | str) -> str | None:
    """The dataset name of an ``hf:NAME`` input path, else None."""
    text = str(path)
    return text[len(HUB_PREFIX):] if text.startswith(HUB_PREFIX) else None


def _existing_input(value: str, info: ValidationInfo) -> str:
    if hub_name(value) is not None:
        return value
    base = Path((info.context or {}).get("base_dir", "."))
    path = Path(value).expanduser()
    resolved = path if path.is_absolute() else base / path
    if not resolved.exists():
        raise PydanticCustomError("file_not_found", "file not found: {path}", {"path": str(resolved)})
    return str(resolved.resolve())


InputPath = Annotated[str, AfterValidator(_existing_input)]
"""A path to an input that must exist; relative to the config file's folder."""


def _base_urls(value: Any) -> str | list[str] | None:
    if value is None:
        return None
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not urls:
        raise PydanticCustomError("base_url_type", f"expected a URL or a non-empty array of URLs, got {value!r}")
    for url in urls:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise PydanticCustomError("base_url_scheme", f"expected an http:// or https:// URL, got {url!r}")
    return value


BaseUrls = Annotated[str | list[str] | None, BeforeValidator(_base_urls)]
"""One OpenAI-compatible API root (a TOML string) or several (an array of them), kept as written."""


def _runs_location(value: str) -> str:
    problem = storage.location_problem(value)
    if problem is not None:
        raise PydanticCustomError("runs_dir_storage", problem)
    return value


RunsLocation = Annotated[str, AfterValidator(_runs_location)]
"""A local folder, or a URL of a folder on object storage whose fsspec filesystem is installed."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_default=False)


class RunSection(_Section):
    """``[run]``: where the run lives and how it is split up."""

    name: str = Field("run", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", description="folder name under runs_dir")
    runs_dir: RunsLocation = Field("runs", description="parent folder of run folders, relative to the current "
                                                       "directory; or a URL on object storage, s3://bucket/prefix "
                                                       "(pip install 'multiplt[s3]')")
    storage_options: dict[str, Any] | None = Field(None, description="options of runs_dir's fsspec "
                                            "filesystem when it is a URL (s3: endpoint_url, profile, ...); saved in "
                                            "config.toml, so keep credentials in the environment")
    runner: Literal["local", "ray"] = Field("local", description="where parts run (pipeline/scheduler.py): 'local' is "
                                                                 "this process, or a process pool when jobs > 1; "
                                                                 "'ray' is actors on a Ray cluster")
    address: str | None = Field(None, description="runner 'ray': the cluster (host:port of `ray start --head`, "
                                                  "ray://host:10001, or auto); none starts a local Ray")
    jobs: int = Field(0, ge=0, description="worker processes; 0 means one per core (at most run.cores); runner "
                                           "'ray': actors, 0 means one per cluster CPU share")
    cores: int = Field(0, ge=0, description="cores the whole run may use (workers x sandbox programs, llama.cpp "
                                            "threads); 0 means every core this process may run on")
    part_size: int = Field(1000, ge=1, description="records per Parquet part")
    batch_size: int = Field(100, ge=1, description="records per call of a stage")

    @property
    def run_dir(self) -> RunPath:
        """``runs_dir/name``: a `Path`, or a ``UPath`` when ``runs_dir`` is a URL."""
        return storage.run_path(self.runs_dir, self.storage_options) / self.name


class SourceSection(_Section):
    """``[source]``: the records the first stage reads."""

    kind: str = Field("jsonl", description="'jsonl' (file or folder), 'parts' (a stage folder), 'python' (.py files: a file, a folder, or a .txt list; 'stdlib:PATH' lines), 'git' (the .py files of a checkout at HEAD), 'stack' (JSONL/Parquet rows with The Stack's columns), 'hf' (a datasets folder saved with save_to_disk, or hf:NAME: a dataset streamed with load_dataset), or module:Class")
    path: InputPath
    limit: int | None = Field(None, ge=1, description="read at most this many records")
    options: dict[str, Any] = Field(default_factory=dict, description="the source kind's own keys (git: license; stack, hf: column names, license; hf: split, config_name, data_dir)")


class StageSection(_Section):
    """One ``[[stages]]`` entry: a stage kind, an optional folder name, and its options."""

    kind: str
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    options: dict[str, Any] = Field(default_factory=dict)


class LLMSection(_Section):
    """``[llm]``: the backend that stages and commands sample from."""

    backend: Literal["llamacpp", "openai", "vllm", "transformers", "replay"] = "llamacpp"
    model: str | None = Field(None, description="model name or path; none = the embedded 270M GGUF (llamacpp); the replay file (replay)")
    base_url: BaseUrls = Field(None, description="for backend 'openai': e.g. http://localhost:8000/v1, or an "
                                                 "array of servers to balance requests across")
    api_key_env: str = Field("OPENAI_API_KEY", description="environment variable holding the API key")
    chat: bool = Field(False, description="backend 'openai': use /chat/completions instead of /completions")
    seed: int | None = Field(None, description="seed of requests that carry none (sample i gets seed + i)")
    concurrency: int = Field(8, ge=1, description="backend 'openai': requests in flight at once, per worker")
    timeout_s: float = Field(600.0, gt=0, description="backend 'openai': seconds to wait for one answer")
    retries: int = Field(5, ge=0, description="backend 'openai': retries of a failed request, with backoff")
    n_ctx: int = Field(4096, ge=64, description="backend 'llamacpp': context window in tokens")
    threads: int = Field(0, ge=0, description="backend 'llamacpp': CPU threads per worker; 0 means the "
                                              "worker's share of run.cores")
    cache: bool = Field(True, description="cache completions in runs/<name>/cache/llm.sqlite")


class SandboxSection(_Section):
    """``[sandbox]``: how generated programs are run."""

    isolation: Literal["warm", "process"] = "warm"
    jobs: int = Field(0, ge=0, description="parallel programs per worker process; 0 means the worker's share "
                                           "of run.cores")
    cache: bool = Field(True, description="cache verdicts in runs/<name>/cache/exec.sqlite")


class RunConfig(_Section):
    """A whole run config file."""

    run: RunSection = Field(default_factory=RunSection)
    source: SourceSection | None = None
    stages: list[StageSection] = Field(default_factory=list)
    llm: LLMSection = Field(default_factory=LLMSection)
    sandbox: SandboxSection = Field(default_factory=SandboxSection)

    _origin: ConfigOrigin | None = PrivateAttr(default=None)

    @property
    def origin(self) -> ConfigOrigin:
        """Where each key came from, for errors found after loading (stage options)."""
        return self._origin or ConfigOrigin(None, "", {})

    def resolved(self) -> dict[str, Any]:
        """The config as plain data, with every default filled in (what a run folder saves)."""
        return self.model_dump(mode="json", exclude_none=True)


# --- where keys are --------------------------------------------------------------


def _split_key(text: str) -> list[str]:
    """``a."b.c".d`` -> ``["a", "b.c", "d"]``."""
    keys: list[str] = []
    current = ""
    quote: str | None = None
    for char in text.strip():
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            keys.append(current.strip())
            current = ""
        else:
            current += char
    keys.append(current.strip())
    return keys


def _key_part(line: str) -> str | None:
    quote: str | None = None
    for position, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:position]
    return None


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line of every key and table header in a TOML text.

    Array-of-tables entries get their index (``("stages", 1, "kind")``); a dotted key
    records its full path. Values spanning lines (multi-line strings) are skipped.
    """
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    array_last: dict[KeyPath, int] = {}
    open_string: str | None = None

    def resolve(keys: list[str]) -> KeyPath:
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in array_last:
                path = (*path, array_last[path])
        return path

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if open_string:
            if open_string in line:
                open_string = None
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            keys = _split_key(line[2 : line.find("]]")])
            array = (*resolve(keys[:-1]), keys[-1])
            array_last[array] = array_last.get(array, -1) + 1
            table = (*array, array_last[array])
            lines.setdefault(array, number)
            lines[table] = number
        elif line.startswith("["):
            table = resolve(_split_key(line[1 : line.find("]")]))
            lines.setdefault(table, number)
        else:
            key = _key_part(line)
            if key is None:
                continue
            lines[(*table, *_split_key(key))] = number
            value = line[len(key) + 1 :].strip()
            for delimiter in ('"""', "'''"):
                if value.startswith(delimiter) and value.count(delimiter) == 1:
                    open_string = delimiter
    return lines


def format_key(path: KeyPath) -> str:
    """``("stages", 0, "kind")`` -> ``stages[0].kind``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class ConfigOrigin:
    """Maps a key path to where it was set: ``file:line`` or the command-line flag."""

    def __init__(self, file: Path | None, text: str, flags: Mapping[KeyPath, str]) -> None:
        self.file = file
        self.lines = key_lines(text) if text else {}
        self.flags = dict(flags)

    def where(self, path: KeyPath) -> str:
        """The best place to point at for ``path``: the flag that set it, its line, or its table's line."""
        for length in range(len(path), 0, -1):
            if path[:length] in self.flags:
                return f"command line ({self.flags[path[:length]]})"
        name = str(self.file) if self.file else "config"
        for length in range(len(path), 0, -1):
            if path[:length] in self.lines:
                return f"{name}:{self.lines[path[:length]]}"
        return name

    def problem(self, path: KeyPath, message: str) -> str:
        """One error line: ``place: key: message``."""
        return f"{self.where(path)}: {format_key(path) or '(top level)'}: {message}"


# --- validation messages ------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = arguments[0] if len(arguments) == 1 else annotation
            if len(arguments) != 1:
                return annotation
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _known_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _unwrap(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


_TYPE_WORDS = {
    "int_type": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "float_type": "a number",
    "list_type": "an array",
    "dict_type": "a table",
    "model_type": "a table",
}


def describe_error(error: ErrorDetails, model: type[BaseModel]) -> str:
    """A short message for one pydantic error, in the config's own terms."""
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        return "unknown key" + (f" (known keys: {', '.join(known)})" if known else "")
    if kind == "missing":
        return "missing required key"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {error['input']!r}"
    message = error["msg"].removeprefix("Value error, ")
    if kind in ("literal_error", "greater_than_equal", "greater_than", "string_pattern_mismatch"):
        message += f", got {error['input']!r}"
    return message


def validation_problems(error: ValidationError, origin: ConfigOrigin, model: type[BaseModel],
                        prefix: KeyPath = ()) -> list[str]:
    """One located line per error of a pydantic validation (``prefix`` for nested option models)."""
    return [origin.problem((*prefix, *error_details["loc"]), describe_error(error_details, model))
            for error_details in error.errors()]


# --- loading ---------------------------------------------------------------------------


def parse_override(assignment: str) -> tuple[str, Any]:
    """``"run.jobs=4"`` -> ``("run.jobs", 4)``; the value is read as TOML, else kept as a string."""
    key, separator, text = assignment.partition("=")
    if not separator or not key.strip():
        raise ConfigError([f"command line (--set {assignment}): expected KEY=VALUE, e.g. run.jobs=4"])
    try:
        value = tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        value = text
    return key.strip(), value


def _path_of(dotted: str) -> KeyPath:
    return tuple(int(part) if part.isdigit() else part for part in _split_key(dotted))


def apply_overrides(data: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    """Set dotted keys (``run.jobs``, ``stages.0.options.limit``) in raw config data, in place."""
    for dotted, value in overrides.items():
        path = _path_of(dotted)
        target: Any = data
        for part in path[:-1]:
            if isinstance(part, int):
                target = target[part]
            else:
                target = target.setdefault(part, {})
        target[path[-1]] = value


def load_config(
    path: Path | None,
    overrides: Mapping[str, Any] | None = None,
    flags: Mapping[str, str] | None = None,
) -> RunConfig:
    """Read, override and validate a run config.

    ``overrides`` maps dotted keys to values; ``flags`` maps the same keys to the flag
    that set them (``{"run.jobs": "--jobs"}``), for error messages. ``path`` None means
    defaults plus overrides.
    """
    overrides = dict(overrides or {})
    text = ""
    if path is not None:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError([f"{path}: config file not found"]) from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError([f"{path}: cannot read config: {error}"]) from None
    flag_names = {_path_of(key): (flags or {}).get(key, f"--set {key}=...") for key in overrides}
    origin = ConfigOrigin(path, text, flag_names)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"{path}: invalid TOML: {error}"]) from None
    try:
        apply_overrides(data, overrides)
    except (IndexError, TypeError, AttributeError):
        bad = ", ".join(f"--set {key}" for key in overrides)
        raise ConfigError([f"command line ({bad}): no such place in the config"]) from None
    base_dir = path.parent.resolve() if path is not None else Path.cwd()
    try:
        config = RunConfig.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as error:
        raise ConfigError(validation_problems(error, origin, RunConfig)) from None
    config._origin = origin
    return config
