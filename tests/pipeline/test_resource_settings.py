"""From a run config to the settings every worker opens its resources with."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_helpers import write_config

from multiplt.config import ConfigError, load_config
from multiplt.llm import BackendError, BackendSettings, open_from_settings
from multiplt.pipeline import Context
from multiplt.pipeline.resources import ResourceError, plan_cores, resource_settings
from multiplt.pipeline.session import execute


def test_llm_and_sandbox_sections_become_the_settings_with_the_cores_share(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages='[llm]\nbackend = "openai"\nbase_url = "http://h:1/v1"\nchat = true\n'
                                           'seed = 3\nretries = 1\n\n[sandbox]\nisolation = "process"\ncache = false\n')
    settings = resource_settings(load_config(config), plan_cores(6, 3, 0, 0))
    llm = settings.llm
    assert (llm.kind, llm.base_url, llm.chat, llm.seed, llm.retries, llm.threads) == ("openai", "http://h:1/v1", True, 3, 1, 2)
    assert llm.cache_path == tmp_path / "runs" / "test" / "cache" / "llm.sqlite"
    assert (settings.isolation, settings.sandbox_jobs, settings.sandbox_cache) == ("process", 2, None)


def test_a_base_url_for_an_in_process_backend_is_refused_with_its_line(tmp_path: Path, numbers: Path) -> None:
    config = write_config(tmp_path, stages='[llm]\nbackend = "llamacpp"\nbase_url = "http://h:1/v1"\n')
    with pytest.raises(ConfigError) as error:
        execute(load_config(config))
    assert error.value.problems == [f"{config}:12: llm.base_url: applies to the openai backend only, not 'llamacpp'"]


def test_the_api_key_comes_from_the_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SERVER_KEY", "sekrit")
    options = BackendSettings(kind="openai", api_key_env="MY_SERVER_KEY").options()
    assert options["api_key"] == "sekrit" and "seed" not in options


def test_chat_for_an_in_process_backend_does_not_open() -> None:
    with pytest.raises(BackendError, match="chat applies to the openai backend only, not 'llamacpp'"):
        open_from_settings(BackendSettings(kind="llamacpp", chat=True))


def test_a_context_made_outside_a_runner_says_it_has_no_resources(tmp_path: Path) -> None:
    ctx = Context(stage="s", run_dir=tmp_path)
    with pytest.raises(ResourceError, match="no LLM backend here"):
        ctx.llm
    with pytest.raises(ResourceError, match="no sandbox here"):
        ctx.sandbox
