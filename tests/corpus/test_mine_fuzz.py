"""Fuzzing what the mine stage reads: real standard-library files, mutated, and every bad-input kind.

The inputs are files nobody here wrote (this interpreter's standard library), changed by a
seeded mutator: truncated, brackets, quotes and line ends overwritten, NUL or non-UTF-8 bytes put in, Python 2
statements spliced in, line ends changed, and documented functions appended whose bodies
nest too deeply for the parser or just deeply enough to parse. Beside them lie the
file-system kinds: a link loop, a dangling link, a named pipe, a link to ``/dev/zero``, a
folder named ``*.py`` and a file over the size limit. The whole chain (the ``python``
source, ``mine`` with decontamination, ``mine_dedup``) runs over them and must finish;
every file is either read or skipped with a reason naming it, and every function that
parsed is counted. ``MULTIPLT_FUZZ_FILES`` and ``MULTIPLT_FUZZ_SEED`` make a longer or
another run.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from multiplt.config import load_config
from multiplt.corpus.files import MAX_FILE_BYTES, stdlib_folder
from multiplt.pipeline import parts
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute

SEED = int(os.environ.get("MULTIPLT_FUZZ_SEED", "20261207"))
FILES = int(os.environ.get("MULTIPLT_FUZZ_FILES", "60"))

PYTHON2 = [b'print "hello"\n', b'exec "x = 1"\n', b"try:\n    pass\nexcept ValueError, e:\n    pass\n",
           b"x = `1`\n", b"y = 0777\n", b"raise ValueError, 'no'\n", b"z = ur'x'\n"]


SIGNIFICANT = b"()[]{}:'\"\\#\n\t @=,.\x0c"
"""Bytes that change how Python reads what follows them."""


def _line_start(data: bytes, rng: random.Random) -> int:
    starts = [0] + [index + 1 for index, byte in enumerate(data) if byte == 0x0A]
    return rng.choice(starts)


def _deep(kind: str, depth: int) -> bytes:
    """A documented, returning, self-contained function whose expression nests ``depth`` deep."""
    bodies = {"parens": "(" * depth + "x" + ")" * depth, "sum": "x" + " + x" * depth,
              "lists": "[" * depth + "x" + "]" * depth, "calls": "abs(" * depth + "x" + ")" * depth,
              "not": "not " * depth + "x"}
    return f'\n\ndef deep_{kind}_{depth}(x):\n    """Nested {depth} deep."""\n    return {bodies[kind]}\n'.encode()


Mutation = Callable[[bytes, random.Random], bytes]
MUTATIONS: dict[str, Mutation] = {
    "as_is": lambda data, rng: data,
    "truncated": lambda data, rng: data[: rng.randrange(len(data) + 1)],
    "overwritten": lambda data, rng: bytes(rng.choice(SIGNIFICANT) if rng.random() < 0.002 else byte for byte in data),
    "nul": lambda data, rng: data[: (at := rng.randrange(len(data) + 1))] + b"\0" + data[at:],
    "not_utf8": lambda data, rng: data[: (at := rng.randrange(len(data) + 1))] + b"\xe9\xff" + data[at:],
    "python2": lambda data, rng: data[: (at := _line_start(data, rng))] + rng.choice(PYTHON2) + data[at:],
    "line_ends": lambda data, rng: data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\x0c\n", b"\n\n"])),
    "bom": lambda data, rng: b"\xef\xbb\xbf" + data,
    "deep": lambda data, rng: data + _deep(rng.choice(["parens", "sum", "lists", "calls", "not"]),
                                           rng.choice([10, 90, 199, 250, 1_000, 30_000, 200_000])),
    "indented": lambda data, rng: data + b"def f(x):\n" + b"".join(
        b" " * level + b"if x:\n" for level in range(1, rng.choice([50, 99, 120]))) + b" " * 130 + b"return x\n",
}


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _corpus(folder: Path, files: int, seed: int) -> dict[str, str | None]:
    """Write the fuzzed corpus; return each file's name and the skip reason it must get (None: read)."""
    rng = random.Random(seed)
    stdlib = sorted(path for path in stdlib_folder().rglob("*.py") if path.is_file() and path.stat().st_size < MAX_FILE_BYTES // 4
                    and not {"site-packages", "dist-packages"} & set(path.relative_to(stdlib_folder()).parts))
    expected: dict[str, str | None] = {}
    for number, original in enumerate(rng.sample(stdlib, min(files, len(stdlib)))):
        kind = list(MUTATIONS)[number % len(MUTATIONS)]
        data = MUTATIONS[kind](original.read_bytes(), rng)
        name = f"f{number:04d}_{kind}_{original.stem}.py"
        (folder / name).write_bytes(data)
        expected[name] = ("too_large" if len(data) > MAX_FILE_BYTES else "binary" if b"\0" in data  # judged in this order
                          else None if _utf8(data) else "not_utf8")
    (folder / "huge.py").write_bytes(b"x = 1\n" * (MAX_FILE_BYTES // 6 + 1))
    (folder / "loop.py").symlink_to(folder / "loop.py")
    (folder / "dangling.py").symlink_to(folder / "nowhere.py")
    (folder / "zero.py").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.py")
    (folder / "package.py").mkdir()  # a folder named *.py: walked into, never read as a file
    (folder / "package.py" / "inner.py").write_bytes(b'def g(y):\n    """Inner."""\n    return y * 3\n')
    expected.update({"huge.py": "too_large", "loop.py": "unreadable", "dangling.py": "unreadable",
                     "zero.py": "not_a_file", "pipe.py": "not_a_file", "inner.py": None})
    return expected


def test_fuzzed_real_files_and_file_system_oddities_finish_with_every_input_accounted_for(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = _corpus(corpus, FILES, SEED)
    config = tmp_path / "fuzz.toml"
    config.write_text(f'[run]\nname = "fuzz"\nruns_dir = "{tmp_path / "runs"}"\npart_size = 25\n\n'
                      f'[source]\nkind = "python"\npath = "{corpus}"\n\n'
                      '[[stages]]\nkind = "mine"\noptions = { typecheck = false, autoimport = true }\n\n'
                      '[[stages]]\nkind = "mine_dedup"\n', encoding="utf-8")

    result = execute(load_config(config))   # a crash anywhere in the chain fails here

    source, mine, dedup = result.summaries
    assert source.records_in == len(expected), "every file is either read or skipped"
    skips = [event for event in read_events(result.run_dir / "log.jsonl") if event["event"] == "input_skipped"]
    got = {Path(event["where"].split(": ")[0]).name: event["reason"] for event in skips}
    assert got == {name: reason for name, reason in expected.items() if reason is not None}
    assert all(event["where"].startswith(str(corpus)) for event in skips)
    read = [name for name, reason in expected.items() if reason is None]
    assert source.records_out == len(read) and mine.records_in == len(read)
    assert mine.counters["files"] == len(read)

    # Every file that failed to parse is counted under one reason, and the rest were mined.
    unparsed = mine.counters["dropped.syntax_error"] + mine.counters["dropped.too_deeply_nested"]
    assert 0 < unparsed < len(read)
    assert mine.counters["with_docstring"] == sum(
        count for key, count in mine.counters.items()
        if key.startswith("dropped.") and key not in ("dropped.syntax_error", "dropped.too_deeply_nested")
    ) + mine.records_out
    assert mine.records_out > 0 and dedup.records_in == mine.records_out
    assert dedup.records_out + sum(dedup.dropped.values()) == dedup.records_in
    names = Counter(record["name"] for record in parts.iter_records(result.run_dir / "mine"))
    assert names["g"] == 1   # the file inside the folder named package.py was read
    deep = [name for name in names if name.startswith("deep_")]
    assert deep, "some appended deep functions parse and are mined"
