"""The filters a documented function must pass to be mined, each with the reason it drops.

Every filter reads the parsed function and returns ``None`` (kept) or a short snake_case
reason, so each drop is counted under its own name. A function failing several is counted
under the first, in the order `mine.mine_file` applies them (cheapest first).
"""

from __future__ import annotations

import ast
import builtins
import symtable
import sys
from dataclasses import dataclass, field

from multiplt.corpus.extract import ModuleImports

BUILTIN_NAMES = frozenset(dir(builtins))
STDLIB_MODULES = frozenset(sys.stdlib_module_names)


MAX_DEPTH = 200
"""Deepest syntax tree a mined function may have. Python's recursive tree walkers (``ast.unparse``,
``symtable``, every later stage's) fail past about 300 levels; the deepest top-level function of
this machine's standard library and site-packages is 170 deep (a sympy benchmark's sum)."""


def depth_problem(node: ast.AST, limit: int = MAX_DEPTH) -> str | None:
    """``too_deep`` when ``node``'s syntax tree is deeper than ``limit`` (walked without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return "too_deep"
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(current))
    return None


def signature_problem(node: ast.FunctionDef) -> str | None:
    """``unsupported_signature`` for ``*args``, ``**kwargs`` or keyword-only parameters, ``decorated`` for decorators."""
    arguments = node.args
    if arguments.vararg or arguments.kwarg or arguments.kwonlyargs:
        return "unsupported_signature"
    if node.decorator_list:
        return "decorated"  # the record's source leaves decorators out, so it would not be the same function
    return None


def _own_statements(node: ast.AST) -> list[ast.AST]:
    """Every node of ``node``'s body, not descending into nested functions, lambdas or classes."""
    found: list[ast.AST] = []
    pending = list(ast.iter_child_nodes(node))
    while pending:
        child = pending.pop()
        found.append(child)
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            pending.extend(ast.iter_child_nodes(child))
    return found


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
"""The fields of compound statements (and except handlers, match cases) that hold statements."""


def _returns_a_value(node: ast.FunctionDef) -> bool:
    """Whether the function itself has ``return <expr>``: a statement, so only statement blocks are searched."""
    pending: list[ast.AST] = list(node.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.Return):
            if statement.value is not None:
                return True
        elif not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for block in _BLOCKS:
                pending.extend(getattr(statement, block, ()))
    return False


def return_problem(node: ast.FunctionDef, source: str | None = None) -> str | None:
    """``no_return_value`` unless the function itself (not a nested one) has ``return <expr>``;
    ``generator`` when it yields or awaits.

    ``source``, the function's text, when given, spares the walk for ``yield``/``await``
    where neither word occurs in it (neither node exists without its keyword).
    """
    if not _returns_a_value(node):
        return "no_return_value"
    if source is not None and "yield" not in source and "await" not in source:
        return None
    if any(isinstance(child, ast.Yield | ast.YieldFrom | ast.Await) for child in _own_statements(node)):
        return "generator"
    return None


def text_problem(source: str) -> str | None:
    """``todo`` for a ``TODO`` anywhere in the function, ``non_ascii`` for any non-ASCII character."""
    if "TODO" in source:
        return "todo"
    if not source.isascii():
        return "non_ascii"
    return None


def trivial_problem(node: ast.FunctionDef) -> str | None:
    """``trivial`` for a docstring plus one ``return`` of a name, a constant or an attribute (MultiPL-T's rule)."""
    body = node.body[1:]
    if not body:
        return "trivial"
    if len(body) == 1 and isinstance(body[0], ast.Return):
        value = body[0].value
        if value is None or isinstance(value, ast.Constant | ast.Name | ast.Attribute):
            return "trivial"
    return None


@dataclass(frozen=True)
class Closure:
    """What a function needs from outside: the import statements it uses, or why it cannot run alone."""

    imports: list[str] = field(default_factory=list)
    problem: str | None = None
    detail: str = ""


def _global_names(table: symtable.SymbolTable) -> set[str]:
    names = {symbol.get_name() for symbol in table.get_symbols()
             if symbol.is_global() and symbol.is_referenced()}
    for child in table.get_children():
        names |= _global_names(child)
    return names


def _def_time_names(node: ast.FunctionDef) -> set[str]:
    """Names the ``def`` statement itself evaluates in the module: defaults, annotations, decorators."""
    arguments = node.args
    evaluated: list[ast.AST] = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None), *node.decorator_list]
    evaluated += [a.annotation for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs] if a.annotation]
    if node.returns is not None:
        evaluated.append(node.returns)
    return {leaf.id for part in evaluated for leaf in ast.walk(part) if isinstance(leaf, ast.Name)}


def closure(source: str, node: ast.FunctionDef, imports: ModuleImports, autoimport: bool = False) -> Closure:
    """The imports the function ``node`` (its own dedented text: ``source``) needs, or why it is not self-contained.

    Each free name must be a builtin or a name a module-level import of the standard library
    binds; with ``autoimport``, a free name that is itself a standard-library module gets
    ``import <name>`` added. Anything else (a module global, a third-party import) drops the
    function as ``not_self_contained`` or ``third_party_import``.
    """
    module = symtable.symtable(source, "<function>", "exec")
    table = next(child for child in module.get_children() if child.get_name() == node.name)
    needed: list[str] = []
    for free in sorted(_global_names(table) | _def_time_names(node)):
        if free in imports.statements:
            if imports.roots[free] not in STDLIB_MODULES:
                return Closure(problem="third_party_import", detail=imports.statements[free])
            needed.append(imports.statements[free])
        elif free in BUILTIN_NAMES:
            continue
        elif autoimport and free in STDLIB_MODULES:
            needed.append(f"import {free}")
        else:
            return Closure(problem="not_self_contained", detail=free)
    order = list(imports.statements.values())
    return Closure(imports=sorted(set(needed), key=lambda line: (order.index(line) if line in order else len(order), line)))


def license_problem(license_name: str | None, allowed: frozenset[str] | None) -> str | None:
    """``license`` when an allow-list is given and the file's license is not on it (unknown counts as not)."""
    if allowed is None:
        return None
    if license_name is None or not set(_licenses(license_name)) & allowed:
        return "license"
    return None


def _licenses(value: str) -> list[str]:
    return [part.strip() for part in value.replace(" OR ", ",").replace(";", ",").split(",") if part.strip()]
