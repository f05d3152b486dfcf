"""The replay backend: completions recorded in a file, served as if a model wrote them.

A stage can then run on generations made elsewhere (another machine, a published
results folder), and tests get exact, hand-written model output. The file is JSONL;
each line is one of

    {"prompt": "...", "completions": ["...", ...]}          keyed by the exact prompt
    {"name": "f", "completions": ["...", ...]}              keyed by name, sample i = list item i
    {"name": "f", "index": 3, "completion": "..."}          one sample of a name
    {"prompt": "...", "index": 0, "completion": "..."}      one sample of a prompt

A request is answered from its prompt's entry if there is one, else from the entry of
``Request.name`` (the function or problem the prompt is for). Sample ``i`` of a request
is recorded sample ``i``; the request's stop sequences are applied, as for a model.
The model may also be a folder of MultiPL-E completions files (``<name>.json.gz``, as
``eval generate`` and MultiPL-E write them): each file's completions are keyed by its
problem name and by its prompt, so published or earlier generations answer requests by
``Request.name``. Files of several languages share problem names; such a name answers
nothing (the request must match a prompt), so samples of one language never answer
another's request.
Files that cannot be read are skipped with ``file: reason``, like malformed lines.
Lines that cannot be read are counted and skipped with ``file:line`` and a reason
(`ReplayBackend.malformed`); a request the file cannot answer raises `BackendError`
naming it, or with ``on_missing="short"`` gets the samples there are (maybe none),
counted in ``ReplayBackend.missing``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from multiplt.io import read_jsonl
from multiplt.llm.base import BackendError, Request, Stats
from multiplt.llm.stop import truncate_at_stop
from multiplt.multiple_files import BadInputError, find_completion_files, read_completions

OnMissing = Literal["error", "short"]


class ReplayTable:
    """Recorded samples by key: ``("prompt", text)`` or ``("name", name)`` -> {index: text}."""

    def __init__(self) -> None:
        self.samples: dict[tuple[str, str], dict[int, str]] = {}
        # Problem names that completions files of several languages share (MultiPL-E names a
        # problem the same in every language): a name alone cannot say which file answers.
        self.ambiguous_names: dict[str, set[str]] = {}

    def add(self, key: tuple[str, str], index: int | None, text: str) -> None:
        """Record one sample; ``index`` None appends after the key's last recorded sample."""
        entry = self.samples.setdefault(key, {})
        if index is None:
            index = max(entry, default=-1) + 1
        entry[index] = text

    def lookup(self, request: Request) -> dict[int, str] | None:
        """The recorded samples answering ``request``: by its prompt, else by its name."""
        found = self.samples.get(("prompt", request.prompt))
        if found is None and request.name is not None:
            if request.name in self.ambiguous_names:
                languages = ", ".join(sorted(self.ambiguous_names[request.name]))
                raise BackendError(
                    f"no recorded prompt matches the request for {request.name!r}, and files in several languages "
                    f"({languages}) have that name: replay one language's folder"
                )
            found = self.samples.get(("name", request.name))
        return found

    def __len__(self) -> int:
        return len(self.samples)


def _line_problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    has_prompt, has_name = isinstance(record.get("prompt"), str), isinstance(record.get("name"), str)
    if not (has_prompt or has_name):
        return 'neither a "prompt" nor a "name" string'
    if "completions" in record:
        completions = record["completions"]
        if not (isinstance(completions, list) and all(isinstance(text, str) for text in completions)):
            return '"completions" is not a list of strings'
        return None
    if not isinstance(record.get("completion"), str):
        return 'no "completions" list and no "completion" string'
    index = record.get("index")
    if not (isinstance(index, int) and not isinstance(index, bool) and index >= 0):
        return '"completion" needs a non-negative integer "index"'
    return None


def read_replay_file(path: Path, table: ReplayTable) -> list[str]:
    """Add the samples of a JSONL replay file to ``table``; returns ``file:line: reason`` for skipped lines."""
    malformed: list[str] = []
    try:
        records = list(read_jsonl(path, lambda bad: malformed.append(str(bad))))
    except OSError as error:
        raise BackendError(f"cannot read the replay file {path}: {error.strerror or error}") from None
    for number, record in records:
        problem = _line_problem(record)
        if problem is not None:
            malformed.append(f"{path}:{number}: {problem}")
            continue
        # A line with a prompt is keyed by it; its name (if any) is bookkeeping.
        key = ("prompt", record["prompt"]) if isinstance(record.get("prompt"), str) else ("name", record["name"])
        if "completions" in record:
            for text in record["completions"]:
                table.add(key, None, text)
        else:
            table.add(key, record["index"], record["completion"])
    return malformed


def read_completions_folder(folder: Path, table: ReplayTable) -> list[str]:
    """Add every ``<name>.json(.gz)`` completions file under ``folder`` to ``table``, keyed by
    problem name; returns ``file: reason`` for files that cannot be used."""
    malformed: list[str] = []
    language_of: dict[str, str] = {}
    for path in find_completion_files(folder):
        try:
            completions = read_completions(path)
        except BadInputError as error:
            malformed.append(str(error))
            continue
        name = completions.name
        seen = language_of.setdefault(name, completions.language)
        if seen != completions.language or name in table.ambiguous_names:
            # By prompt only from now on: the name's samples would mix two languages.
            table.ambiguous_names.setdefault(name, {seen}).add(completions.language)
            table.samples.pop(("name", name), None)
        for index, text in enumerate(completions.completions):
            table.add(("prompt", completions.prompt), index, text)
            if name not in table.ambiguous_names:
                table.add(("name", name), index, text)
    return malformed


class ReplayBackend:
    """Serve recorded completions; ``model`` is the replay file, or a folder of completions files."""

    kind = "replay"

    def __init__(self, model: str | None = None, *, cache_path: Path | None = None, on_missing: OnMissing = "error") -> None:
        del cache_path  # replayed samples are already on disk; caching them again buys nothing
        if model is None:
            raise BackendError("the 'replay' backend needs the replay file as its model (--model PATH)")
        if on_missing not in ("error", "short"):
            raise BackendError(f"the 'replay' backend: on_missing must be 'error' or 'short', got {on_missing!r}")
        path = Path(model)
        if not path.exists():
            raise BackendError(f"replay file not found: {path}")
        self.path = path
        self.on_missing: OnMissing = on_missing
        self.table = ReplayTable()
        read = read_completions_folder if path.is_dir() else read_replay_file
        self.malformed = read(path, self.table)
        self.missing = 0  # samples asked for that the file does not hold (on_missing="short")
        self.stats = Stats()

    @property
    def model(self) -> str:
        """The replay file's path, as given."""
        return str(self.path)

    def _samples_for(self, position: int, request: Request) -> list[str]:
        recorded = self.table.lookup(request) or {}
        texts = [recorded[index] for index in range(request.n) if index in recorded]
        if len(texts) < request.n:
            if self.on_missing == "error":
                what = f"name {request.name!r}" if request.name is not None else "its prompt"
                raise BackendError(
                    f"{self.path}: request {position} ({what}, prompt starting {request.prompt[:60]!r}) "
                    f"asks for {request.n} samples, the file holds {len(texts)} of them"
                )
            self.missing += request.n - len(texts)
        return [truncate_at_stop(text, request.stop) for text in texts]

    def complete(self, requests: Iterable[Request]) -> Iterator[list[str]]:
        """Yield the recorded samples of each request, in input order, stop sequences applied."""
        for position, request in enumerate(requests):
            if request.n < 1:
                raise ValueError(f"request {position}: n must be at least 1, got {request.n}")
            started = time.perf_counter()
            samples = self._samples_for(position, request)
            self.stats.requests += 1
            self.stats.generated += len(samples)
            self.stats.seconds += time.perf_counter() - started
            yield samples

    def close(self) -> None:
        """Nothing to release; kept for the `Backend` protocol."""

    def __enter__(self) -> ReplayBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
