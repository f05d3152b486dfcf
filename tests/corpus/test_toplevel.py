"""`parse_top_level` gives the top-level functions and imports that a whole ``ast.parse`` gives."""

from __future__ import annotations

import ast
import random
import sysconfig
from pathlib import Path

import pytest

from multiplt.corpus.files import stdlib_folder
from multiplt.corpus.toplevel import has_top_level_def, parse_top_level
from multiplt.languages.pyparse import source_lines

KINDS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Import, ast.ImportFrom)


def _kept(tree: ast.Module) -> list[str]:
    return [ast.dump(node, include_attributes=True) for node in tree.body if isinstance(node, KINDS)]


def _names(text: str) -> list[tuple[str, int]]:
    tree = parse_top_level(text, source_lines(text))
    return [(node.name, node.lineno) for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_what_a_cut_by_lines_could_get_wrong() -> None:
    text = (
        "import os\n"                                   # 1
        "@dataclass(frozen=True)\n"                     # 2: decorates the class, not the def after it
        "class Point:\n"                                # 3
        "    x: int\n"                                  # 4
        "TEMPLATE = '''\n"                              # 5
        "def phantom(x):\n"                             # 6: inside a string
        "    return x\n"                                # 7
        "'''\n"                                         # 8
        "def real(x):\n"                                # 9
        "    '''Doc.'''\n"                              # 10
        "    return [x,\n"                              # 11
        "1]\n"                                          # 12: column 0 inside brackets
        "\x0cdef after_form_feed(x):\n"                 # 13
        "    return x  # a ''' in a comment\n"          # 14
        "async def waits():\n"                          # 15
        "    return 1\n"                                # 16
    )
    assert _names(text) == [("real", 9), ("after_form_feed", 13), ("waits", 15)]
    tree = parse_top_level(text, source_lines(text))
    (real,) = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "real"]
    assert real.decorator_list == [] and real.end_lineno == 12


def test_line_ends_of_every_kind_keep_the_parsers_line_numbers() -> None:
    body = ["x = {", "1: 2}", "@deco", "def f(a):", "    '''Doc.'''", "    return a", "class C:", "    pass",
            "def g():", "    return 2"]
    for end in ("\n", "\r\n", "\r"):
        assert _names(end.join(body) + end) == [("f", 4), ("g", 9)]   # a def's line is its "def", under the decorator


def test_no_top_level_def_is_seen_without_parsing() -> None:
    assert not has_top_level_def("class C:\n    def m(self):\n        return 1\nx = 'def f():'\n")
    assert has_top_level_def("import os\n\ndef f():\n    return 1\n")
    assert has_top_level_def("\x0casync  def f():\n    return 1\n")


def test_a_file_that_does_not_parse_raises_as_ast_parse_does() -> None:
    with pytest.raises(SyntaxError):
        parse_top_level("def f(x):\n    print 'x'\n", ["def f(x):", "    print 'x'", ""])


def _real_files() -> list[Path]:
    """The whole standard library and a fixed sample of installed packages: files nobody here wrote."""
    stdlib = stdlib_folder()
    files = sorted(path for path in stdlib.rglob("*.py") if not {"site-packages", "dist-packages"} & set(path.parts))
    installed = sorted(Path(sysconfig.get_paths()["purelib"]).rglob("*.py"))
    return files + random.Random(7).sample(installed, min(1500, len(installed)))


@pytest.mark.slow
def test_real_files_give_the_same_functions_and_imports_as_a_whole_parse() -> None:
    compared = differing = 0
    for path in _real_files():
        try:
            text = path.read_bytes().decode("utf-8")
            whole = ast.parse(text)
        except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            continue
        if not has_top_level_def(text):
            assert not [node for node in whole.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)], path
            continue
        compared += 1
        if _kept(parse_top_level(text, source_lines(text))) != _kept(whole):
            differing += 1
            print(f"differs: {path}")
    assert compared > 1500 and differing == 0
