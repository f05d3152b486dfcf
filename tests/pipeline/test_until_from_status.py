"""`multiplt run --until/--from` and `multiplt status`: stop after a stage, go on later, see where a run stands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pipeline_helpers import SQUARE, write_config
from typer.testing import CliRunner

from multiplt.cli.main import app
from multiplt.config import load_config
from multiplt.pipeline.session import StageSelectionError, execute
from multiplt.pipeline.status import read_run

CHAIN = SQUARE.format(delay_s=0.0) + '\n[[stages]]\nkind = "pipeline_test_stages:DropOdd"\n'


def _config(tmp_path: Path) -> Path:
    return write_config(tmp_path, stages=CHAIN)


def test_until_stops_after_the_named_stage(tmp_path: Path, numbers: Path) -> None:
    config = load_config(_config(tmp_path))
    result = execute(config, until="square")
    assert [summary.name for summary in result.summaries] == ["source", "square"]
    state = read_run(result.run_dir)
    assert state.stage("square").complete
    drop_odd = state.stage("drop_odd")
    assert not drop_odd.started
    # 1,000 numbers in parts of 100: drop_odd has all 10 parts left.
    assert (drop_odd.parts_done, drop_odd.parts_left) == (0, 10)
    assert not state.finished


def test_from_goes_on_after_an_until_and_matches_a_whole_run(tmp_path: Path, numbers: Path) -> None:
    config = load_config(_config(tmp_path))
    execute(config, until="square")
    result = execute(config, start_from="drop_odd")
    assert result.summaries[1].resumed_parts == 10
    state = read_run(result.run_dir)
    assert state.finished
    # 1,000 numbers: 143 multiples of 7 dropped, multiples of 5 doubled (+171), then odd ones dropped.
    assert state.stage("square").records_out == 1028
    assert state.stage("drop_odd").dropped == {"odd": 515}


def test_from_refuses_while_an_earlier_stage_is_unfinished(tmp_path: Path, numbers: Path) -> None:
    config = load_config(_config(tmp_path))
    with pytest.raises(StageSelectionError, match="stage 'source' before it is not finished .not run.; "
                                                  "run without --from"):
        execute(config, start_from="drop_odd")
    execute(config, until="square")
    (tmp_path / "runs" / "test" / "square" / "_done" / "part-00004").unlink()
    with pytest.raises(StageSelectionError, match="stage 'square' before it is not finished .1 parts left.; "
                                                  "run with --until square first"):
        execute(config, start_from="drop_odd")


def test_until_names_the_stages_when_it_names_none_of_them(tmp_path: Path, numbers: Path) -> None:
    config = load_config(_config(tmp_path))
    with pytest.raises(StageSelectionError, match="--until sqare: no such stage; the stages are: square, drop_odd"):
        execute(config, until="sqare")


def test_cli_until_then_status_then_from(tmp_path: Path, numbers: Path) -> None:
    runner = CliRunner()
    config = _config(tmp_path)
    first = runner.invoke(app, ["run", str(config), "--until", "square"])
    assert first.exit_code == 0, first.output
    run_dir = tmp_path / "runs" / "test"
    status = runner.invoke(app, ["status", str(run_dir)])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert lines[0] == f"{run_dir}: not finished"
    square = next(line for line in lines if line.startswith("square"))
    assert square.split()[:5] == ["square", "10", "0", "1,000", "1,028"]
    assert square.endswith("multiple_of_seven 143")
    assert next(line for line in lines if line.startswith("drop_odd")).split()[:5] == \
        ["drop_odd", "(not", "run)", "0", "10"]
    second = runner.invoke(app, ["run", str(config), "--from", "drop_odd"])
    assert second.exit_code == 0, second.output
    as_json = json.loads(runner.invoke(app, ["status", str(run_dir), "--json"]).output)
    assert as_json["finished"] is True
    assert [(stage["stage"], stage["parts_left"]) for stage in as_json["stages"]] == \
        [("source", 0), ("square", 0), ("drop_odd", 0)]


def test_cli_from_an_unknown_stage_is_one_line_error(tmp_path: Path, numbers: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(_config(tmp_path)), "--from", "nope"])
    assert result.exit_code == 1
    assert "error: --from nope: no such stage; the stages are: square, drop_odd" in result.output


def test_status_of_a_missing_folder_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["status", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {tmp_path / 'nothing'}: no such run folder"
