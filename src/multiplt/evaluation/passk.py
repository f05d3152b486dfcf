"""pass@k with the unbiased estimator of Chen et al. (2021), as MultiPL-E reports it."""

from __future__ import annotations

from collections.abc import Iterable

STANDARD_KS: tuple[int, ...] = (1, 10, 100)


def pass_at_k(n: int, c: int, k: int) -> float:
    """The probability that at least one of ``k`` samples drawn from ``n`` passes.

    ``c`` of the ``n`` samples pass. Computed as ``1 - prod_{i=n-c+1}^{n} (1 - k/i)``,
    which equals ``1 - C(n-c, k) / C(n, k)`` without the huge binomials.
    """
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if not 1 <= k <= n:
        raise ValueError(f"pass@{k} needs at least {k} samples, got n={n}")
    if n - c < k:
        return 1.0
    failing_all = 1.0
    for i in range(n - c + 1, n + 1):
        failing_all *= 1.0 - k / i
    return 1.0 - failing_all


def mean_pass_at_k(counts: Iterable[tuple[int, int]], k: int) -> float:
    """pass@k of a suite: the mean over problems of each problem's pass@k.

    ``counts`` holds one ``(n, c)`` pair per problem.
    """
    scores = [pass_at_k(n, c, k) for n, c in counts]
    if not scores:
        raise ValueError("pass@k of an empty suite is undefined")
    return sum(scores) / len(scores)


def reportable_ks(min_samples: int, ks: Iterable[int] = STANDARD_KS) -> tuple[int, ...]:
    """The ks a suite can report: those no larger than its smallest sample count."""
    return tuple(k for k in ks if k <= min_samples)
