"""The mine stage: which functions a file yields, why the others drop, and bad input."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multiplt.corpus.files import MAX_FILE_BYTES, PythonFilesSource
from multiplt.corpus.mine import MineOptions, mine_file
from multiplt.pipeline.stage import Context

PROVENANCE = {"source": "test", "repository": None, "path": "m.py", "license": "MIT"}

MODULE = '''\
import math
import os.path
from collections import Counter
import numpy as np

LIMIT = 10


def hypotenuse(a: float, b: float = 1.0) -> float:
    """The hypotenuse of a right triangle."""
    return math.sqrt(a * a + b * b)


def most_common(words):
    """The most common word."""
    return Counter(words).most_common(1)[0][0]


def uses_global(x):
    """Uses a module constant."""
    return min(x, LIMIT)


def default_is_global(x, y=LIMIT):
    """A default read from the module."""
    return x + y


def third_party(x):
    """Uses numpy."""
    return np.sum(x)


def no_docstring(x):
    return x + 1


def prints(x):
    """Returns nothing."""
    print(x)


def returns_in_nested_only(x):
    """Only the nested function returns."""
    def inner():
        return x
    inner()


def trivial(x):
    """Trivial."""
    return x


def todo(x):
    """TODO: finish."""
    return x * 2


def accent(x):
    """Caf\u00e9."""
    return x * 2


def star(*xs):
    """Takes *args."""
    return sum(xs)


def generator(n):
    """Yields."""
    yield n
    return n


class Box:
    def method(self):
        """A method."""
        return 1


def forgot_import(values):
    """Uses statistics without importing it."""
    return statistics.mean(values)


def local_names(xs):
    """Free names are all local or builtin."""
    total = 0
    for x in xs:
        total += abs(x)
    return total if total else len([y for y in xs if y])
'''


def _mine(text: str, **options: Any) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    ctx = Context(stage="mine", run_dir=Path("."))
    records = {r["name"]: r for r in mine_file({"text": text, "provenance": PROVENANCE}, MineOptions(**options), ctx)}
    return records, dict(ctx.counters)


def test_kept_functions_carry_the_stdlib_imports_they_use_and_nothing_else() -> None:
    records, counters = _mine(MODULE)
    assert sorted(records) == ["hypotenuse", "local_names", "most_common"]
    hypotenuse = records["hypotenuse"]
    assert hypotenuse["imports"] == ["import math"]
    assert hypotenuse["program"] == "import math\n\n" + hypotenuse["source"]
    assert hypotenuse["parameters"] == [{"name": "a", "annotation": "float", "default": None},
                                        {"name": "b", "annotation": "float", "default": "1.0"}]
    assert hypotenuse["return_annotation"] == "float"
    assert hypotenuse["docstring"] == "The hypotenuse of a right triangle."
    assert hypotenuse["body"] == "return math.sqrt(a * a + b * b)\n"
    assert hypotenuse["lines"] == [9, 11]
    assert hypotenuse["provenance"] == PROVENANCE
    assert records["most_common"]["imports"] == ["from collections import Counter"]
    assert records["local_names"]["imports"] == []
    # 15 top-level defs (the method is not one), 14 with a docstring, 3 kept.
    assert (counters["functions"], counters["with_docstring"], counters["mined"]) == (15, 14, 3)


def test_every_dropped_function_is_counted_under_its_reason() -> None:
    _, counters = _mine(MODULE)
    dropped = {key.removeprefix("dropped."): value for key, value in counters.items() if key.startswith("dropped.")}
    assert dropped == {
        "not_self_contained": 3,       # uses_global, default_is_global, forgot_import
        "third_party_import": 1,       # third_party
        "no_return_value": 2,          # prints, returns_in_nested_only
        "trivial": 1, "todo": 1, "non_ascii": 1, "unsupported_signature": 1, "generator": 1,
    }


def test_autoimport_adds_the_standard_library_module_a_function_forgot() -> None:
    records, _ = _mine(MODULE, autoimport=True)
    assert records["forgot_import"]["imports"] == ["import statistics"]
    assert "uses_global" not in records


def test_a_licence_allow_list_drops_what_is_not_on_it() -> None:
    # The licence is checked before self-containment: the 7 that pass the cheaper filters drop.
    assert _mine(MODULE, licenses=["Apache-2.0"])[1]["dropped.license"] == 7
    assert len(_mine(MODULE, licenses=["MIT", "BSD-3-Clause"])[0]) == 3


DOCUMENTED = "def f(x):\n    \"\"\"Doc.\"\"\"\n    return "


@pytest.mark.parametrize(("text", "reason"), [
    ("def f(x):\n    \"\"\"Python 2.\"\"\"\n    print 'x'\n    return x\n", "syntax_error"),
    (DOCUMENTED + "(" * 5000 + "1" + ")" * 5000 + "\n", "syntax_error"),  # the parser's own nesting limit
    (DOCUMENTED + "1" + " + 1" * 100_000 + "\n", "too_deeply_nested"),     # RecursionError building the tree
    (DOCUMENTED + "-" * 200_000 + "1\n", "too_deeply_nested"),             # MemoryError in the parser
])
def test_files_that_do_not_parse_are_counted_not_raised(text: str, reason: str) -> None:
    records, counters = _mine(text)
    assert records == {} and counters[f"dropped.{reason}"] == 1


def test_a_function_too_deep_for_the_tree_walkers_is_dropped_and_its_neighbours_are_mined() -> None:
    def summing(name: str, terms: int) -> str:
        return f'def {name}(x):\n    """Adds x to itself."""\n    return x' + " + x" * terms + "\n\n\n"

    # 2,000 terms parse, but ast.unparse (decontamination) and symtable (self-containment) recurse per level.
    records, counters = _mine(summing("deep", 2_000) + summing("shallow", 150))
    assert list(records) == ["shallow"] and counters["dropped.too_deep"] == 1


def test_a_file_without_functions_is_not_parsed_and_a_function_beside_python_2_is_kept() -> None:
    records, counters = _mine("x = 1" + " + 1" * 100_000 + "\nprint 'python 2'\n")
    assert records == {} and counters == {"files": 1}   # nothing to mine, so no parse and no drop

    python2_class = "class Old:\n    def m(self):\n        print 'x'\n\n"
    records, counters = _mine(python2_class + "def double(x):\n    \"\"\"Twice x.\"\"\"\n    return x * 2\n")
    assert list(records) == ["double"] and records["double"]["lines"] == [5, 7]
    assert "dropped.syntax_error" not in counters


def _skips(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    skipped: list[tuple[str, str]] = []
    records = list(PythonFilesSource(path).records(lambda reason, where: skipped.append((reason, where))))
    return [record["path"] for record in records], skipped


def test_the_source_skips_what_cannot_be_python_source_with_reason_and_path(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("def f(x):\n    \"\"\"Doc.\"\"\"\n    return x + 1\n")
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x00")
    (tmp_path / "latin1.py").write_bytes(b"s = '\xe9'\n")
    (tmp_path / "huge.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (tmp_path / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a folder loop, not followed
    (tmp_path / "notes.txt").write_text("not python")
    paths, skipped = _skips(tmp_path)
    assert paths == ["good.py"]
    assert sorted(reason for reason, _ in skipped) == ["binary", "not_utf8", "too_large", "unreadable", "unreadable"]
    assert all(where.startswith(str(tmp_path)) for _, where in skipped)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n")
    secret.chmod(0)
    assert _skips(tmp_path) == ([], [("unreadable", f"{secret}: Permission denied")])


def test_a_list_names_files_beside_it_and_in_the_standard_library(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text("x = 1\n")
    listing = tmp_path / "files.txt"
    listing.write_text("# a comment\nmine.py\nstdlib:calendar.py  # the standard library's\n")
    paths, skipped = _skips(listing)
    assert paths == ["mine.py", "calendar.py"] and skipped == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")),
                 st.lists(st.sampled_from(["def f(x):", '    """d."""', "    return x", "    return (", "class C:",
                                           "  def g(self):", "import os", "from . import y", "lambda: 0", "\t",
                                           "@dec", "async def h():", "    yield 1", "print 'py2'", "f(*a, **k)"]),
                          max_size=12).map("\n".join)))
def test_no_text_makes_the_stage_raise(text: str) -> None:
    _mine(text)


def test_a_form_feed_line_does_not_shift_the_functions_lines() -> None:
    # str.splitlines breaks at \x0c too (the parser does not): the stdlib has such page breaks.
    text = 'import math\n\x0c\ndef area(r, scale=(1,\n                   2)):\n    """Area."""\n    return math.pi * r * r * scale[0]\n'
    records, _ = _mine(text)
    area = records["area"]
    assert area["source"] == ('def area(r, scale=(1,\n                   2)):\n    """Area."""\n'
                              '    return math.pi * r * r * scale[0]\n')
    assert area["lines"] == [3, 6] and area["body"] == "return math.pi * r * r * scale[0]\n"
    assert area["parameters"][1] == {"name": "scale", "annotation": None, "default": "(1,\n                   2)"}
