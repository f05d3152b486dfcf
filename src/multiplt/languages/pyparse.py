"""The Python side: a function's source into a ``PyFunction``, its asserts into ``PyAssert``s.

Nothing here runs the code it reads. Values in tests are evaluated by ``literal``, which
accepts Python literals plus the few expressions tests write for them (``-1``,
``2.0 / 3.0``, ``float('inf')``, ``"ab" * 3``) and refuses everything else.
"""

from __future__ import annotations

import ast
import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Any

from multiplt.languages.base import Parameter, PyAssert, PyFunction, TranslationError

# Bounds that keep arithmetic on test literals from becoming a denial of service.
_MAX_EXPONENT = 256
_MAX_STRING = 100_000


def parse_function(source: str, name: str | None = None) -> PyFunction:
    """The top-level function ``name`` (default: the last one) of ``source``.

    Raises TranslationError when the source does not parse, has no such function, or the
    function takes ``*args``, ``**kwargs`` or keyword-only parameters.
    """
    try:
        module = ast.parse(source)
    except SyntaxError as error:
        raise TranslationError(f"source does not parse: {error.msg} (line {error.lineno})") from error
    functions = [node for node in module.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    if name is not None:
        functions = [node for node in functions if node.name == name]
    if not functions:
        raise TranslationError(f"no top-level function {name or ''}".rstrip())
    return function_from_node(functions[-1], source)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(source: str) -> list[str]:
    """``source``'s lines as the parser numbers them (``str.splitlines`` also breaks at form
    feeds and other separators, which would shift every later ``lineno``), without their ends."""
    return _LINE_BREAK.split(source)


def function_from_node(node: ast.FunctionDef | ast.AsyncFunctionDef, source: str,
                       lines: list[str] | None = None) -> PyFunction:
    """Split a parsed function into the parts translators use (``lines``: ``source_lines(source)``, if at hand)."""
    arguments = node.args
    if arguments.vararg or arguments.kwarg or arguments.kwonlyargs:
        raise TranslationError("function takes *args, **kwargs or keyword-only parameters")
    parameters = tuple(
        Parameter(arg.arg, ast.unparse(arg.annotation) if arg.annotation else None)
        for arg in [*arguments.posonlyargs, *arguments.args]
    )
    lines = source_lines(source) if lines is None else lines
    docstring = ast.get_docstring(node, clean=True) or ""
    first = node.body[0]
    has_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    body_start = first.end_lineno if has_docstring and first.end_lineno else node.body[0].lineno - 1
    assert node.end_lineno is not None
    body = textwrap.dedent("\n".join(lines[body_start : node.end_lineno])).strip("\n")
    start = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
    return PyFunction(
        name=node.name,
        parameters=parameters,
        return_annotation=ast.unparse(node.returns) if node.returns else None,
        docstring=docstring,
        body=body,
        source="\n".join(lines[start - 1 : node.end_lineno]),
    )


def literal(node: ast.expr) -> Any:
    """The value of a literal expression, evaluated without running any code.

    Accepts constants, containers of literals, unary and binary arithmetic on them,
    ``float('inf')``/``float('nan')``, ``math.inf``/``math.nan`` and empty ``set()``,
    ``list()``, ``dict()``, ``tuple()``. Anything else raises TranslationError.
    """
    match node:
        case ast.Constant(value=value):
            if isinstance(value, bytes | complex) or value is Ellipsis:
                raise TranslationError(f"unsupported literal: {type(value).__name__}")
            return value
        case ast.List(elts=items):
            return [literal(item) for item in items]
        case ast.Tuple(elts=items):
            return tuple(literal(item) for item in items)
        case ast.Set(elts=items):
            return {literal(item) for item in items}
        case ast.Dict(keys=keys, values=values):
            if any(key is None for key in keys):
                raise TranslationError("not a literal: dict unpacking")
            return {literal(key): literal(value) for key, value in zip(keys, values, strict=True) if key is not None}
        case ast.UnaryOp(op=op, operand=operand):
            return _unary(op, literal(operand))
        case ast.BinOp(left=left, op=op, right=right):
            return _binary(op, literal(left), literal(right))
        case ast.Attribute(value=ast.Name(id="math"), attr="inf" | "nan" as attr):
            return math.inf if attr == "inf" else math.nan
        case ast.Call(func=ast.Name(id="float"), args=[ast.Constant(value=str() as text)], keywords=[]):
            try:
                return float(text)
            except ValueError as error:
                raise TranslationError(f"not a float: {text!r}") from error
        case ast.Call(func=ast.Name(id="set" | "list" | "dict" | "tuple" as maker), args=[], keywords=[]):
            return {"set": set, "list": list, "dict": dict, "tuple": tuple}[maker]()
        case ast.Call(func=ast.Name(id="list" | "tuple" | "set" as maker), args=[argument], keywords=[]):
            items = literal(argument)
            if not isinstance(items, list | tuple | set | str):
                raise TranslationError(f"not a literal: {maker}() of a {type(items).__name__}")
            return {"set": set, "list": list, "tuple": tuple}[maker](items)
    raise TranslationError(f"not a literal: {type(node).__name__}")


def _unary(op: ast.unaryop, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TranslationError("not a literal: unary operator on a non-number")
    match op:
        case ast.USub():
            return -value
        case ast.UAdd():
            return +value
    raise TranslationError(f"not a literal: unary {type(op).__name__}")


def _binary(op: ast.operator, left: Any, right: Any) -> Any:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))
    if numbers:
        if isinstance(op, ast.Pow) and abs(right) > _MAX_EXPONENT:
            raise TranslationError("not a literal: exponent too large")
        operations = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__",
                      ast.FloorDiv: "__floordiv__", ast.Mod: "__mod__", ast.Pow: "__pow__"}  # fmt: skip
        method = operations.get(type(op))
        if method is not None:
            try:
                result = getattr(left, method)(right)
            except (ZeroDivisionError, OverflowError) as error:
                raise TranslationError(f"not a literal: {error}") from error
            if result is NotImplemented:
                result = getattr(float(left), method)(float(right))
            return result
    if isinstance(op, ast.Add) and type(left) is type(right) and isinstance(left, str | list | tuple):
        if len(left) + len(right) > _MAX_STRING:
            raise TranslationError("not a literal: value too large")
        return left + right
    if isinstance(op, ast.Mult) and isinstance(left, str | list) and isinstance(right, int) and not isinstance(right, bool):
        if len(left) * max(right, 0) > _MAX_STRING:
            raise TranslationError("not a literal: value too large")
        return left * right
    raise TranslationError(f"not a literal: {type(op).__name__} on {type(left).__name__} and {type(right).__name__}")


def parse_assert(statement: ast.stmt, function: str) -> PyAssert:
    """One test statement as a PyAssert, or TranslationError saying why it is not one.

    Forms: ``assert f(a) == e`` (either side), ``assert f(a) is True``, ``assert f(a)``
    (expects True), ``assert not f(a)`` (expects False), ``assert abs(f(a) - e) < tol``
    (a float test), and ``tuple(f(a)) == tuple(e)`` / ``list(...)`` wrappers.
    """
    if not isinstance(statement, ast.Assert):
        raise TranslationError(f"not an assert: {type(statement).__name__}")
    source = ast.unparse(statement)
    test = statement.test
    match test:
        case ast.Compare(left=left, ops=[ast.Eq() | ast.Is()], comparators=[right]):
            left, right = _unwrap_conversion(left, right)
            if _is_call_to(left, function):
                return PyAssert(_call_arguments(left), literal(right), source)
            if _is_call_to(right, function):
                return PyAssert(_call_arguments(right), literal(left), source)
        case ast.Compare(
            left=ast.Call(func=ast.Name(id="abs"), args=[ast.BinOp(left=call, op=ast.Sub(), right=expected)]),
            ops=[ast.Lt() | ast.LtE()],
            comparators=[tolerance],
        ) if _is_call_to(call, function):
            bound = literal(tolerance)
            if not isinstance(bound, int | float) or isinstance(bound, bool) or bound <= 0:
                raise TranslationError("tolerance is not a positive number")
            value = literal(expected)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TranslationError("approximate comparison of a non-number")
            return PyAssert(_call_arguments(call), float(value), source, tolerance=float(bound))
        case ast.Call() if _is_call_to(test, function):
            return PyAssert(_call_arguments(test), True, source)
        case ast.UnaryOp(op=ast.Not(), operand=operand) if _is_call_to(operand, function):
            return PyAssert(_call_arguments(operand), False, source)
    raise TranslationError("assert is not a comparison of a call with a literal")


def _unwrap_conversion(left: ast.expr, right: ast.expr) -> tuple[ast.expr, ast.expr]:
    """``tuple(f(x)) == tuple([1])`` compares like ``f(x) == [1]``: drop matching wrappers."""
    match left, right:
        case (
            ast.Call(func=ast.Name(id="tuple" | "list" as outer), args=[inner_left], keywords=[]),
            ast.Call(func=ast.Name(id=other), args=[inner_right], keywords=[]),
        ) if outer == other:
            return inner_left, inner_right
    return left, right


def _is_call_to(node: ast.expr, function: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function


def _call_arguments(call: ast.expr) -> tuple[Any, ...]:
    assert isinstance(call, ast.Call)
    if call.keywords:
        raise TranslationError("call uses keyword arguments")
    if any(isinstance(argument, ast.Starred) for argument in call.args):
        raise TranslationError("call unpacks *arguments")
    return tuple(literal(argument) for argument in call.args)


def parse_asserts(statements: Iterable[ast.stmt], function: str) -> tuple[list[PyAssert], Counter[str]]:
    """The asserts among ``statements`` and, per reason, how many statements were skipped.

    Imports, ``pass``, bare strings, prints and ``assert True`` are not tests and are
    passed over without counting.
    """
    asserts: list[PyAssert] = []
    skipped: Counter[str] = Counter()
    for statement in statements:
        if _is_not_a_test(statement):
            continue
        try:
            asserts.append(parse_assert(statement, function))
        except TranslationError as error:
            skipped[str(error)] += 1
    return asserts, skipped


def _is_not_a_test(statement: ast.stmt) -> bool:
    match statement:
        case ast.Import() | ast.ImportFrom() | ast.Pass():
            return True
        case ast.Expr(value=ast.Constant()) | ast.Expr(value=ast.Call(func=ast.Name(id="print"))):
            return True
        case ast.Assert(test=ast.Constant(value=True)):
            return True
    return False


def parse_test_source(source: str, function: str) -> tuple[list[PyAssert], Counter[str]]:
    """Asserts from test source: module-level asserts, or the body of ``def check(candidate)``.

    In a ``check(candidate)`` body the function under test is called ``candidate``.
    """
    try:
        module = ast.parse(source)
    except SyntaxError as error:
        raise TranslationError(f"tests do not parse: {error.msg} (line {error.lineno})") from error
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == "check" and node.args.args:
            return parse_asserts(node.body, node.args.args[0].arg)
    top_level = [node for node in module.body if not isinstance(node, ast.Assign | ast.FunctionDef)]
    return parse_asserts(top_level, function)
