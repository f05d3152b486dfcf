"""The local runner: counts, reasons, logs, failures, and resuming from done markers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pipeline_helpers import SQUARE, write_config, write_numbers

from multiplt.config import ConfigError, load_config
from multiplt.pipeline import SourceError, StageFailed, parts
from multiplt.pipeline.runlog import read_events
from multiplt.pipeline.session import execute


def _run(config: Path, **overrides: object):
    return execute(load_config(config, overrides))


def _events(run_dir: Path, event: str) -> list[dict]:
    return [line for line in read_events(run_dir / "log.jsonl") if line["event"] == event]


def test_stage_summary_counts_in_out_and_dropped_by_reason(tmp_path: Path, numbers: Path) -> None:
    result = _run(write_config(tmp_path, stages=SQUARE.format(delay_s=0)))
    square = result.summaries[-1]
    # 1000 in; 143 multiples of 7 dropped; 857 kept, of which the 171 multiples of 5 (not of 7) appear twice
    assert (square.records_in, square.records_out, square.dropped) == (1000, 1028, {"multiple_of_seven": 143})


def test_summary_line_names_stage_counts_and_reasons(tmp_path: Path, numbers: Path) -> None:
    line = _run(write_config(tmp_path, stages=SQUARE.format(delay_s=0))).summaries[-1].line()
    assert line.startswith("square: 1,000 in, 1,028 out, 143 dropped (multiple_of_seven 143)")


def test_each_input_part_gives_one_output_part(tmp_path: Path, numbers: Path) -> None:
    result = _run(write_config(tmp_path, part_size=300, stages=SQUARE.format(delay_s=0)))
    assert parts.part_indices(result.run_dir / "square") == [0, 1, 2, 3]


def test_chained_stages_read_the_previous_stage(tmp_path: Path, numbers: Path) -> None:
    stages = SQUARE.format(delay_s=0) + '\n[[stages]]\nkind = "pipeline_test_stages:DropOdd"\n'
    result = _run(write_config(tmp_path, stages=stages))
    kept = list(parts.iter_records(result.final_folder))
    assert kept and all(record["n"] % 2 == 0 and "square" in record.data for record in kept)


def test_output_records_point_at_their_parents(tmp_path: Path, numbers: Path) -> None:
    result = _run(write_config(tmp_path, stages=SQUARE.format(delay_s=0)))
    source_ids = {record.id for record in parts.iter_records(result.run_dir / "source")}
    assert all(set(record.parents) <= source_ids for record in parts.iter_records(result.final_folder))


def test_process_pool_gives_the_same_records_as_one_process(tmp_path: Path, numbers: Path) -> None:
    one = _run(write_config(tmp_path, name="one", jobs=1, stages=SQUARE.format(delay_s=0)))
    pool = _run(write_config(tmp_path, name="pool", jobs=2, stages=SQUARE.format(delay_s=0)))
    assert list(parts.iter_records(one.final_folder)) == list(parts.iter_records(pool.final_folder))


def test_malformed_input_lines_are_counted_and_logged_with_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "numbers.jsonl"
    source.write_text('{"n": 1}\n{"n": \n[1, 2]\n{"n": 2}\n', encoding="utf-8")
    result = _run(write_config(tmp_path))
    assert result.summaries[0].dropped == {"malformed_json": 1, "not_an_object": 1}
    places = [event["where"] for event in _events(result.run_dir, "input_skipped")]
    assert [place.split(":")[1] for place in places] == ["2", "3"]


def test_run_folder_keeps_resolved_config_and_json_lines_log(tmp_path: Path, numbers: Path) -> None:
    result = _run(write_config(tmp_path, stages=SQUARE.format(delay_s=0)), **{"run.jobs": 1})
    saved = (result.run_dir / "config.toml").read_text(encoding="utf-8")
    assert 'kind = "pipeline_test_stages:SquareSlowly"' in saved and "part_size = 100" in saved
    events = [json.loads(line)["event"] for line in (result.run_dir / "log.jsonl").read_text().splitlines()]
    assert events[0] == "run_start" and events[-1] == "run_done" and "part_done" in events


def test_second_run_resumes_every_part_and_changes_nothing(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages=SQUARE.format(delay_s=0))
    first = list(parts.iter_records(_run(config).final_folder))
    again = _run(config)
    assert again.summaries[-1].resumed_parts == 10
    assert list(parts.iter_records(again.final_folder)) == first


def test_part_without_marker_is_redone_on_resume(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages=SQUARE.format(delay_s=0))
    first = _run(config)
    parts.marker_path(first.final_folder, 4).unlink()
    parts.part_path(first.final_folder, 4).write_bytes(b"torn")
    again = _run(config)
    assert again.summaries[-1].resumed_parts == 9
    assert len(parts.read_part(parts.part_path(again.final_folder, 4))) > 0


def test_source_added_after_interruption_is_read_again(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path)
    first = _run(config)
    (first.run_dir / "source" / parts.DONE_DIR / "_complete").unlink()
    parts.marker_path(first.run_dir / "source", 9).unlink()
    again = _run(config)
    assert (again.summaries[0].records_out, again.summaries[0].resumed_parts) == (1000, 9)


def test_failing_stage_names_stage_and_part(tmp_path: Path, numbers: Path) -> None:
    stages = '[[stages]]\nkind = "pipeline_test_stages:FailOn"\noptions = { fail_at = 250 }\n'
    with pytest.raises(StageFailed, match=r"stage 'fail_on' failed on part-00002: ValueError: cannot handle n=250"):
        _run(write_config(tmp_path, stages=stages))


def test_failing_stage_logs_the_traceback(tmp_path: Path, numbers: Path) -> None:
    stages = '[[stages]]\nkind = "pipeline_test_stages:FailOn"\noptions = { fail_at = 250 }\n'
    with pytest.raises(StageFailed):
        _run(write_config(tmp_path, jobs=2, stages=stages))
    failed = _events(tmp_path / "runs" / "test", "part_failed")
    assert failed[0]["part"] == 2 and "cannot handle n=250" in failed[0]["traceback"]


def test_stage_returning_non_records_fails_with_a_clear_message(tmp_path: Path, numbers: Path) -> None:
    stages = '[[stages]]\nkind = "pipeline_test_stages:ReturnsDicts"\n'
    with pytest.raises(StageFailed, match="returned dict, not Record"):
        _run(write_config(tmp_path, stages=stages))


def test_resuming_with_a_changed_config_is_refused(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path)
    _run(config)
    with pytest.raises(ConfigError, match=r"run.part_size changed"):
        _run(config, **{"run.part_size": 50})


def test_resuming_with_more_jobs_is_allowed(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages=SQUARE.format(delay_s=0))
    _run(config)
    assert _run(config, **{"run.jobs": 2}).summaries[-1].resumed_parts == 10


def test_restart_deletes_previous_outputs(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path)
    _run(config)
    write_numbers(tmp_path / "numbers.jsonl", 10)
    result = execute(load_config(config), restart=True)
    assert result.summaries[0].records_out == 10


def test_parts_source_reads_a_finished_stage_keeping_ids(tmp_path: Path, numbers: Path) -> None:
    first = _run(write_config(tmp_path, name="first", stages=SQUARE.format(delay_s=0)))
    config = write_config(tmp_path, name="second", source=str(first.final_folder))
    config.write_text(config.read_text().replace("[source]", '[source]\nkind = "parts"'), encoding="utf-8")
    second = _run(config)
    assert list(parts.iter_records(second.final_folder)) == list(parts.iter_records(first.final_folder))


def test_parts_source_refuses_an_unfinished_stage(tmp_path: Path, numbers: Path) -> None:
    first = _run(write_config(tmp_path, name="first", stages=SQUARE.format(delay_s=0)))
    parts.marker_path(first.final_folder, 3).unlink()
    config = write_config(tmp_path, name="second", source=str(first.final_folder))
    config.write_text(config.read_text().replace("[source]", '[source]\nkind = "parts"'), encoding="utf-8")
    with pytest.raises(SourceError, match="1 part\\(s\\) without a done marker"):
        _run(config)
