"""The config keys the Ray runner and several LLM servers add: run.runner/run.address, llm.base_url as a list."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiplt.config import ConfigError, load_config
from multiplt.pipeline.resources import plan_cores, resource_settings

RAY_AND_TWO_SERVERS = ('[run]\nrunner = "ray"\naddress = "10.0.0.1:6379"\n\n[llm]\nbackend = "openai"\n'
                       'base_url = ["http://gpu-0:8000/v1", "http://gpu-1:8000/v1"]\n')


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_list_of_base_urls_reaches_the_backend_settings(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, RAY_AND_TWO_SERVERS))
    assert (config.run.runner, config.run.address) == ("ray", "10.0.0.1:6379")
    settings = resource_settings(config, plan_cores(1, 1, 0, 0, available=1))
    assert settings.llm.base_url == ("http://gpu-0:8000/v1", "http://gpu-1:8000/v1")
    assert settings.llm.options()["base_url"] == ["http://gpu-0:8000/v1", "http://gpu-1:8000/v1"]


def test_one_base_url_as_a_string_is_a_list_of_one_for_the_backend(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, '[llm]\nbackend = "openai"\nbase_url = "http://gpu-0:8000/v1"\n'))
    assert config.llm.base_url == "http://gpu-0:8000/v1"  # the saved config.toml keeps what was written
    settings = resource_settings(config, plan_cores(1, 1, 0, 0, available=1))
    assert settings.llm.options()["base_url"] == ["http://gpu-0:8000/v1"]


def test_repeated_base_url_flags_override_the_files_list(tmp_path: Path) -> None:
    # What `multiplt run --base-url A --base-url B` hands load_config.
    config = load_config(_write(tmp_path, RAY_AND_TWO_SERVERS), {"llm.base_url": ["http://a:1/v1", "http://b:2/v1"]},
                         {"llm.base_url": "--base-url"})
    assert config.llm.base_url == ["http://a:1/v1", "http://b:2/v1"]


@pytest.mark.parametrize(("value", "message"), [
    ("[]", "run.toml:3: llm.base_url: expected a URL or a non-empty array of URLs, got []"),
    ("5", "run.toml:3: llm.base_url: expected a URL or a non-empty array of URLs, got 5"),
    ('["http://gpu-0:8000/v1", "gpu-1:8000"]', "run.toml:3: llm.base_url: expected an http:// or https:// URL, "
                                               "got 'gpu-1:8000'"),
])
def test_a_bad_base_url_is_one_line_naming_file_line_and_key(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, f'[llm]\nbackend = "openai"\nbase_url = {value}\n'))
    assert caught.value.problems == [f"{tmp_path}/{message}"]
