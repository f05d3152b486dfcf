"""What the report computes from a run folder: funnels, costs, histograms, samples, notes.

The run folders come from report_runs.py; the expected numbers below are counted by
hand from its description (3 functions, Lua and Racket, 4 samples per problem).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_runs import HOSTILE, build_finished_run

from multiplt.pipeline import parts
from multiplt.report import build_html, write_report
from multiplt.report.loading import load_run
from multiplt.report.sections import (
    coverage_distribution,
    costs,
    execution_times,
    funnel_rows,
    language_funnel,
    pass_rate_distribution,
    sample_items,
    ten_bins,
)


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    return build_finished_run(tmp_path / "full")


def test_funnel_lists_every_stage_with_records_in_out_and_drop_reasons(finished: Path) -> None:
    rows = {row.name: row for row in funnel_rows(load_run(finished))}
    assert list(rows) == ["source", "testgen", "translate", "generate", "validate", "dedup", "dataset"]
    assert (rows["testgen"].records_in, rows["testgen"].records_out) == (4, 3)
    assert rows["testgen"].dropped == {"no_passing_test": 1}
    assert (rows["generate"].records_in, rows["generate"].records_out) == (5, 5)
    assert (rows["validate"].records_in, rows["validate"].records_out) == (5, 4)
    assert rows["validate"].dropped == {"no_passing_solution": 1}
    assert rows["dedup"].dropped == {"exact_duplicate": 4}
    assert all(row.note == "" for row in rows.values())


def test_language_funnel_counts_records_per_language_and_its_own_drop_reasons(finished: Path) -> None:
    funnel = language_funnel(load_run(finished))
    assert funnel.stages == ["translate", "generate", "validate", "dedup", "dataset"]
    assert funnel.languages == ["lua", "rkt"]
    lua_validate, rkt_validate = funnel.cells[("validate", "lua")], funnel.cells[("validate", "rkt")]
    assert (lua_validate.records_in, lua_validate.records_out) == (3, 3)
    assert (rkt_validate.records_in, rkt_validate.records_out) == (2, 1)
    assert lua_validate.dropped == {}
    assert rkt_validate.dropped == {"no_passing_solution": 1}
    assert funnel.cells[("dedup", "lua")].dropped == {"exact_duplicate": 3}
    # Translate is offered each of the 3 tested functions; Racket loses leapdays to the stub check.
    assert funnel.cells[("translate", "rkt")].records_in == 3
    assert funnel.cells[("translate", "rkt")].records_out == 2
    assert funnel.cells[("translate", "rkt")].dropped == {"stub_compiles_not": 1}
    assert funnel.cells[("dataset", "lua")].records_out == 3
    assert funnel.cells[("dataset", "rkt")].records_out == 1


def test_costs_per_validated_item_overall_and_per_language(finished: Path) -> None:
    found = costs(load_run(finished))
    assert found.validated_stage == "validate"
    assert found.validated == 8
    assert found.validated_by_language == {"lua": 6, "rkt": 2}
    # 4,000 testgen tokens + 5 problems x 800 generate tokens, over 8 validated solutions.
    assert found.per_item["llm_tokens"] == pytest.approx(1000.0)
    assert found.per_item["llm_seconds"] == pytest.approx((12.0 + 5 * 4.0) / 8)
    # 9 testgen programs (450 ms) + 12 Lua x 4 ms + 8 Racket x 210 ms.
    assert found.per_item["sandbox_seconds"] == pytest.approx((0.45 + 0.048 + 1.68) / 8)
    # The stages keep no <lang>/llm.* counters: per language the tokens are not recorded.
    assert found.per_item_by_language["lua"]["llm_tokens"] is None


def test_execution_times_per_language_from_counters_and_verdicts(finished: Path) -> None:
    times = execution_times(load_run(finished))
    assert times.programs == {"lua": {"OK": 6, "AssertionError": 6}, "rkt": {"OK": 2, "AssertionError": 6}}
    # Only isleap's Racket samples survive validate; capwords' four are dropped with their problem.
    assert times.verdict_seconds["rkt"] == [0.21] * 4
    assert times.verdict_seconds["lua"] == [0.004] * 12


def test_pass_rate_per_problem_counts_problems_validate_dropped_as_zero(finished: Path) -> None:
    distribution = pass_rate_distribution(load_run(finished))
    assert sorted(distribution.by_language["lua"]) == [0.25, 0.5, 0.75]
    assert sorted(distribution.by_language["rkt"]) == [0.0, 0.5]


def test_coverage_histogram_puts_full_coverage_in_the_last_bin(finished: Path) -> None:
    distribution = coverage_distribution(load_run(finished))
    assert sorted(distribution.values) == [0.75, 1.0, 1.0]
    assert distribution.binned() == {"all": [0, 0, 0, 0, 0, 0, 0, 1, 0, 2]}


def test_ten_bins_hold_their_lower_edge() -> None:
    assert ten_bins([0.0, 0.1, 0.0999, 0.3, 0.9, 1.0]) == [2, 1, 0, 1, 0, 0, 0, 0, 0, 2]


def test_samples_rank_functions_by_validated_languages_and_link_solutions(finished: Path) -> None:
    samples = sample_items(load_run(finished))
    assert [item.name for item in samples.items] == ["isleap", "capwords", "leapdays"]
    isleap = samples.items[0]
    assert sorted(isleap.translations) == ["lua", "rkt"]
    assert "local function isleap(year)" in isleap.translations["lua"].text
    assert isleap.translations["rkt"].detail == "OK, 0.210s, pass rate 50%"
    assert isleap.tests == ["assert isleap(2000) == True", "assert isleap(1900) == False",
                            "assert isleap(2024) == True"]
    assert isleap.source.startswith("def isleap(year):")
    assert sorted(samples.items[1].translations) == ["lua"]


def test_partial_run_renders_with_notes_for_the_stages_not_run(tmp_path: Path) -> None:
    run_dir = build_finished_run(tmp_path / "partial", until="translate")
    content = load_run(run_dir)
    rows = {row.name: row for row in funnel_rows(content)}
    assert rows["generate"].note == "not run yet"
    assert "stage 'validate' has not run yet" in content.notes
    assert costs(content).notes[0] == "no validate stage has run: costs per validated item are not known yet"
    assert pass_rate_distribution(content).values == []
    html = build_html(content)
    assert "not run yet" in html
    assert "no validated solution" in html
    assert "no pass rates yet" in html


def test_empty_run_folder_renders_a_page_of_notes(tmp_path: Path) -> None:
    run_dir = tmp_path / "empty"
    run_dir.mkdir()
    path = write_report(run_dir)
    html = path.read_text(encoding="utf-8")
    assert "config.toml: missing" in html
    assert "the source has not been read yet" in html
    assert "No stage has a done part yet" in html


def test_corrupt_part_and_marker_become_notes(finished: Path) -> None:
    parts.part_path(finished / "dataset", 0).write_bytes(b"not parquet")
    parts.marker_path(finished / "dedup", 0).write_text("{truncated", encoding="utf-8")
    content = load_run(finished)
    assert any("dataset/part-00000.parquet: unreadable part" in note for note in content.notes)
    assert any("dedup/_done/part-00000: unreadable marker" in note for note in content.notes)
    html = build_html(content)
    assert "unreadable part" in html


def test_a_record_without_the_expected_fields_is_shown_with_a_note(finished: Path) -> None:
    records = parts.read_part(parts.part_path(finished / "testgen", 0))
    stripped = [records[0].derive({"name": records[0]["name"]}, stage="testgen"), *records[1:]]
    parts.write_part(finished / "testgen", 0, stripped)
    content = load_run(finished)
    assert coverage_distribution(content).notes == ["1 tested functions have no coverage.line"]
    capwords = next(item for item in sample_items(content).items if item.name == "capwords")
    assert capwords.source == "(no source field)"
    assert capwords.tests == []
    assert "no passing tests recorded" in build_html(content)


def test_generated_code_is_escaped_in_the_page(tmp_path: Path) -> None:
    run_dir = build_finished_run(tmp_path / "hostile", hostile=True)
    html = build_html(load_run(run_dir))
    assert "<script>window.pwned" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;/script&gt;" in html
    assert HOSTILE.startswith("-- </script>")


def test_page_needs_no_network(finished: Path) -> None:
    html = write_report(finished).read_text(encoding="utf-8")
    assert "<script src" not in html
    assert "<link" not in html
