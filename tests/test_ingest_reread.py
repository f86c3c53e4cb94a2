"""A re-ingest reads only what changed: the catalog's records of the guide files, and the vector store's seal.

Real parts throughout (the seeds, MiniLM, Chroma on disk or on a real server). Nothing here is timed: the report
says what the ingest opened (`files_read`) and how many vector ids it compared (`vectors_compared`, None when
the seal vouched for the store), and the tests hold the ingest to that.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.guide import Component
from assistant.index.build import ingest
from assistant.index.catalog import CATALOG_FILE, Catalog
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.file_records import SETTLE_NS
from assistant.index.report import IngestReport
from assistant.index.vectors import VectorConfig, open_vectors
from assistant.retrieve.retriever import IndexReader
from tests.conftest import REPO, SEEDS, TODAY, vector_env

JANE = "jane-street/ml-ai-engineer"
JANE_FILE = Path("jane-street") / "ml-ai-engineer.md"
# `assistant ingest CORPUS --json` in this process, then the heavy modules it imported.
IMPORTS_PROBE = """
import json, sys
from assistant.cli import main
sys.argv = ["assistant", "ingest", sys.argv[1], "--json"]
try:
    main()
except SystemExit:
    pass
print(json.dumps([name for name in ("chromadb", "onnxruntime", "langchain_core", "numpy") if name in sys.modules]))
"""
DOSSIER = "# Harbourline Research Dossier\n\nNotes on the company's history and its teams; no pay figures.\n"


def settle() -> None:
    """Wait until every file written so far is older than a record taken now must be to be trusted."""
    time.sleep(SETTLE_NS / 1e9 + 0.1)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds and one document that is not a guide, all older than the settling time."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "harbourline-research-dossier.md").write_text(DOSSIER, encoding="utf-8")
    settle()
    return folder


def run(corpus: Path, index: Path, embeddings: MiniLMEmbeddings, **options: object) -> IngestReport:
    return ingest(corpus, index, embeddings=embeddings, today=TODAY, **options)  # type: ignore[arg-type]


def test_an_unchanged_corpus_opens_no_file_and_compares_no_vector(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index = tmp_path / "index"
    first = run(corpus, index, embeddings)
    assert first.files_read == 4 and len(first.added) == 3 and len(first.skipped) == 1

    again = run(corpus, index, embeddings)

    assert (again.files_read, again.vectors_compared, again.unchanged, again.chunks_embedded) == (0, None, 3, 0)
    assert again.skipped == first.skipped  # the dossier is still reported, from its record
    assert not again.changed and again.guides_in_index == 3


def test_a_touched_file_is_read_again_until_its_record_has_settled_and_never_reparsed(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index = tmp_path / "index"
    run(corpus, index, embeddings)
    os.utime(corpus / JANE_FILE)  # new times, same content

    touched = run(corpus, index, embeddings)
    assert (touched.files_read, touched.unchanged, touched.chunks_embedded) == (1, 3, 0) and not touched.changed

    # Recorded less than SETTLE_NS after the touch: a write in the same timestamp tick would look the same.
    assert run(corpus, index, embeddings).files_read == 1
    settle()
    assert run(corpus, index, embeddings).files_read == 1  # this record is taken long enough after the touch
    assert run(corpus, index, embeddings).files_read == 0


def test_an_edit_that_keeps_size_and_modification_time_is_found(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index = tmp_path / "index"
    run(corpus, index, embeddings)
    guide = corpus / JANE_FILE
    before = guide.stat()
    guide.write_text(guide.read_text(encoding="utf-8").replace("£195K", "£196K"), encoding="utf-8")
    os.utime(guide, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (guide.stat().st_size, guide.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    report = run(corpus, index, embeddings)  # the change time moved: the record no longer vouches for the file

    assert report.updated == [JANE] and report.files_read == 1
    [base] = Catalog(index).figures([JANE], ["london"], [Component.base])
    assert base.low == 196_000


def test_rehash_opens_every_file_even_where_a_record_vouches_for_a_changed_one(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index = tmp_path / "index"
    run(corpus, index, embeddings)
    guide = corpus / JANE_FILE
    guide.write_text(guide.read_text(encoding="utf-8").replace("£195K", "£196K"), encoding="utf-8")
    _record_as_if_unchanged(index, guide, JANE_FILE)  # a file system that kept no trace of the edit

    trusting = run(corpus, index, embeddings)
    assert trusting.files_read == 0 and not trusting.changed  # what the records are for, and why --rehash exists

    rehashed = run(corpus, index, embeddings, rehash=True)
    assert rehashed.files_read == 4 and rehashed.updated == [JANE] and rehashed.unchanged == 2
    assert rehashed.chunks_embedded == len(Catalog(index).chunks([JANE]))  # only the changed guide re-embedded
    assert run(corpus, index, embeddings, rebuild=True).files_read == 4


def _record_as_if_unchanged(index: Path, guide: Path, relative: Path) -> None:
    """Give the file's record its new stat, keeping the old hash, as long settled."""
    info = guide.stat()
    with sqlite3.connect(index / CATALOG_FILE) as db:
        updated = db.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, recorded_ns = ? WHERE relative = ?",
            (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
             max(info.st_mtime_ns, info.st_ctime_ns) + SETTLE_NS, relative.as_posix()),
        )  # fmt: skip
        assert updated.rowcount == 1


def test_vectors_deleted_behind_the_catalogs_back_break_the_seal_and_are_repaired(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index = tmp_path / "index"
    run(corpus, index, embeddings)
    assert run(corpus, index, embeddings).vectors_compared is None
    catalog = Catalog(index)
    lost = catalog.chunk_ids_of([JANE])
    store = open_vectors(index, VectorConfig(), catalog.meta("index_id"), catalog.meta("vector_generation"))
    assert store is not None
    store.delete(lost)
    store.close()

    repaired = run(corpus, index, embeddings)

    assert repaired.vectors_compared == len(catalog.chunk_ids()) - len(lost)
    assert (repaired.vectors_repaired, repaired.chunks_embedded, repaired.files_read) == (len(lost), len(lost), 0)
    assert run(corpus, index, embeddings).vectors_compared is None  # sealed again once repaired


def test_a_reader_opening_the_store_keeps_the_seal_and_a_left_over_generation_breaks_it(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    """Chroma writes to its SQLite file whenever a client opens the folder: answering must not cost the next
    ingest its seal. A vector folder a killed ingest left behind must: the drift check removes it."""
    index = tmp_path / "index"
    run(corpus, index, embeddings)
    reader = IndexReader(index, embeddings, VectorConfig())
    assert reader.nearest_chunk_ids("Jane Street London base salary", 1)
    reader.close()
    assert run(corpus, index, embeddings).vectors_compared is None

    left_over = index / "chroma-0123456789ab"
    shutil.copytree(next(index.glob("chroma-*")), left_over)
    report = run(corpus, index, embeddings)
    assert report.vectors_compared is not None and not left_over.exists()


def test_a_chroma_server_is_always_compared(
    corpus: Path, tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    """Changes on a server leave nothing in the index folder to notice them by."""
    index = tmp_path / "index"
    run(corpus, index, embeddings, vectors=vectors)
    again = run(corpus, index, embeddings, vectors=vectors)
    assert again.files_read == 0 and again.chunks_embedded == 0
    assert (again.vectors_compared is None) == (not vectors.on_server)


def test_a_no_op_cli_ingest_loads_neither_chroma_nor_the_model(corpus: Path, tmp_path: Path) -> None:
    """Importing chromadb, onnxruntime and LangChain takes seconds: a no-op ingest needs none of them."""
    env = {**vector_env(VectorConfig()), "ASSISTANT_INDEX_DIR": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1"}
    ingest_cli = [sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--json"]
    subprocess.run(ingest_cli, env=env, cwd=REPO, capture_output=True, timeout=300, check=True)
    done = subprocess.run([sys.executable, "-c", IMPORTS_PROBE, str(corpus)], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=True)  # fmt: skip
    *report_lines, loaded = done.stdout.strip().splitlines()
    report = json.loads(report_lines[-1])
    assert (report["files_read"], report["vectors_compared"]) == (0, None)
    assert json.loads(loaded) == []
