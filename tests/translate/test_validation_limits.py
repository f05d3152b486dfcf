"""Validation limits: reference, data, per-language timeouts, and timeouts derived from passing programs."""

from __future__ import annotations

import pytest

from multiplt.translate.validation import derive_limits, derive_timeout, limits_named


def test_reference_limits_are_each_languages_multipl_e_timeout_and_1_gb() -> None:
    reference = limits_named("reference")
    assert (reference.timeout_for("lua"), reference.timeout_for("rkt"), reference.timeout_for("r")) == (15.0, 15.0, 5.0)
    assert reference.memory_mb == 1024


def test_per_language_timeouts_override_the_named_limits() -> None:
    limits = limits_named("data", memory_mb=256, timeouts={"racket": 2, "lua": 1.5})
    assert (limits.timeout_for("rkt"), limits.timeout_for("lua"), limits.timeout_for("ml")) == (2.0, 1.5, 5.0)
    assert limits.to_dict() == {"timeout_s": 5.0, "memory_mb": 256, "timeouts": {"lua": 1.5, "rkt": 2.0}}


def test_a_bad_limits_name_is_refused() -> None:
    with pytest.raises(ValueError, match="'data', 'reference'"):
        limits_named("fast")


def test_derived_timeouts_are_ten_times_the_slowest_passing_program_in_whole_seconds() -> None:
    assert derive_timeout([0.017, 0.004]) == 1.0  # 0.17 s, raised to the 1 s floor
    assert derive_timeout([0.06, 0.31]) == 4.0  # 3.1 s, rounded up
    assert derive_timeout([]) == 1.0
    limits = derive_limits({"lua": [0.01], "racket": [0.25]})
    assert (limits.timeout_for("lua"), limits.timeout_for("rkt"), limits.timeout_for("ml")) == (1.0, 3.0, 5.0)
