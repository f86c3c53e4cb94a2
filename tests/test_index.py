"""Ingest on the real parts: parse, chunk, embed with MiniLM, store in Chroma, BM25 and the catalog.

Tests taking `vectors` run with Chroma embedded and against a real Chroma server (see conftest.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.guide import Component
from assistant.index.build import ingest
from assistant.index.catalog import Catalog
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.vectors import VectorConfig, open_vectors
from assistant.retrieve.retriever import IndexReader
from tests.conftest import REPO, TODAY, vector_env

JANE_ID = "jane-street/ml-ai-engineer"


def _vector_ids(index_dir: Path, embeddings: MiniLMEmbeddings, config: VectorConfig | None = None) -> set[str]:
    """The ids the live vector generation holds, read straight from Chroma."""
    catalog = Catalog(index_dir)
    store = open_vectors(
        index_dir, config or VectorConfig(), catalog.meta("index_id"), catalog.meta("vector_generation")
    )
    assert store is not None
    try:
        return store.ids()
    finally:
        store.close()


def test_seed_index_holds_every_chunk_in_all_three_stores(
    seed_index_in: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    catalog = Catalog(seed_index_in)
    chunk_ids = catalog.chunk_ids()
    assert catalog.guide_count() == 3
    assert len(chunk_ids) >= 15
    assert _vector_ids(seed_index_in, embeddings, vectors) == chunk_ids
    reader = IndexReader(seed_index_in, embeddings, vectors)
    assert set(reader.keywords.chunk_ids) == chunk_ids
    assert reader.vector_drift().sentence is None and not reader.vector_drift().degraded
    [near] = reader.nearest_chunk_ids("Jane Street London base salary for ML engineers", 1)
    assert near.startswith("jane-street/")


def test_chunks_keep_tables_whole_and_carry_metadata(seed_index: Path) -> None:
    chunks = Catalog(seed_index).chunks(["jane-street/ml-ai-engineer"])
    table_chunk = next(c for c in chunks if "| **London** |" in c.text)
    assert table_chunk.has_table
    assert "| **New York (HQ)** |" in table_chunk.text and "| **Hong Kong** |" in table_chunk.text
    assert table_chunk.section == "Compensation Benchmarks by Region"
    assert table_chunk.start_line <= 58 <= table_chunk.end_line
    assert table_chunk.company == "Jane Street" and table_chunk.role_slug == "ml-ai-engineer"


def test_figures_are_looked_up_exactly(seed_index: Path) -> None:
    catalog = Catalog(seed_index)
    [base] = catalog.figures(["jane-street/ml-ai-engineer"], ["london"], [Component.base])
    assert (base.currency, base.low, base.high) == ("GBP", 195_000, 275_000)
    assert base.secondary is not None and (base.secondary.currency, base.secondary.low, base.secondary.high) == (
        "USD", 245_000, 345_000,
    )  # fmt: skip
    [total] = catalog.figures(["millennium-management/ml-ai-engineer"], ["miami"], [Component.total])
    assert (total.currency, total.low, total.high) == ("USD", 455_000, 660_000)


def test_noop_reingest_is_fast_and_embeds_nothing(
    seed_index_in: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    started = time.perf_counter()
    report = ingest(REPO / "seeds", seed_index_in, embeddings=embeddings, today=TODAY, vectors=vectors)
    assert time.perf_counter() - started < 2.0
    assert report.unchanged == 3 and report.chunks_embedded == 0 and not report.changed
    assert report.vectors_repaired == report.vectors_dropped == report.vectors_copied == 0


def test_changed_guide_is_reembedded_alone_and_deleted_guide_removed(
    corpus_copy: Path, tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    index_dir = tmp_path / "index"
    ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    before = Catalog(index_dir).chunk_ids()
    guide = corpus_copy / "millennium-management" / "ml-ai-engineer.md"
    guide.write_text(guide.read_text().replace("| Miami | $240K - $320K", "| Miami | $241K - $320K"))
    (corpus_copy / "tastytrade" / "ml-ai-engineer.md").unlink()

    report = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)

    assert report.updated == ["millennium-management/ml-ai-engineer"]
    assert report.removed == ["tastytrade/ml-ai-engineer"]
    catalog = Catalog(index_dir)
    assert report.chunks_embedded == len(catalog.chunks(["millennium-management/ml-ai-engineer"]))
    [base] = catalog.figures(["millennium-management/ml-ai-engineer"], ["miami"], [Component.base])
    assert base.low == 241_000
    assert catalog.figures(["tastytrade/ml-ai-engineer"]) == []
    stored = _vector_ids(index_dir, embeddings, vectors)
    assert stored == catalog.chunk_ids()
    assert not any(chunk_id.startswith("tastytrade/") for chunk_id in stored)
    assert all(chunk_id in stored for chunk_id in before if chunk_id.startswith("jane-street/"))


def test_malformed_guides_are_reported_and_the_rest_ingests(
    corpus_copy: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index_dir = tmp_path / "index"
    ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY)
    broken = corpus_copy / "broken"
    broken.mkdir()
    (broken / "empty.md").write_text("")
    (broken / "binary.md").write_bytes(b"\x89PNG\x00\x01\x02junk")
    (broken / "huge.md").write_text("### Role | Huge Global Negotiation Guide\n" + "x" * 5_000_000)
    (broken / "bad-yaml.md").write_text("---\ncompany: [unclosed\n---\n### R | C Global Negotiation Guide\n")
    # A guide already indexed that turns malformed keeps its indexed version.
    (corpus_copy / "jane-street" / "ml-ai-engineer.md").write_bytes(b"\x00\x00")

    report = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY)

    assert len(report.errors) == 5
    for name, reason in [("empty.md", "empty"), ("binary.md", "binary"), ("huge.md", "limit"),
                         ("bad-yaml.md", "YAML"), ("ml-ai-engineer.md", "binary")]:  # fmt: skip
        assert any(name in line and reason in line for line in report.errors), (name, report.errors)
    assert all("\n" not in line for line in report.errors)
    catalog = Catalog(index_dir)
    assert catalog.guide_count() == 3
    assert catalog.figures(["jane-street/ml-ai-engineer"], ["london"], [Component.base])[0].low == 195_000


def test_interrupted_commit_leaves_previous_index_usable(
    corpus_copy: Path, tmp_path: Path, embeddings: MiniLMEmbeddings, monkeypatch: pytest.MonkeyPatch,
    vectors: VectorConfig,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    live_before = Catalog(index_dir).chunk_ids()
    guide = corpus_copy / "tastytrade" / "ml-ai-engineer.md"
    guide.write_text(guide.read_text().replace("$178K - $248K", "$179K - $248K"))

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C arriving just before the commit

    monkeypatch.setattr(Catalog, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    monkeypatch.undo()

    reader = IndexReader(index_dir, embeddings, vectors)
    assert reader.catalog.chunk_ids() == live_before
    found = reader.search("Tastytrade Chicago base salary", k=3)
    assert found and all(scored.chunk.id in live_before for scored in found)
    report = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    assert report.updated == ["tastytrade/ml-ai-engineer"]
    if vectors.on_server:  # the interrupted ingest's vectors, in the live collection, which no catalog listed
        assert report.vectors_dropped > 0
    else:  # embedded, it wrote into a copy of the live folder: the next ingest removed that folder whole
        assert report.vectors_dropped == 0 and len(list(index_dir.glob("chroma-*"))) == 1
    assert _vector_ids(index_dir, embeddings, vectors) == Catalog(index_dir).chunk_ids()


@pytest.mark.server_full
def test_kill_9_during_ingest_leaves_previous_index_usable(
    tmp_path: Path, embeddings: MiniLMEmbeddings, vectors: VectorConfig
) -> None:
    from benchmarks.corpus import write_corpus

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 4, seed=1)
    ingest(corpus, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    before = Catalog(index_dir).hashes()
    write_corpus(corpus, 120, seed=1)  # many more guides: the ingest runs for a while
    env = {**vector_env(vectors), "ASSISTANT_INDEX_DIR": str(index_dir)}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(corpus)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(12)  # past the model load, into embedding
    assert process.poll() is None, "the ingest finished before it could be killed; give it more guides"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert Catalog(index_dir).hashes() == before
    reader = IndexReader(index_dir, embeddings, vectors)
    assert reader.search("base salary", k=3)
    assert not reader.vector_drift().degraded  # the killed ingest's vectors are extra, never missing
    report = ingest(corpus, index_dir, embeddings=embeddings, today=TODAY, vectors=vectors)
    assert len(report.added) == 116 and report.errors == []
    assert _vector_ids(index_dir, embeddings, vectors) == Catalog(index_dir).chunk_ids()


def _cli(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          cwd=REPO, timeout=120)  # fmt: skip


def test_guides_cli_prints_json(seed_index: Path) -> None:
    listed = json.loads(_cli("guides", "list", "--json", index_dir=seed_index).stdout)
    jane = next(g for g in listed["guides"] if g["id"] == "jane-street/ml-ai-engineer")
    assert jane["regions"] == ["New York (HQ)", "London", "Hong Kong"]
    assert jane["currencies"] == ["USD", "GBP", "HKD"] and jane["last_updated"] == "2026-02-23"
    assert any(w.startswith("stale") for w in jane["warnings"])

    shown = json.loads(_cli("guides", "show", "jane-street/ml-ai-engineer", "--json", index_dir=seed_index).stdout)
    london_base = next(f for f in shown["figures"] if f["region_key"] == "london" and f["component"] == "base")
    assert (london_base["currency"], london_base["low"], london_base["high"]) == ("GBP", 195000, 275000)

    missing = _cli("guides", "show", "nope/nothing", index_dir=seed_index)
    assert missing.returncode == 2 and "No guide with id 'nope/nothing'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_validate_exit_code_and_kinds(corpus_copy: Path, tmp_path: Path) -> None:
    clean = _cli("guides", "validate", str(corpus_copy), "--json", index_dir=tmp_path)
    assert clean.returncode == 0
    report = json.loads(clean.stdout)
    kinds = {(p["guide_id"], p["kind"]) for p in report["problems"]}
    assert ("tastytrade/ml-ai-engineer", "mixed_currency") in kinds
    assert ("jane-street/ml-ai-engineer", "frontmatter_mismatch") in kinds
    assert ("jane-street/ml-ai-engineer", "stale") in kinds
    (corpus_copy / "junk.md").write_bytes(b"\x00\xff")
    broken = _cli("guides", "validate", str(corpus_copy), "--json", index_dir=tmp_path)
    assert broken.returncode == 1
    assert {"guide_id": "junk", "kind": "unreadable"}.items() <= next(
        p for p in json.loads(broken.stdout)["problems"] if p["guide_id"] == "junk"
    ).items()


@pytest.mark.parametrize("query", ["London base salary", "walk away from an offer", "Jane Street bonus Hong Kong"])
def test_keyword_scores_match_bm25s_everywhere_and_within_guides(seed_index: Path, query: str) -> None:
    """KeywordIndex reads bm25s's score columns itself (for speed at 50,000 guides): it must agree with bm25s."""
    import numpy as np

    from assistant.index.stores import KeywordIndex, _tokenize, bm25_folder

    keywords = KeywordIndex(bm25_folder(seed_index, Catalog(seed_index).meta("bm25_generation") or ""))
    assert keywords._bm25 is not None
    expected = keywords._bm25.get_scores(_tokenize([query], return_ids=False)[0])
    ranked = keywords.search(query, k=len(keywords.chunk_ids))
    assert ranked and {chunk_id: round(score, 4) for chunk_id, score in ranked} == {
        keywords.chunk_ids[row]: round(float(expected[row]), 4) for row in np.flatnonzero(expected > 0)
    }
    within = {c: round(s, 4) for c, s in keywords.search(query, k=50, guide_ids=[JANE_ID, "tastytrade/ml-ai-engineer"])}
    assert within and all(chunk_id.startswith(("jane-street/", "tastytrade/")) for chunk_id in within)
    assert within == {chunk_id: round(score, 4) for chunk_id, score in ranked if chunk_id in within}
    assert len(within) == sum(1 for chunk_id, _ in ranked if chunk_id.startswith(("jane-street/", "tastytrade/")))


def test_assistant_ingest_ends_with_the_time_of_each_stage_and_json_carries_it(tmp_path: Path) -> None:
    """read, parse, chunk, embed and write, apart, so that what is not embedding can be seen to be small."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(tmp_path / "index"), ASSISTANT_TODAY=TODAY.isoformat(), HF_HUB_OFFLINE="1")
    env["COLUMNS"] = "40"  # narrower than any summary line: it must still come out whole, for grep
    command = [sys.executable, "-m", "assistant.cli", "ingest", str(REPO / "seeds")]
    first = subprocess.run([*command, "--json"], capture_output=True, text=True, env=env, cwd=REPO, timeout=300,
                           check=True)  # fmt: skip
    report = json.loads(first.stdout)
    stages = report["stage_seconds"]
    assert set(stages) == {"read", "parse", "chunk", "embed", "write", "load_model", "other"}
    assert stages["embed"] > 0 and stages["parse"] > 0 and stages["write"] > 0  # each stage measured, none lost
    assert sum(stages.values()) == pytest.approx(report["seconds"], abs=0.01)

    again = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=True)
    assert "3 unchanged" in again.stdout
    assert "Time by stage: read " in again.stdout and "embed 0.0s" in again.stdout  # nothing changed: no embedding
