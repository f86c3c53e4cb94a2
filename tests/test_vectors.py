"""The vector store beside the catalog: a real Chroma server, drift reported in one sentence and repaired by
ingest, answers that survive a lost store, indexes that share a server, and churn that gives disk space back.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.answer.chain import AnswerChain
from assistant.index.build import ingest
from assistant.index.catalog import CATALOG_FILE, Catalog
from assistant.index.drift import check_index
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.vectors import LEGACY_COLLECTION, LEGACY_FOLDER, VectorConfig, VectorStore, open_vectors
from assistant.response import WarningKind
from assistant.retrieve.retriever import IndexReader
from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.chroma_server import ChromaServer
from tests.conftest import REPO, SEEDS, TEST_GUIDES, TODAY, vector_env

JANE = "jane-street/ml-ai-engineer"
LONDON_QUESTION = "What's a fair London ask for an ML engineer at Jane Street?"
LONDON_REQUEST = {"question": LONDON_QUESTION, "history": []}  # the chain's input, as LangChain passes it


def _settings(index_dir: Path, vectors: VectorConfig) -> Settings:
    return Settings(index_dir=index_dir, corpus_dir=SEEDS, today=TODAY, llm="offline", auto_ingest=False,
                    chroma_url=vectors.url, admin_api_key=None, allowed_origins=[])  # fmt: skip


def _chain(index_dir: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig) -> AnswerChain:
    """The answer chain over a fresh reader, sharing the session's model (an Assistant would load its own)."""
    return AnswerChain(IndexReader(index_dir, embeddings, vectors), _settings(index_dir, vectors))


def _live_store(index_dir: Path, vectors: VectorConfig) -> VectorStore:
    catalog = Catalog(index_dir)
    store = open_vectors(index_dir, vectors, catalog.meta("index_id"), catalog.meta("vector_generation"))
    catalog.close()
    assert store is not None
    return store


def _cli(*args: str, index_dir: Path, vectors: VectorConfig) -> subprocess.CompletedProcess[str]:
    env = {**vector_env(vectors), "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          cwd=REPO, timeout=180)  # fmt: skip


def _one_sentence(text: str | None) -> str:
    assert text is not None
    assert "\n" not in text and text.endswith(".") and "Traceback" not in text
    assert text.count(". ") == 0, text  # one sentence: no full stop before the last one
    return text


def _london_base(chain: AnswerChain) -> tuple[str | None, int | None, int | None]:
    response = chain.invoke(LONDON_REQUEST)
    figure = next(f for f in response.figures if f.region == "London" and f.component == "base")
    return figure.currency, figure.low, figure.high


def test_missing_and_stray_vectors_are_reported_then_repaired_by_ingest(
    tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    index_dir = tmp_path / "index"
    ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    lost = Catalog(index_dir).chunk_ids_of([JANE])
    store = _live_store(index_dir, vectors)
    store.delete(lost)
    store.add(["nobody/none#000000000000#0"], [[0.1] * 384], ["nobody/none"])  # a vector no chunk owns
    store.close()

    drift = check_index(index_dir, vectors)
    assert drift is not None and drift.degraded
    assert (drift.missing, drift.extra) == (len(lost), 1)
    assert f"{len(lost):,} of" in _one_sentence(drift.sentence) and "assistant ingest" in drift.sentence

    fresh = _chain(index_dir, embeddings, vectors)  # has not opened the store: embeds the guide's chunks itself
    assert not [w for w in fresh.invoke(LONDON_REQUEST).warnings if w.kind == WarningKind.index_drift]
    assert not fresh.reader.used_vector_store
    chain = _chain(index_dir, embeddings, vectors)  # a reader that opened the store, as a warm server has
    assert chain.reader.vector_drift().degraded  # answers come from BM25 and the exact figure look-up
    assert _london_base(chain) == ("GBP", 195_000, 275_000)
    response = chain.invoke(LONDON_REQUEST)
    [warning] = [w for w in response.warnings if w.kind == WarningKind.index_drift]
    assert "keyword search" in _one_sentence(warning.message)

    report = ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)  # no guide changed

    assert not report.changed and report.unchanged == 3
    assert (report.vectors_repaired, report.vectors_dropped, report.chunks_embedded) == (len(lost), 1, len(lost))
    after = check_index(index_dir, vectors)
    assert after is not None and after.sentence is None and after.stored == after.chunks
    assert not [w for w in _chain(index_dir, embeddings, vectors).invoke(LONDON_REQUEST).warnings
                if w.kind == WarningKind.index_drift]  # fmt: skip


def test_a_due_recount_runs_beside_the_answers_and_its_view_arrives_after(
    tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 50,000 guides Chroma takes over a second to count: a reader whose re-check is due answers at once with
    the view it has, and the new count replaces it when it is in."""
    index_dir = tmp_path / "index"
    ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    reader = IndexReader(index_dir, embeddings, vectors)
    assert reader.vector_drift().sentence is None  # the first check is made before the first answer
    lost = reader.catalog.chunk_ids_of([JANE])
    store = _live_store(index_dir, vectors)
    store.delete(lost)
    store.close()

    counting, go_on = threading.Event(), threading.Event()
    real_count = VectorStore.count

    def slow_count(self: VectorStore) -> int:
        counting.set()
        assert go_on.wait(30)
        return real_count(self)

    monkeypatch.setattr(VectorStore, "count", slow_count)
    monkeypatch.setattr("assistant.index.drift.RECHECK_SECONDS", 0.0)
    started = time.monotonic()
    assert reader.vector_drift().sentence is None  # the last view, while the count waits
    assert counting.wait(10) and time.monotonic() - started < 5
    assert reader.vector_drift().sentence is None  # one count at a time: still the last view
    go_on.set()
    deadline = time.monotonic() + 20
    while not reader.vector_drift().degraded and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.vector_drift().missing == len(lost)
    reader.close()


def test_a_compacting_ingest_killed_before_its_commit_changes_nothing(
    corpus_copy: Path, tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    generation = Catalog(index_dir).meta("vector_generation")
    for guide in corpus_copy.rglob("*.md"):  # every guide changes: the ingest writes a fresh generation
        guide.write_text(guide.read_text() + "\nA note added after the last review.\n")

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Catalog, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    monkeypatch.undo()

    assert Catalog(index_dir).meta("vector_generation") == generation
    drift = check_index(index_dir, vectors)
    assert drift is not None and drift.sentence is None  # the half-written generation is invisible
    assert _london_base(_chain(index_dir, embeddings, vectors)) == ("GBP", 195_000, 275_000)

    report = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    assert len(report.updated) == 3
    assert Catalog(index_dir).meta("vector_generation") != generation
    assert _generations(index_dir, vectors) == [Catalog(index_dir).meta("vector_generation")]


def _generations(index_dir: Path, vectors: VectorConfig) -> list[str]:
    """This index's generations that still exist in the store (folders embedded, collections on a server)."""
    if not vectors.on_server:
        return sorted(p.name.removeprefix("chroma-") for p in index_dir.glob("chroma*"))
    from assistant.index.vectors import chroma_client

    index_id = Catalog(index_dir).meta("index_id")
    client = chroma_client(vectors, index_dir)
    names = [c.name for c in client.list_collections() if c.name.startswith(f"guides-{index_id}-")]
    client.close()
    return sorted(name.rsplit("-", 1)[1] for name in names)


def test_two_indexes_on_one_server_never_touch_each_others_vectors(
    chroma_server: str, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    server = VectorConfig(url=chroma_server)
    seeds_index, other_index, other_corpus = tmp_path / "seeds-index", tmp_path / "other-index", tmp_path / "other"
    for company in ("ferrous-capital", "lumenfold"):
        shutil.copytree(TEST_GUIDES / company, other_corpus / company)
    ingest(SEEDS, seeds_index, embeddings=embeddings, today=TODAY, vectors=server)
    ingest(other_corpus, other_index, embeddings=embeddings, today=TODAY, vectors=server)
    assert Catalog(seeds_index).meta("index_id") != Catalog(other_index).meta("index_id")
    seeds_vectors = _live_store(seeds_index, server).ids()

    # The other index churns completely (a fresh generation, the old one deleted), then loses a guide.
    for guide in other_corpus.rglob("*.md"):
        guide.write_text(guide.read_text() + "\nRevised.\n")
    ingest(other_corpus, other_index, embeddings=embeddings, today=TODAY, vectors=server)
    shutil.rmtree(other_corpus / "lumenfold")
    report = ingest(other_corpus, other_index, embeddings=embeddings, today=TODAY, vectors=server)
    assert report.removed == ["lumenfold/data-scientist"]

    assert _live_store(seeds_index, server).ids() == seeds_vectors == Catalog(seeds_index).chunk_ids()
    for index_dir in (seeds_index, other_index):
        drift = check_index(index_dir, server)
        assert drift is not None and drift.sentence is None, drift
    assert _london_base(_chain(seeds_index, embeddings, server)) == ("GBP", 195_000, 275_000)
    reader = IndexReader(seeds_index, embeddings, server)
    assert reader.nearest_chunk_ids("Jane Street London base", 1)[0].startswith("jane-street/")


def test_a_stopped_server_is_one_sentence_everywhere_and_answers_still_come(
    tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    server = ChromaServer(tmp_path / "chroma-data").start()
    try:
        vectors = VectorConfig(url=server.url)
        index_dir = tmp_path / "index"
        ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
        chain = _chain(index_dir, embeddings, vectors)
        assert not chain.reader.vector_drift().degraded  # a working reader, its store open (a warm server's)
        assert chain.invoke(LONDON_REQUEST).warnings  # (stale and defect warnings: the seeds have them)
        server.stop()

        drift = check_index(index_dir, vectors)
        assert drift is not None and drift.unreachable and drift.degraded
        assert server.url in _one_sentence(drift.sentence)

        # A reader that was working when the server went away: the next answer falls back and says why.
        assert _london_base(chain) == ("GBP", 195_000, 275_000)
        warnings = [w.message for w in chain.invoke(LONDON_REQUEST).warnings if w.kind == WarningKind.index_drift]
        assert warnings == [drift.sentence]

        product = Assistant(_settings(index_dir, vectors))
        app = TestClient(create_app(_settings(index_dir, vectors), product))
        unchecked = app.get("/readyz").json()  # the worker has not opened the store yet: the probe never does
        assert (unchecked["status"], unchecked["vectors_checked"], unchecked["drift"]) == ("ready", False, None)
        product.check_vectors_after_first_answer(wait_s=0)  # what the worker's warm-up does after its first answer
        ready = app.get("/readyz")
        assert ready.status_code == 200
        status = ready.json()
        assert (status["status"], status["guides"], status["drift"]) == ("degraded", 3, drift.sentence)
        assert status["vectors_checked"] is True

        validate = _cli("guides", "validate", str(SEEDS), "--json", index_dir=index_dir, vectors=vectors)
        assert validate.returncode == 1, validate.stderr
        index_report = json.loads(validate.stdout)["index"]
        assert index_report["unreachable"] and index_report["drift"] == drift.sentence

        # A look-up in a fresh process ranks by keywords alone (the model is not loaded) and never touches the
        # vector store: the same answer as with the server up, and nothing to warn about.
        asked = _cli("ask", LONDON_QUESTION, index_dir=index_dir, vectors=vectors)
        assert asked.returncode == 0, asked.stderr
        shown = " ".join(asked.stdout.split())  # the lead wraps at 80 columns, a range included
        assert "£195K - £275K" in shown and "cannot be reached" not in shown
        assert "Traceback" not in asked.stderr
        # An advice question ranks by meaning: a fresh process embeds the named guide's few chunks itself rather
        # than open the store, so with the server away it still ranks by meaning and has nothing to warn of.
        advised = _cli("ask", "--json", "How should I negotiate with Jane Street as an ML engineer?",
                       index_dir=index_dir, vectors=vectors)  # fmt: skip
        assert advised.returncode == 0, advised.stderr
        advice = json.loads(advised.stdout)
        assert "bm25_only" not in advice["timings_ms"] and advice["answer"]
        assert not [w for w in advice["warnings"] if w["kind"] == "index_drift"] and "Traceback" not in advised.stderr

        refused = _cli("ingest", str(SEEDS), index_dir=index_dir, vectors=vectors)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        [line] = refused.stderr.strip().splitlines()
        assert line.startswith(f"Error: The Chroma server at {server.url} cannot be reached")
        _one_sentence(line.removeprefix("Error: "))

        server.start(same_port=True)
        back = check_index(index_dir, vectors)
        assert back is not None and back.sentence is None  # the server kept its data: nothing to repair
        assert app.get("/readyz").json()["status"] == "ready"
    finally:
        server.stop()


def test_an_index_built_before_generations_answers_and_is_migrated_without_reembedding(
    tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index_dir, embedded = tmp_path / "index", VectorConfig()
    ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY)
    _rewrite_in_old_layout(index_dir)

    reader = IndexReader(index_dir, embeddings)
    assert reader.vector_drift().sentence is None
    assert reader.nearest_chunk_ids("Jane Street London base", 1)[0].startswith("jane-street/")
    reader.close()
    chunks = Catalog(index_dir).chunk_count()

    report = ingest(SEEDS, index_dir, embeddings=embeddings, today=TODAY)

    assert (report.chunks_embedded, report.vectors_copied) == (0, chunks)
    assert not (index_dir / LEGACY_FOLDER).exists()
    assert _generations(index_dir, embedded) == [Catalog(index_dir).meta("vector_generation")]
    drift = check_index(index_dir, embedded)
    assert drift is not None and drift.sentence is None


def _rewrite_in_old_layout(index_dir: Path) -> None:
    """What an index built before this change looks like: one `guide_chunks` collection (with the chunk texts)
    in `chroma/`, and no vector generation in the catalog."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    catalog = Catalog(index_dir)
    generation = catalog.meta("vector_generation")
    live = _live_store(index_dir, VectorConfig())
    ids, vectors = live.vectors(sorted(catalog.chunk_ids()))
    live.close()
    chunks = catalog.chunks_by_id(ids)
    catalog.close()
    client = chromadb.PersistentClient(
        path=str(index_dir / LEGACY_FOLDER), settings=ChromaSettings(anonymized_telemetry=False)
    )
    old = client.get_or_create_collection(LEGACY_COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"})
    old.add(ids=ids, embeddings=vectors, documents=[chunks[i].embedding_text() for i in ids],
            metadatas=[{"guide_id": chunks[i].guide_id, "section": chunks[i].section} for i in ids])  # fmt: skip
    client.close()
    shutil.rmtree(index_dir / f"chroma-{generation}")
    with sqlite3.connect(index_dir / CATALOG_FILE) as db:
        db.execute("DELETE FROM meta WHERE key IN ('index_id', 'vector_generation', 'vectors_added')")


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_churn_gives_its_disk_space_back(tmp_path: Path, embeddings: MiniLMEmbeddings) -> None:
    from benchmarks.corpus import write_corpus

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 40, seed=5)
    ingest(corpus, index_dir, embeddings=embeddings, today=TODAY)
    first = _size(index_dir)
    guides = sorted(corpus.rglob("*.md"))
    sizes = []
    for round_number in range(1, 4):  # three full re-ingests, then single-guide edits many times over
        for guide in guides:
            guide.write_text(guide.read_text() + f"\nRevision {round_number}.\n")
        ingest(corpus, index_dir, embeddings=embeddings, today=TODAY)
        sizes.append(_size(index_dir))
    for round_number, guide in enumerate(guides[:30] * 2):
        guide.write_text(guide.read_text() + f"\nSmall fix {round_number}.\n")
        ingest(corpus, index_dir, embeddings=embeddings, today=TODAY)
    sizes.append(_size(index_dir))

    assert max(sizes) < 1.6 * first, (first, sizes)  # before: each full re-ingest added ~35% and kept it
    assert len(list(index_dir.glob("chroma*"))) == 1 and len(list(index_dir.glob("bm25-*"))) == 1
    drift = check_index(index_dir, VectorConfig())
    assert drift is not None and drift.sentence is None


@pytest.mark.parametrize("url", ["127.0.0.1:8001", "ftp://host:21", "http://host:8001/some/path"])
def test_a_chroma_url_that_is_not_a_server_address_is_one_sentence(tmp_path: Path, url: str) -> None:
    (tmp_path / "corpus").mkdir()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "index"), "ASSISTANT_CHROMA_URL": url}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(tmp_path / "corpus")], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: ASSISTANT_CHROMA_URL '{url}' is not a server address: use http://host:port."
