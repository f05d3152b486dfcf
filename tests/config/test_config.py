"""Run config errors name the file, the line and the key; command-line flags override keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiplt.config import ConfigError, key_lines, load_config, parse_override
from multiplt.pipeline.build import build_source, build_stages


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "input.jsonl").write_text('{"n": 1}\n', encoding="utf-8")
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, **overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path, overrides)
    return str(caught.value)


GOOD = """# a comment
[run]
name = "demo"
jobs = 2

[source]
path = "input.jsonl"
"""


def test_valid_config_loads_with_defaults_filled_in(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD))
    assert (config.run.name, config.run.jobs, config.run.part_size, config.llm.backend) == ("demo", 2, 1000, "llamacpp")


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("jobs = 2", "jobs = 2\njobz = 3"))
    assert _error(path).startswith(f"{path}:5: run.jobz: unknown key (known keys: name, runs_dir,")


def test_unknown_table_names_its_header_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "\n[sandboxx]\nisolation = 'warm'\n")
    assert _error(path).startswith(f"{path}:9: sandboxx: unknown key")


def test_wrong_type_names_line_key_and_value(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("jobs = 2", 'jobs = "four"'))
    assert _error(path) == f"{path}:4: run.jobs: expected an integer, got 'four'"


def test_wrong_type_is_not_coerced_from_a_string_number(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("jobs = 2", 'jobs = "2"'))
    assert "run.jobs: expected an integer" in _error(path)


def test_wrong_choice_lists_the_allowed_values(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + '\n[llm]\nbackend = "gpt"\n')
    message = _error(path)
    assert message.startswith(f"{path}:10: llm.backend:") and "'llamacpp'" in message and "got 'gpt'" in message


def test_wrong_type_in_array_of_tables_names_the_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + '\n[[stages]]\nkind = "a:B"\n\n[[stages]]\nkind = 3\n')
    assert _error(path) == f"{path}:13: stages[1].kind: expected a string, got 3"


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    assert _error(path) == f"{path}: config file not found"


def test_missing_input_file_names_key_line_and_path(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("input.jsonl", "nowhere.jsonl"))
    assert _error(path) == f"{path}:7: source.path: file not found: {tmp_path / 'nowhere.jsonl'}"


def test_missing_required_key_names_its_table(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('path = "input.jsonl"', 'limit = 5'))
    assert _error(path) == f"{path}:6: source.path: missing required key"


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("jobs = 2", "jobs = = 2"))
    message = _error(path)
    assert message.startswith(f"{path}: invalid TOML:") and "line 4" in message


def test_input_path_is_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, GOOD)
    monkeypatch.chdir("/")
    assert load_config(path).source.path == str(tmp_path / "input.jsonl")


def test_flag_overrides_the_file(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD), {"run.jobs": 7, "llm.model": "m"})
    assert (config.run.jobs, config.llm.model) == (7, "m")


def test_bad_flag_value_names_the_flag_not_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    with pytest.raises(ConfigError) as caught:
        load_config(path, {"run.jobs": "many"}, {"run.jobs": "--jobs"})
    assert str(caught.value) == "command line (--jobs): run.jobs: expected an integer, got 'many'"


def test_override_of_unknown_key_is_reported_as_such(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, GOOD), **{"run.colour": "red"})
    assert message.startswith("command line (--set run.colour=...): run.colour: unknown key")


def test_set_values_are_read_as_toml_then_as_strings() -> None:
    assert [parse_override(text) for text in ("run.jobs=4", "llm.model=org/model", "llm.cache=false")] == [
        ("run.jobs", 4), ("llm.model", "org/model"), ("llm.cache", False)]


def test_set_without_equals_is_an_error() -> None:
    with pytest.raises(ConfigError, match="expected KEY=VALUE"):
        parse_override("run.jobs")


def test_unknown_stage_kind_names_line_and_known_kinds(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + '\n[[stages]]\nkind = "no_such_stage"\n')
    with pytest.raises(ConfigError) as caught:
        build_stages(load_config(path))
    assert str(caught.value).startswith(f"{path}:10: stages[0].kind: unknown stage kind 'no_such_stage'")


def test_stage_option_of_wrong_type_names_its_line(tmp_path: Path) -> None:
    text = GOOD + '\n[[stages]]\nkind = "pipeline_test_stages:SquareSlowly"\n[stages.options]\ndelay_s = "slow"\n'
    with pytest.raises(ConfigError) as caught:
        build_stages(load_config(_write(tmp_path, text)))
    assert str(caught.value).startswith(f"{tmp_path / 'run.toml'}:12: stages[0].options.delay_s:")


def test_stage_with_a_missing_package_says_how_to_install_it(tmp_path: Path) -> None:
    text = GOOD + '\n[[stages]]\nkind = "pipeline_test_stages:NeedsMissingPackage"\n'
    with pytest.raises(ConfigError, match=r"run: pip install multiplt-no-such-package-xyz"):
        build_stages(load_config(_write(tmp_path, text)))


def test_run_without_source_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"source: missing: a run needs a \[source\] table"):
        build_source(load_config(_write(tmp_path, '[run]\nname = "x"\n')))


def test_key_lines_follow_dotted_keys_and_skip_multiline_strings() -> None:
    lines = key_lines('a.b = 1\ntext = """\nfake = 1\n"""\n[t]\n"quoted.key" = 2\n')
    assert (lines[("a", "b")], lines[("t", "quoted.key")], ("fake",) in lines) == (1, 6, False)
