"""MultiPL-E's files on disk: problems (JSONL), completions and results (JSON, usually gzipped).

Reading is lenient where MultiPL-E and the tools that copy its format differ (plain
``.json`` or ``.json.gz``, ``racket`` or ``rkt``, a name only in the file name) and strict
where a wrong guess would change a score: a field that is missing or of the wrong type
is a `BadInputError` naming the file and the field. Writing is atomic: a file exists
only whole, so an interrupted run never leaves a half-written one behind.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multiplt.io import atomic_open, read_jsonl
from multiplt.languages.registry import UnknownLanguageError, get_language

COMPLETIONS_SUFFIXES = (".json.gz", ".json")
RESULTS_SUFFIXES = (".results.json.gz", ".results.json")
# Files `eval summary` writes beside completions: never read back as completions.
SUMMARY_NAMES = frozenset({"summary.json", "summary-by-problem.json"})


class BadInputError(ValueError):
    """A file (or one record in it) that cannot be used, and why."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


def read_json(path: Path) -> Any:
    """Parse a ``.json`` or ``.json.gz`` file; any failure is a one-line `BadInputError`."""
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise BadInputError(path, f"not a readable gzip file ({error or 'truncated'})") from None
    except json.JSONDecodeError as error:
        raise BadInputError(path, f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except UnicodeDecodeError as error:
        raise BadInputError(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise BadInputError(path, error.strerror or str(error)) from None


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON (gzipped if ``path`` ends in ``.gz``), whole or not at all."""
    compact = path.name.endswith(".gz")
    with atomic_open(path, "w") as handle:
        json.dump(data, handle, indent=None if compact else 2)


def language_code(value: Any) -> str:
    """Our code for a MultiPL-E ``language`` value: ``racket`` -> ``rkt``, ``humaneval_to_r.py`` -> ``r``.

    Raises `UnknownLanguageError` for a language no module handles.
    """
    if not isinstance(value, str):
        raise UnknownLanguageError(value)
    text = value.strip().lower()
    # Older MultiPL-E files name the translator script instead of the language.
    if text.startswith("humaneval_to_") and text.endswith(".py"):
        text = text[len("humaneval_to_") : -len(".py")]
    return get_language(text).code


def problem_name_from_path(path: Path) -> str:
    """``HumanEval_23_strlen.json.gz`` -> ``HumanEval_23_strlen`` (results suffixes too)."""
    for suffix in RESULTS_SUFFIXES + COMPLETIONS_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def results_path(completions_path: Path) -> Path:
    """Where a completions file's results go, as MultiPL-E names them (gzipped iff the input is)."""
    name = problem_name_from_path(completions_path)
    suffix = ".results.json.gz" if completions_path.name.endswith(".gz") else ".results.json"
    return completions_path.with_name(name + suffix)


def _is_completions_file(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and name.endswith(COMPLETIONS_SUFFIXES)
        and not name.endswith(RESULTS_SUFFIXES)
        and not name.startswith(".")
        and name not in SUMMARY_NAMES
    )


def find_completion_files(root: Path) -> list[Path]:
    """Completion files under ``root`` (a file, or a folder searched recursively), sorted."""
    if root.is_file():
        return [root]
    return sorted(path for path in root.rglob("*.json*") if _is_completions_file(path))


def find_results_files(root: Path) -> list[Path]:
    """Results files under ``root`` (a file, or a folder searched recursively), sorted."""
    if root.is_file():
        return [root]
    return sorted(
        path for path in root.rglob("*.results.json*") if path.is_file() and path.name.endswith(RESULTS_SUFFIXES)
    )


@dataclass(frozen=True)
class CompletionsFile:
    """One problem's completions, checked: everything ``eval score`` needs from the file."""

    path: Path
    fields: dict[str, Any]  # every field as read, ``completions`` excluded
    name: str
    language: str  # our code: "lua", "rkt", ...
    prompt: str
    tests: str
    completions: tuple[str, ...]


def _string_field(data: dict[str, Any], key: str, path: Path) -> str:
    if key not in data:
        raise BadInputError(path, f"missing field {key!r}")
    value = data[key]
    if not isinstance(value, str):
        raise BadInputError(path, f"field {key!r} is {type(value).__name__}, not a string")
    return value


def parse_completions(path: Path, data: Any) -> CompletionsFile:
    """Check a completions file's content; a `BadInputError` names the first problem found.

    Accepts MultiPL-E's own files and those of tools copying the format (bigcode's harness
    writes plain ``.json`` without ``stop_tokens`` or ``temperature``): only ``language``,
    ``prompt``, ``tests`` and ``completions`` are required; ``name`` falls back to
    ``problem`` and then to the file name.
    """
    if not isinstance(data, dict):
        raise BadInputError(path, f"expected a JSON object, found {type(data).__name__}")
    if "language" not in data:
        raise BadInputError(path, "missing field 'language'")
    try:
        language = language_code(data["language"])
    except UnknownLanguageError as error:
        raise BadInputError(path, str(error)) from None
    prompt = _string_field(data, "prompt", path)
    tests = _string_field(data, "tests", path)
    if "completions" not in data:
        raise BadInputError(path, "missing field 'completions'")
    completions = data["completions"]
    if not isinstance(completions, list):
        raise BadInputError(path, f"field 'completions' is {type(completions).__name__}, not a list")
    for index, completion in enumerate(completions):
        if not isinstance(completion, str):
            raise BadInputError(path, f"completions[{index}] is {type(completion).__name__}, not a string")
    name = data.get("name", data.get("problem"))
    if not isinstance(name, str) or not name:
        name = problem_name_from_path(path)
    fields = {key: value for key, value in data.items() if key != "completions"}
    return CompletionsFile(path, fields, name, language, prompt, tests, tuple(completions))


def read_completions(path: Path) -> CompletionsFile:
    """Read and check one completions file."""
    return parse_completions(path, read_json(path))


@dataclass(frozen=True)
class ProblemsFile:
    """The problems of one problems file, and one line per record that was skipped."""

    path: Path
    problems: list[dict[str, Any]]
    skipped: list[str]


def _check_problem(problem: Any) -> str | None:
    """Why a problem record is unusable, or None if it is fine."""
    if not isinstance(problem, dict):
        return f"expected a JSON object, found {type(problem).__name__}"
    for key in ("name", "language", "prompt", "tests"):
        if key not in problem:
            return f"missing field {key!r}"
        if not isinstance(problem[key], str):
            return f"field {key!r} is {type(problem[key]).__name__}, not a string"
    try:
        language_code(problem["language"])
    except UnknownLanguageError as error:
        return str(error)
    stop = problem.get("stop_tokens")
    if stop is not None and not (isinstance(stop, list) and all(isinstance(token, str) for token in stop)):
        return "field 'stop_tokens' is not a list of strings"
    return None


def _records(path: Path, on_bad: Callable[[str], None]) -> Iterator[tuple[str, Any]]:
    """(location, record) for each record, JSONL lines or a JSON array's items; bad lines go to ``on_bad``."""
    try:
        with path.open("rb") as head:
            is_array = head.read(4096).lstrip().startswith(b"[")
        if not is_array:
            for number, record in read_jsonl(path, lambda bad: on_bad(str(bad))):
                yield f"{path}:{number}", record
            return
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(path, str(error)) from None
    except json.JSONDecodeError as error:
        raise BadInputError(path, f"invalid JSON at line {error.lineno}: {error.msg}") from None
    for index, item in enumerate(items):
        yield f"{path}: item {index}", item


def read_problems(path: Path) -> ProblemsFile:
    """Read a MultiPL-E problems file (JSONL, or an older JSON array); bad records are skipped with a reason."""
    problems: list[dict[str, Any]] = []
    skipped: list[str] = []
    for location, record in _records(path, skipped.append):
        reason = _check_problem(record)
        if reason is None:
            problems.append(record)
        else:
            skipped.append(f"{location}: {reason}")
    return ProblemsFile(path, problems, skipped)


def find_problem_files(source: Path) -> list[Path]:
    """A problems file, or every ``*.jsonl``/``*.json`` file directly in a folder, sorted."""
    if source.is_dir():
        return sorted(path for path in source.iterdir() if path.is_file() and path.suffix in (".jsonl", ".json"))
    if not source.exists():
        raise BadInputError(source, "no such file or folder")
    return [source]
