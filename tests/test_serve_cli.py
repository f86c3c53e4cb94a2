"""`assistant serve`: the settings it was given reach every worker through the environment."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from assistant.cli.serve_commands import settings_environment
from assistant.settings import Settings


def test_every_setting_given_on_the_command_line_rebuilds_identically_in_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given = Settings(
        index_dir=Path("/srv/index"), port=8123, workers=3, allowed_origins="https://a.example,https://b.example",
        trusted_proxies="10.0.0.0/8,192.0.2.7", admin_api_key="s3cret", today=date(2026, 11, 21), auto_ingest=False,
        public_origin="https://assistant.example", rate_limit_storage="redis://10.0.0.6:6379",
    )  # fmt: skip
    environment = settings_environment(given)
    for name in [name for name in os.environ if name.startswith("ASSISTANT_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    rebuilt = Settings()  # what app_from_environment does in each worker

    assert rebuilt == given
    assert rebuilt.admin_api_key is not None and rebuilt.admin_api_key.get_secret_value() == "s3cret"
    assert environment["ASSISTANT_ALLOWED_ORIGINS"] == "https://a.example,https://b.example"
    assert "ASSISTANT_LLM_API_KEY" not in environment  # unset stays unset
