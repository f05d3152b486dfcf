"""Normalised forms of a Python function, shared by dedup and decontamination.

Three levels, from strict to loose:

- ``normalised_source``: ``ast.unparse`` of the function, so whitespace, comments, quoting
  and redundant parentheses no longer matter; the docstring is kept (cleaned, as
  ``inspect.cleandoc`` does) or removed.
- ``renamed_source``: the same without the docstring, with the function called ``f`` and
  its parameters and local names ``v0``, ``v1``, ... in order of first appearance, so a
  copy with renamed variables reads the same. Global and builtin names stay.
- ``tokens``: the Python tokens of a text, comments and layout left out, for n-grams and
  whitespace-insensitive substring matches.
"""

from __future__ import annotations

import ast
import copy
import io
import tokenize
from collections.abc import Sequence

_LAYOUT = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                     tokenize.ENDMARKER, tokenize.ENCODING})


def first_function(source: str) -> ast.FunctionDef | None:
    """The first top-level ``def`` of ``source``, or None when there is none or it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return next((node for node in tree.body if isinstance(node, ast.FunctionDef)), None)


def _has_docstring(node: ast.FunctionDef) -> bool:
    return ast.get_docstring(node, clean=False) is not None


def code_statements(node: ast.FunctionDef) -> list[ast.stmt]:
    """The function's body without its docstring."""
    return node.body[1:] if _has_docstring(node) else list(node.body)


def normalised_source(node: ast.FunctionDef, docstring: bool = True) -> str:
    """``ast.unparse`` of the function with its docstring cleaned (``docstring``) or removed."""
    function = copy.copy(node)
    body = code_statements(node) or [ast.Pass()]
    if docstring and _has_docstring(node):
        body = [ast.Expr(ast.Constant(ast.get_docstring(node, clean=True))), *code_statements(node)]
    function.body = body
    function.decorator_list = []
    return ast.unparse(function)


def code_text(node: ast.FunctionDef) -> str:
    """The function's statements after the docstring, unparsed (the solution without its prompt)."""
    return "\n".join(ast.unparse(statement) for statement in code_statements(node))


def _bound_names(function: ast.FunctionDef) -> list[str]:
    """Parameters, then every name the body binds, in order of first appearance."""
    arguments = function.args
    names = [argument.arg for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]
    names += [argument.arg for argument in (arguments.vararg, arguments.kwarg) if argument is not None]
    found: list[tuple[int, int, str]] = []
    for statement in function.body:
        for leaf in ast.walk(statement):
            position = (getattr(leaf, "lineno", 0), getattr(leaf, "col_offset", 0))
            if isinstance(leaf, ast.Name) and isinstance(leaf.ctx, ast.Store | ast.Del):
                found.append((*position, leaf.id))
            elif isinstance(leaf, ast.arg):
                found.append((*position, leaf.arg))
            elif isinstance(leaf, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.append((*position, leaf.name))
            elif isinstance(leaf, ast.ExceptHandler) and leaf.name:
                found.append((*position, leaf.name))
    for _, _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


class _Renamer(ast.NodeTransformer):
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.names.get(node.arg, node.arg)
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.ExceptHandler:
        if node.name:
            node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node


def renamed_source(node: ast.FunctionDef) -> str:
    """The function without docstring, annotations or decorators, named ``f``, its own names ``v0, v1, ...``."""
    function = copy.deepcopy(node)
    function.body = code_statements(function) or [ast.Pass()]
    function.decorator_list = []
    function.returns = None
    names = {name: f"v{position}" for position, name in enumerate(_bound_names(function))}
    names[function.name] = "f"  # a recursive call reads the same in both copies
    renamed = _Renamer(names).visit(function)
    return ast.unparse(renamed)


def tokens(text: str) -> list[str]:
    """The Python tokens of ``text`` without comments and layout; what follows a tokenize error is left out."""
    found: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type not in _LAYOUT:
                found.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def ngrams(items: Sequence[str], n: int) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive items (none when there are fewer than ``n``)."""
    return {tuple(items[start:start + n]) for start in range(len(items) - n + 1)}
