"""The config keys the Ray runner and several LLM servers add: run.runner/run.address, llm.base_url as a list."""

from __future__ import annotations

from pathlib import Path

from multiplt.config import load_config
from multiplt.pipeline.resources import plan_cores, resource_settings


def test_a_list_of_base_urls_reaches_the_backend_settings(tmp_path: Path) -> None:
    config_path = tmp_path / "run.toml"
    config_path.write_text('[run]\nrunner = "ray"\naddress = "10.0.0.1:6379"\n\n[llm]\nbackend = "openai"\n'
                           'base_url = ["http://gpu-0:8000/v1", "http://gpu-1:8000/v1"]\n', encoding="utf-8")
    config = load_config(config_path)
    assert (config.run.runner, config.run.address) == ("ray", "10.0.0.1:6379")
    settings = resource_settings(config, plan_cores(1, 1, 0, 0, available=1))
    assert settings.llm.base_url == ("http://gpu-0:8000/v1", "http://gpu-1:8000/v1")
    assert settings.llm.options()["base_url"] == ["http://gpu-0:8000/v1", "http://gpu-1:8000/v1"]
