"""Fixtures for the web tests (test_api.py, test_widget_e2e.py): real indexes, built once per session.

Loaded with `pytest_plugins = ["tests.serve_fixtures"]` from the test modules that need it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.index.build import ingest
from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.web_helpers import ClientFactory

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "seeds"
XSS_GUIDE_DIR = REPO / "tests" / "guides" / "xss-labs"


def serve_settings(index_dir: Path, corpus_dir: Path, **overrides: Any) -> Settings:
    """Settings that do not depend on the ASSISTANT_* variables of whoever runs the tests."""
    fixed: dict[str, Any] = {
        "index_dir": index_dir,
        "corpus_dir": corpus_dir,
        "llm": "offline",
        "auto_ingest": False,  # a missing index must stay missing: several tests are about exactly that
        "allowed_origins": [],
        "rate_limit": "1000/minute",
        "admin_api_key": None,
        "max_question_chars": 2000,
        "max_body_bytes": 16_384,
        "chroma_url": None,  # these indexes keep their vectors embedded
        "public_origin": "http://testserver",  # the Host and Origin TestClient's requests carry
        "trusted_proxies": [],
        "rate_limit_storage": "memory://",
    }
    return Settings(**{**fixed, **overrides})


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("seeds-index")
    report = ingest(SEEDS_DIR, index_dir)
    assert report.guides_in_index == 3, report.errors
    return index_dir


@pytest.fixture(scope="session")
def seeds_assistant(seeds_index: Path) -> Assistant:
    """One assistant for the session, so the embedding model loads once; apps differ only in serving settings.
    Warm, so that what a test sees does not depend on whether an earlier test loaded the model."""
    warm = Assistant(serve_settings(seeds_index, SEEDS_DIR))
    warm.reader.warm_up()
    return warm


@pytest.fixture
def make_api_client(seeds_index: Path, seeds_assistant: Assistant) -> ClientFactory:
    """make_api_client(rate_limit="2/minute", ...) -> a TestClient on a fresh app over the seeds index.

    The app shares the session's assistant unless own_assistant=True or another index_dir is given.
    """

    def make(own_assistant: bool = False, **overrides: Any) -> TestClient:
        settings = serve_settings(**{"index_dir": seeds_index, "corpus_dir": SEEDS_DIR, **overrides})
        fresh = own_assistant or settings.index_dir != seeds_index
        return TestClient(create_app(settings, Assistant(settings) if fresh else seeds_assistant))

    return make


@pytest.fixture
def api_client(make_api_client: ClientFactory) -> TestClient:
    return make_api_client()


@pytest.fixture(scope="session")
def make_settings() -> Callable[..., Settings]:
    """serve_settings for modules that load these fixtures as a plugin rather than importing them."""
    return serve_settings


@pytest.fixture(scope="session")
def xss_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus the invented guide whose prose carries <img onerror> and <script> markup."""
    corpus = tmp_path_factory.mktemp("xss-corpus")
    for guide_dir in [*SEEDS_DIR.iterdir(), XSS_GUIDE_DIR]:
        if guide_dir.is_dir():
            shutil.copytree(guide_dir, corpus / guide_dir.name)
    return corpus


@pytest.fixture(scope="session")
def xss_index(tmp_path_factory: pytest.TempPathFactory, xss_corpus: Path) -> Path:
    index_dir = tmp_path_factory.mktemp("xss-index")
    report = ingest(xss_corpus, index_dir)
    assert report.guides_in_index == 4, report.errors
    return index_dir
