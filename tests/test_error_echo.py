"""No error echoes unbounded input: an id, a header or a field name comes back cut to a few dozen characters, on
one line, with its full length said; short ones come back whole so the user sees which one was wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.errors import ECHO_LIMIT, echo
from tests.conftest import REPO, TODAY

pytest_plugins = ["tests.serve_fixtures"]

LONG_ID = "acme/" + "x" * 10_000


def test_echo_keeps_short_input_and_cuts_long_input_to_one_line() -> None:
    assert echo("acme/analyst") == "acme/analyst"
    cut = echo("a\nb" + "y" * 500)
    assert len(cut) < ECHO_LIMIT + 30 and "\n" not in cut and cut.endswith("(503 characters)")


def test_a_404_for_a_10_kb_id_is_short(api_client: TestClient) -> None:
    response = api_client.get(f"/api/guides/{LONG_ID}")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert len(detail) < 200 and "10,005 characters" in detail and "GET /api/guides lists the ids" in detail


def test_validation_errors_never_repeat_a_huge_field_name_or_header(api_client: TestClient) -> None:
    huge = "k" * 5_000
    extra = api_client.post("/api/chat", json={"question": "hi", huge: 1})
    assert extra.status_code == 422 and len(extra.json()["detail"]) < 200
    typed = api_client.post("/api/chat", content=b'{"question": "hi"}', headers={"Content-Type": "text/" + huge})
    assert typed.status_code == 422 and len(typed.json()["detail"]) < 300


def test_the_cli_cuts_an_unknown_guide_id_too(seed_index: Path) -> None:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_TODAY": TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "guides", "show", LONG_ID], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2 and len(done.stderr) < 400 and "10,005 characters" in " ".join(done.stderr.split())
