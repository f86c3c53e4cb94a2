"""Shared fixtures: real indexes built with the real embedding model, once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assistant.index.build import ingest
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.service import Assistant
from assistant.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TEST_GUIDES = REPO / "tests" / "guides"
CORPUS_SHAPES = REPO / "tests" / "corpus_shapes"  # the shapes measured over the real corpus, invented
TODAY = date(2026, 11, 21)  # the date the staleness expectations below were written for


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
    return Settings(index_dir=seed_index, corpus_dir=SEEDS, today=TODAY, llm="offline", auto_ingest=False)


@pytest.fixture(scope="session")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings)


@pytest.fixture(scope="session")
def shapes_index(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    index_dir = tmp_path_factory.mktemp("shapes-index")
    report = ingest(CORPUS_SHAPES, index_dir, embeddings=embeddings, today=TODAY)
    assert report.errors == [] and len(report.added) == 8 and len(report.skipped) == 1
    return index_dir


@pytest.fixture(scope="session")
def shapes(shapes_index: Path) -> Assistant:
    """The assistant on the corpus of real-corpus shapes (tests/corpus_shapes)."""
    return Assistant(Settings(index_dir=shapes_index, corpus_dir=CORPUS_SHAPES, today=TODAY, auto_ingest=False))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the seeds, for tests that change guides."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    yield corpus
