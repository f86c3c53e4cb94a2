"""Shared fixtures: real indexes built with the real embedding model, once per session.

Index tests that take the `vectors` fixture run twice: with Chroma embedded, and against a real Chroma server
(`chroma run` on a free loopback port, started once per session). `--chroma-server` picks how much runs against
the server: `subset` (default: all but the tests marked `server_full`), `all`, `only` (the server mode alone)
or `off`. ASSISTANT_TEST_CHROMA_URL points the tests at a server you already run instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assistant.index.build import ingest
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.vectors import VectorConfig
from assistant.service import Assistant
from assistant.settings import Settings
from tests.chroma_server import ChromaServer

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TEST_GUIDES = REPO / "tests" / "guides"
CORPUS_SHAPES = REPO / "tests" / "corpus_shapes"  # the shapes measured over the real corpus, invented
TODAY = date(2026, 11, 21)  # the date the staleness expectations below were written for


VECTOR_MODES = ("embedded", "server")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--chroma-server",
        choices=["subset", "all", "only", "off"],
        default="subset",
        help="How many index tests also run against a real Chroma server (default: subset).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "server_full: runs against a Chroma server only with --chroma-server=all|only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "vectors" not in metafunc.fixturenames:
        return
    choice = metafunc.config.getoption("--chroma-server")
    heavy = metafunc.definition.get_closest_marker("server_full") is not None
    modes = {"subset": ["embedded"] if heavy else list(VECTOR_MODES), "all": list(VECTOR_MODES),
             "only": ["server"], "off": ["embedded"]}[choice]  # fmt: skip
    metafunc.parametrize("vectors", modes, indirect=True, scope="session")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a real Chroma server for this session."""
    if url := os.environ.get("ASSISTANT_TEST_CHROMA_URL"):
        yield url
        return
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data").start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def vectors(request: pytest.FixtureRequest) -> VectorConfig:
    """Where the index under test keeps its vectors: embedded, or on the session's Chroma server."""
    if request.param == "server":
        return VectorConfig(url=request.getfixturevalue("chroma_server"))
    return VectorConfig()


@pytest.fixture(scope="session")
def seed_index_in(
    tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> Path:
    """The seeds indexed with the vectors wherever `vectors` says (the catalog and BM25 are always on disk)."""
    index_dir = tmp_path_factory.mktemp("seed-index-" + ("server" if vectors.on_server else "embedded"))
    report = ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    assert report.errors == [] and len(report.added) == 3
    return index_dir


def vector_env(vectors: VectorConfig) -> dict[str, str]:
    """Environment for a CLI subprocess that must use the same vector store as the test."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_CHROMA_")}
    return {**env, "ASSISTANT_CHROMA_URL": vectors.url} if vectors.url else env


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    """One model per session: loading it takes seconds."""
    return MiniLMEmbeddings()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    index_dir = tmp_path_factory.mktemp("seed-index")
    report = ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY)
    assert report.errors == [] and len(report.added) == 3
    return index_dir


@pytest.fixture(scope="session")
def seed_settings(seed_index: Path) -> Settings:
    return Settings(index_dir=seed_index, corpus_dir=SEEDS, today=TODAY, llm="offline", auto_ingest=False,
                    chroma_url=None)  # fmt: skip


@pytest.fixture(scope="session")
def assistant(seed_settings: Settings) -> Assistant:
    """A warm assistant, model loaded: what a process answers once it has loaded it, whichever test asks first
    (before, a look-up's related passages come from BM25 alone: test_first_question.py)."""
    warm = Assistant(seed_settings)
    warm.reader.warm_up()
    return warm


@pytest.fixture(scope="session")
def shapes_index(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    index_dir = tmp_path_factory.mktemp("shapes-index")
    report = ingest(CORPUS_SHAPES, index_dir, embeddings=embeddings, today=TODAY)
    assert report.errors == [] and len(report.added) == 8 and len(report.skipped) == 1
    return index_dir


@pytest.fixture(scope="session")
def shapes(shapes_index: Path) -> Assistant:
    """The assistant on the corpus of real-corpus shapes (tests/corpus_shapes), warm like `assistant`."""
    warm = Assistant(Settings(index_dir=shapes_index, corpus_dir=CORPUS_SHAPES, today=TODAY, auto_ingest=False))
    warm.reader.warm_up()
    return warm


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the seeds, for tests that change guides."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    yield corpus
