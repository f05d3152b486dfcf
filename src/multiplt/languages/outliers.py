"""The dominant-type rule: a rare argument of another type than the rest is an outlier.

Python accepts ``hex_key([])`` among string arguments (HumanEval/78), but no Racket, Lua
or R solution written for strings can pass that test, so one such assert makes a problem
unsolvable in untyped targets. At each argument position where the asserts' types do not
unify into one type (``int`` with ``float`` does, giving ``float``; ``T`` with ``None``
does, giving ``Optional[T]``; only the outermost type counts, so ``{"a": 1, 8: 2}`` among
string-keyed dicts is no outlier), the type compatible with the most asserts is
dominant, and when it holds at least ``majority`` of them the asserts that disagree with
it are dropped. Below that majority the function is taken to be polymorphic by design
(HumanEval/137 ``compare_one`` takes ints, floats or strings: 5 of 8). Results are
left alone unless asked for: a function that returns a list or ``-1`` can be written in
every untyped target, and typed targets skip it anyway (its types conflict).
Used by ``eval build`` (on the test literals) and by the testgen stage (on the values
seen at run time) alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from multiplt.languages.base import PyAssert, TranslationError
from multiplt.languages.types import NONE, PyType, optional_inner, type_of, unify, unify_all

# One assert's types: its arguments' (as many as it passes), and its result's.
Signature = tuple[tuple[PyType, ...], PyType]

DEFAULT_MAJORITY = 0.75


def is_conflict(t: PyType) -> bool:
    """True when ``t`` is a union of two or more types besides ``None`` (not ``Optional[T]``)."""
    return t.kind == "union" and optional_inner(t) is None


def compatible(a: PyType, b: PyType) -> bool:
    """Whether values of ``a`` and ``b`` can share one outer type."""
    return not is_conflict(unify(a, b))


def _at(signature: Signature, position: int) -> PyType | None:
    arguments, result = signature
    if position < 0:
        return result
    return arguments[position] if position < len(arguments) else None


def type_outliers(
    signatures: Sequence[Signature | None], *, results: bool = False, majority: float = DEFAULT_MAJORITY
) -> list[int]:
    """Indices of the signatures that are type outliers (see the module docstring).

    Positions are settled in order (each argument, then the result if ``results``)
    over the signatures still kept; the dominant type is the one compatible with the
    most of them (the earliest on a tie). ``None`` entries (no type known) are never
    dropped.
    """
    known = {index: signature for index, signature in enumerate(signatures) if signature is not None}
    dropped: set[int] = set()
    width = max((len(signature[0]) for signature in known.values()), default=0)
    for position in [*range(width), *([-1] if results else [])]:
        types = {
            index: t
            for index, signature in known.items()
            if index not in dropped and (t := _at(signature, position)) is not None
        }
        if not types or not is_conflict(unify_all(types.values())):
            continue
        candidates: list[PyType] = []
        for t in types.values():
            if t not in candidates and t != NONE:
                candidates.append(t)

        def support(candidate: PyType) -> int:
            return sum(compatible(candidate, t) for t in types.values())

        dominant = max(candidates, key=support)  # max keeps the first of equal support
        if support(dominant) < majority * len(types):
            continue
        dropped.update(index for index, t in types.items() if not compatible(dominant, t))
    return sorted(dropped)


def literal_signature(test: PyAssert) -> Signature | None:
    """The types a test's literals show (arguments, then expected value); None if untypeable."""
    try:
        return tuple(type_of(arg) for arg in test.args), type_of(test.expected)
    except TranslationError:
        return None


def drop_type_outliers(
    asserts: Sequence[PyAssert], *, results: bool = False, majority: float = DEFAULT_MAJORITY
) -> tuple[list[PyAssert], int]:
    """``asserts`` without the type outliers of their literals, and how many were dropped."""
    signatures = [literal_signature(test) for test in asserts]
    outliers = set(type_outliers(signatures, results=results, majority=majority))
    return [test for index, test in enumerate(asserts) if index not in outliers], len(outliers)
