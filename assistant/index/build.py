"""Stage 3: build or update the index from a folder of guides, incrementally and safely.

Order of work, chosen so that a kill at any point leaves the previous index usable:
1. new vectors go into Chroma under new chunk ids (invisible until the catalog lists them);
2. a new BM25 folder is written beside the live one;
3. one SQLite transaction swaps the catalog to the new guides, chunks, figures and BM25 generation;
4. only then are the old vectors and BM25 folders removed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.index.catalog import Catalog, GuideRecord
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.stores import bm25_folder, build_bm25, chunk_metadata, open_vector_store, remove_stale_bm25
from assistant.ingest.chunk import chunk_guide
from assistant.ingest.files import GuideError, NotAGuideError, decode_guide, guide_id_for, read_guide_bytes, scan_corpus
from assistant.ingest.parse import PARSER_VERSION, content_hash, parse_guide_text

EMBED_BATCH = 256
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class IngestReport(BaseModel):
    corpus_dir: str
    scanned: int = 0
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = Field(default_factory=list, description="One line per file that could not be ingested")
    skipped: list[str] = Field(default_factory=list, description="One line per document that is not a guide")
    chunks_embedded: int = 0
    guides_in_index: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def ingest(
    corpus_dir: Path,
    index_dir: Path,
    embeddings: MiniLMEmbeddings | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    max_bytes: int = 1_000_000,
) -> IngestReport:
    started = time.perf_counter()
    embeddings = embeddings or MiniLMEmbeddings()
    root = str(corpus_dir.resolve())
    report = IngestReport(corpus_dir=str(corpus_dir))
    catalog = Catalog(index_dir)
    try:
        rebuild = catalog.meta("embedder") not in (None, embeddings.signature) or catalog.meta(
            "parser_version"
        ) not in (None, PARSER_VERSION)
        known = {} if rebuild else catalog.hashes(root)
        scan = scan_corpus(corpus_dir)
        report.errors += scan.problems
        records, not_guides = _read_changed(scan.files, corpus_dir, root, known, report, today, max_bytes, progress)
        present = {guide_id_for(path, corpus_dir) for path in scan.files}
        report.removed = sorted(set(known) - (present - not_guides))
        if records or report.removed or rebuild:
            _write(catalog, index_dir, embeddings, records, report, progress)
        report.guides_in_index = catalog.guide_count()
    finally:
        catalog.close()
    report.seconds = time.perf_counter() - started
    return report


def _read_changed(
    files: list[Path],
    corpus_dir: Path,
    root: str,
    known: dict[str, str],
    report: IngestReport,
    today: date | None,
    max_bytes: int,
    progress: Progress | None,
) -> tuple[list[GuideRecord], set[str]]:
    """Parse only what is new or changed; a broken file is reported and its indexed version kept, and a document
    that is not a guide is skipped (and dropped from the index if an older version was in it)."""
    records, not_guides = [], set()
    for done, path in enumerate(files, 1):
        report.scanned += 1
        guide_id = guide_id_for(path, corpus_dir)
        try:
            text = decode_guide(read_guide_bytes(path, max_bytes), str(path))
            if known.get(guide_id) == content_hash(text):
                report.unchanged += 1
                continue
            guide = parse_guide_text(text, guide_id, today=today, path=str(path))
        except NotAGuideError as error:
            report.skipped.append(str(error))
            not_guides.add(guide_id)
            continue
        except GuideError as error:
            report.errors.append(str(error))
            continue
        (report.updated if guide_id in known else report.added).append(guide_id)
        records.append(GuideRecord(guide, root, text, chunk_guide(guide)))
        if progress:
            progress("parse", done, len(files))
    return records, not_guides


def _write(
    catalog: Catalog,
    index_dir: Path,
    embeddings: MiniLMEmbeddings,
    records: list[GuideRecord],
    report: IngestReport,
    progress: Progress | None,
) -> None:
    store = open_vector_store(index_dir, embeddings)
    _drop_orphan_vectors(store, catalog.chunk_ids())
    new_chunks = [chunk for record in records for chunk in record.chunks]
    for start in range(0, len(new_chunks), EMBED_BATCH):
        batch = new_chunks[start : start + EMBED_BATCH]
        store.add_texts(
            [chunk.embedding_text() for chunk in batch],
            metadatas=[chunk_metadata(chunk) for chunk in batch],
            ids=[chunk.id for chunk in batch],
        )
        if progress:
            progress("embed", start + len(batch), len(new_chunks))
    report.chunks_embedded = len(new_chunks)

    replaced = {record.guide.id for record in records} | set(report.removed)
    kept_ids = [guide_id for guide_id in catalog.hashes() if guide_id not in replaced]
    generation = uuid.uuid4().hex[:12]
    build_bm25(catalog.chunks(kept_ids) + new_chunks, bm25_folder(index_dir, generation))

    old_chunk_ids = catalog.chunk_ids()
    catalog.apply(
        records,
        report.removed,
        {"bm25_generation": generation, "embedder": embeddings.signature, "parser_version": PARSER_VERSION},
    )

    # Committed: what is left of the previous index is garbage now.
    _drop_orphan_vectors(store, catalog.chunk_ids(), candidates=old_chunk_ids)
    remove_stale_bm25(index_dir, generation)


def _drop_orphan_vectors(store, live_ids: set[str], candidates: set[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Vectors the catalog doesn't list: left by an interrupted ingest, or replaced by this one."""
    stored = candidates if candidates is not None else set(store.get(include=[])["ids"])
    orphans = sorted(stored - live_ids)
    for start in range(0, len(orphans), 5000):
        store.delete(ids=orphans[start : start + 5000])
