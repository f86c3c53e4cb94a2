"""Stage 3: build or update the index from a folder of guides, incrementally and safely.

Order of work, chosen so that a kill at any point leaves the previous index usable:
1. new vectors go into Chroma under new chunk ids (invisible until the catalog lists them), either into the
   live collection or, when churn has left it mostly deleted vectors, into a fresh one (vector_sync.py);
2. a new BM25 folder is written beside the live one;
3. one SQLite transaction swaps the catalog to the new guides, chunks, figures, BM25 and vector generations;
4. only then are the old vectors (or the old collection) and BM25 folders removed.
Every ingest also compares the vector store with the catalog and repairs drift: vectors missing for unchanged
guides are re-embedded, vectors the catalog doesn't list are dropped.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant.index.catalog import Catalog, GuideRecord
from assistant.index.embeddings import INGEST_BATCH, INGEST_THREADS, MiniLMEmbeddings
from assistant.index.live import GENERATION_KEY
from assistant.index.report import IngestReport, StageClock
from assistant.index.stores import bm25_folder, build_bm25, remove_stale_bm25
from assistant.index.vector_sync import Progress, VectorSync, VectorWork
from assistant.index.vectors import VectorConfig
from assistant.ingest.chunk import Chunk, chunk_guide
from assistant.ingest.files import GuideError, NotAGuideError, decode_guide, guide_id_for, read_guide_bytes, scan_corpus
from assistant.ingest.parse import PARSER_VERSION, content_hash, parse_guide_text


def ingest(
    corpus_dir: Path,
    index_dir: Path,
    embeddings: MiniLMEmbeddings | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    max_bytes: int = 1_000_000,
    vectors: VectorConfig | None = None,
) -> IngestReport:
    """Raises VectorStoreUnavailable (one sentence) when the vector store can't be reached: nothing is changed."""
    started = time.perf_counter()
    embeddings = embeddings or MiniLMEmbeddings(batch_size=INGEST_BATCH, threads=INGEST_THREADS)
    root = str(corpus_dir.resolve())
    report = IngestReport(corpus_dir=str(corpus_dir))
    clock = StageClock()
    catalog = Catalog(index_dir)
    sync = VectorSync(index_dir, vectors or VectorConfig(), catalog, embeddings)
    try:
        rebuild = catalog.meta("embedder") not in (None, embeddings.signature) or catalog.meta(
            "parser_version"
        ) not in (None, PARSER_VERSION)
        indexed = catalog.hashes(root)
        known = {} if rebuild else indexed
        scan = scan_corpus(corpus_dir)
        report.errors += scan.problems
        records, not_guides = _read_changed(
            scan.files, corpus_dir, root, known, report, _Reading(today, max_bytes, progress, clock)
        )
        present = {guide_id_for(path, corpus_dir) for path in scan.files}
        # Against what the catalog holds, also when every guide is re-read: a document a new parser no longer takes
        # for a guide (a dossier) must leave the index.
        report.removed = sorted(set(indexed) - (present - not_guides))
        replaced = sorted({record.guide.id for record in records} | set(report.removed))
        work = sync.plan(replaced, sum(len(record.chunks) for record in records), rebuild)
        if records or report.removed or rebuild or work.needed:
            _write(catalog, index_dir, sync, work, records, report, _Reading(today, max_bytes, progress, clock))
        report.guides_in_index = catalog.guide_count()
    finally:
        sync.close()
        catalog.close()
    clock.finish(report, time.perf_counter() - started)
    return report


@dataclass(frozen=True)
class _Reading:
    """How this ingest reads and reports: the date staleness is measured against, the size limit, the progress
    callback and the clock of its stages."""

    today: date | None
    max_bytes: int
    progress: Progress | None
    clock: StageClock


def _read_changed(
    files: list[Path],
    corpus_dir: Path,
    root: str,
    known: dict[str, str],
    report: IngestReport,
    reading: _Reading,
) -> tuple[list[GuideRecord], set[str]]:
    """Parse only what is new or changed; a broken file is reported and its indexed version kept, and a document
    that is not a guide is skipped (and dropped from the index if an older version was in it)."""
    records, not_guides = [], set()
    for done, path in enumerate(files, 1):
        report.scanned += 1
        guide_id = guide_id_for(path, corpus_dir)
        clock = reading.clock
        try:
            with clock("read"):
                text = decode_guide(read_guide_bytes(path, reading.max_bytes), str(path))
                unchanged = known.get(guide_id) == content_hash(text)
            if unchanged:
                report.unchanged += 1
                continue
            with clock("parse"):
                guide = parse_guide_text(text, guide_id, today=reading.today, path=str(path))
        except NotAGuideError as error:
            report.skipped.append(str(error))
            not_guides.add(guide_id)
            continue
        except GuideError as error:
            report.errors.append(str(error))
            continue
        (report.updated if guide_id in known else report.added).append(guide_id)
        with clock("chunk"):
            records.append(GuideRecord(guide, root, text, chunk_guide(guide)))
        if reading.progress:
            reading.progress("parse", done, len(files))
    return records, not_guides


def _write(
    catalog: Catalog,
    index_dir: Path,
    sync: VectorSync,
    work: VectorWork,
    records: list[GuideRecord],
    report: IngestReport,
    reading: _Reading,
) -> None:
    new_chunks = [chunk for record in records for chunk in record.chunks]
    report.vectors_copied = sync.write(work, new_chunks, reading.progress, reading.clock)
    with reading.clock("write"):
        _commit(catalog, index_dir, sync, work, records, new_chunks, report)


def _commit(
    catalog: Catalog, index_dir: Path, sync: VectorSync, work: VectorWork, records: list[GuideRecord],
    new_chunks: list[Chunk], report: IngestReport,
) -> None:  # fmt: skip
    """The keyword index, the catalog's one transaction, then the garbage the previous index left."""
    report.chunks_embedded = len(new_chunks) + len(work.missing)
    report.vectors_repaired, report.vectors_dropped = len(work.missing), len(work.extra)

    meta = {"embedder": sync.embeddings.signature, "parser_version": PARSER_VERSION, "index_id": work.index_id,
            "vector_generation": work.target_generation, "vectors_added": str(work.vectors_added),
            GENERATION_KEY: uuid.uuid4().hex[:12]}  # fmt: skip
    generation = catalog.meta("bm25_generation")
    if records or report.removed or generation is None:  # a repair alone leaves the keyword index as it is
        replaced = {record.guide.id for record in records} | set(report.removed)
        kept = [chunk for chunk in catalog.chunks() if chunk.guide_id not in replaced]
        generation = uuid.uuid4().hex[:12]
        build_bm25(kept + new_chunks, bm25_folder(index_dir, generation))
    meta["bm25_generation"] = generation

    old_chunk_ids = catalog.chunk_ids()
    catalog.apply(records, report.removed, meta)

    # Committed: what is left of the previous index is garbage now.
    sync.finish(work, old_chunk_ids - catalog.chunk_ids())
    remove_stale_bm25(index_dir, generation)
