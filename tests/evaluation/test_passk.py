"""pass@k against values computed by hand from 1 - C(n-c, k) / C(n, k)."""

from __future__ import annotations

import math

import pytest

from multiplt.evaluation.passk import mean_pass_at_k, pass_at_k, reportable_ks


def test_pass_at_1_is_the_fraction_of_passing_samples() -> None:
    assert pass_at_k(20, 3, 1) == pytest.approx(0.15)
    assert pass_at_k(5, 2, 1) == pytest.approx(0.4)


def test_pass_at_2_of_five_samples_with_one_passing() -> None:
    # 1 - C(4,2)/C(5,2) = 1 - 6/10
    assert pass_at_k(5, 1, 2) == pytest.approx(0.4)


def test_pass_at_5_of_ten_samples_with_three_passing() -> None:
    # 1 - C(7,5)/C(10,5) = 1 - 21/252 = 11/12
    assert pass_at_k(10, 3, 5) == pytest.approx(11 / 12)


def test_pass_at_k_is_one_when_fewer_than_k_samples_fail() -> None:
    assert pass_at_k(10, 8, 5) == 1.0


def test_no_passing_sample_gives_zero() -> None:
    assert pass_at_k(100, 0, 100) == 0.0
    assert pass_at_k(1, 0, 1) == 0.0


def test_pass_at_100_of_200_samples_matches_binomial_formula() -> None:
    expected = 1 - math.comb(200 - 7, 100) / math.comb(200, 100)
    assert pass_at_k(200, 7, 100) == pytest.approx(expected, rel=1e-12)


def test_pass_at_k_needs_at_least_k_samples() -> None:
    with pytest.raises(ValueError, match="pass@10 needs at least 10 samples"):
        pass_at_k(5, 1, 10)


def test_more_passing_than_samples_is_rejected() -> None:
    with pytest.raises(ValueError):
        pass_at_k(5, 6, 1)


def test_suite_score_is_the_mean_over_problems() -> None:
    # problem scores 0.4 and 0.0 (pass@1 with 2/5 and 0/5 passing)
    assert mean_pass_at_k([(5, 2), (5, 0)], 1) == pytest.approx(0.2)


def test_suite_pass_at_2_averages_per_problem_estimates() -> None:
    # 1 - C(4,2)/C(5,2) = 0.4 and 1 - C(2,2)/C(5,2) = 0.9
    assert mean_pass_at_k([(5, 1), (5, 3)], 2) == pytest.approx(0.65)


def test_reportable_ks_stop_at_the_smallest_sample_count() -> None:
    assert reportable_ks(5) == (1,)
    assert reportable_ks(20) == (1, 10)
    assert reportable_ks(200) == (1, 10, 100)
