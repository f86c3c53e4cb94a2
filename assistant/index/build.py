"""Stage 3: build or update the index from a folder of guides, incrementally and safely.

Order of work, chosen so that a kill at any point leaves the previous index usable:
1. new vectors go into Chroma under new chunk ids (invisible until the catalog lists them), either into the
   live collection or, when churn has left it mostly deleted vectors, into a fresh one (vector_sync.py);
2. a new BM25 folder is written beside the live one;
3. one SQLite transaction swaps the catalog to the new guides, chunks, figures, BM25 and vector generations;
4. only then are the old vectors (or the old collection) and BM25 folders removed.
Every ingest also compares the vector store with the catalog and repairs drift: vectors missing for unchanged
guides are re-embedded, vectors the catalog doesn't list are dropped.

A re-ingest that changes nothing is kept to a fraction of a second: a file the catalog's record vouches for is
not opened (file_records.py), the duplicate-claims check is left alone when no guide is new or changed, and the
drift check is skipped while the embedded store's seal holds (seal.py). Nothing heavy is imported on that path:
chromadb, the embedding model, LangChain and numpy wait until something must be compared, embedded or written.
"""

from __future__ import annotations

import functools
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assistant.index.catalog import CATALOG_FILE, Catalog, CatalogDamagedError, GuideRecord
from assistant.index.embedder import Embedder, OnDemandEmbeddings
from assistant.index.file_records import FileRecord
from assistant.index.live import GENERATION_KEY
from assistant.index.report import IngestReport, StageClock
from assistant.index.seal import SEAL_KEY, seal_holds, take_seal
from assistant.index.space import BYTES_PER_VECTOR, DiskFullError, ensure_free, folder_size, is_disk_full
from assistant.index.vector_sync import Progress, VectorSync, VectorWork
from assistant.index.vectors import VectorConfig, embedded_folder
from assistant.ingest.chunk import Chunk, chunk_guide
from assistant.ingest.claims import claimant_of, resolve
from assistant.ingest.files import CorpusScan, GuideError, NotAGuideError, decode_guide, read_guide_file, scan_corpus
from assistant.ingest.parse import PARSER_VERSION, content_hash, parse_guide_text


def ingest(
    corpus_dir: Path,
    index_dir: Path,
    embeddings: Embedder | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    max_bytes: int = 1_000_000,
    vectors: VectorConfig | None = None,
    rebuild: bool = False,
    min_free_mb: int = 50,
    rehash: bool = False,
) -> IngestReport:
    """Raises VectorStoreUnavailable (one sentence) when the vector store can't be reached: nothing is changed.

    rebuild: re-read every guide and re-embed every chunk into a fresh generation, after checking every page
    of the catalog. A damaged catalog (found by that check, or by any read) is set aside and the index is
    rebuilt from the guides: the report names the damaged file.

    rehash: read and hash every file, trusting none of the catalog's records of them (index/file_records.py);
    only guides whose content changed are parsed and embedded again.

    Raises DiskFullError before writing when the disk lacks what the ingest needs plus min_free_mb, and when it
    fills up anyway; either way the previous index still answers.
    """
    run = functools.partial(_ingest_once, corpus_dir, index_dir, embeddings or OnDemandEmbeddings(), today, progress,
                            max_bytes, vectors or VectorConfig(), min_free_mb, rehash)  # fmt: skip
    try:
        report = run(rebuild)
    except CatalogDamagedError as damaged:
        kept = _set_aside(index_dir / CATALOG_FILE)
        report = run(True)
        report.catalog_replaced = f"{damaged} It was rebuilt from the guides; the damaged file is kept as {kept}."
    return report


def _set_aside(catalog_file: Path) -> Path:
    """Rename a damaged catalog out of the way (kept for a post-mortem), with its journal files."""
    kept = catalog_file.with_name(f"{catalog_file.name}.damaged-{uuid.uuid4().hex[:8]}")
    catalog_file.rename(kept)
    for suffix in ("-journal", "-wal", "-shm"):
        catalog_file.with_name(catalog_file.name + suffix).unlink(missing_ok=True)
    return kept


def _ingest_once(
    corpus_dir: Path,
    index_dir: Path,
    embeddings: Embedder,
    today: date | None,
    progress: Progress | None,
    max_bytes: int,
    vectors: VectorConfig,
    min_free_mb: int,
    rehash: bool,
    forced_rebuild: bool,
) -> IngestReport:
    started = time.perf_counter()
    root = str(corpus_dir.resolve())
    report = IngestReport(corpus_dir=str(corpus_dir))
    clock = StageClock()
    catalog = Catalog(index_dir)
    sync = VectorSync(index_dir, vectors, catalog, embeddings)
    try:
        if forced_rebuild:
            catalog.check()
        rebuild = (
            forced_rebuild
            or catalog.meta("embedder") not in (None, embeddings.signature)
            or catalog.meta("parser_version") not in (None, PARSER_VERSION)
        )
        indexed = catalog.hashes(root)
        scan = scan_corpus(corpus_dir)
        report.errors += scan.problems
        remembered = catalog.file_records(root)
        trusted = {} if rebuild or rehash else remembered
        reading = _Reading(corpus_dir, {} if rebuild else indexed, trusted, today, max_bytes, progress, clock)
        found = _read_changed(scan, report, reading)
        present = set(found.guide_ids.values())
        records, duplicates = found.records, set[str]()
        if records:  # with no new or changed guide, the indexed guides' claims stand as the last ingest settled them
            records, duplicates = _one_guide_per_claim(records, catalog, set(indexed) & present, report)
        # Against what the catalog holds, also when every guide is re-read: a document a new parser no longer takes
        # for a guide (a dossier), or a duplicate that lost its claim, must leave the index.
        report.removed = sorted(set(indexed) - (present - found.not_guides - duplicates))
        if records or report.removed or rebuild or not seal_holds(index_dir, vectors, catalog):
            _sync_vectors(catalog, index_dir, sync, records, report, rebuild, min_free_mb, reading)
        report.guides_in_index = catalog.guide_count()
        sync.close()  # Chroma's files settle before the seal describes them
        forgotten = sorted(set(remembered) - set(found.guide_ids))
        _remember(catalog, index_dir, vectors, root, found.read, forgotten, report)
    finally:
        sync.close()
        catalog.close()
    clock.finish(report, time.perf_counter() - started)
    return report


def _sync_vectors(
    catalog: Catalog, index_dir: Path, sync: VectorSync, records: list[GuideRecord], report: IngestReport,
    rebuild: bool, min_free_mb: int, reading: _Reading,
) -> None:  # fmt: skip
    """Compare the vector store with the catalog, then write what changed and repair what drifted."""
    replaced = sorted({record.guide.id for record in records} | set(report.removed))
    work = sync.plan(replaced, sum(len(record.chunks) for record in records), rebuild)
    report.vectors_compared = work.compared
    if records or report.removed or rebuild or work.needed:
        ensure_free(index_dir, _space_needed(index_dir, catalog, work, records), min_free_mb)
        _write(catalog, index_dir, sync, work, records, report, reading)


def _remember(
    catalog: Catalog, index_dir: Path, vectors: VectorConfig, root: str, read: list[FileRecord], forgotten: list[str],
    report: IngestReport,
) -> None:  # fmt: skip
    """Keep what this ingest read of the files and, when the store was compared or written, a fresh seal: the
    catalog then tells the next ingest which files and vectors it need not look at again."""
    meta: dict[str, str | None] = {}
    if report.vectors_compared is not None:  # the store agrees with the catalog now: checked, then repaired
        seal = take_seal(index_dir, vectors, catalog)
        meta[SEAL_KEY] = seal.model_dump_json() if seal is not None else None
    if read or forgotten or meta:
        catalog.remember(root, read, forgotten, meta)


@dataclass(frozen=True)
class _Reading:
    """How this ingest reads and reports: the corpus, the indexed guides' hashes (none when every guide is re-read),
    the catalog's records of the files (none when none is trusted), the date staleness is measured against, the
    size limit, the progress callback and the clock of its stages."""

    corpus_dir: Path
    known: dict[str, str]
    trusted: dict[str, FileRecord]
    today: date | None
    max_bytes: int
    progress: Progress | None
    clock: StageClock


@dataclass
class _Found:
    """What reading the corpus found: the new or changed guides, the documents that are not guides, each file's
    guide id by relative path, and what was read of each file opened (for the catalog's records)."""

    records: list[GuideRecord] = field(default_factory=list)
    not_guides: set[str] = field(default_factory=set)
    guide_ids: dict[str, str] = field(default_factory=dict)
    read: list[FileRecord] = field(default_factory=list)


def _read_changed(scan: CorpusScan, report: IngestReport, reading: _Reading) -> _Found:
    """Parse only what is new or changed; a broken file is reported and its indexed version kept, and a document
    that is not a guide is skipped (and dropped from the index if an older version was in it). A file the catalog's
    record vouches for is not opened at all."""
    found = _Found()
    root = str(reading.corpus_dir.resolve())
    for done, path in enumerate(scan.files, 1):
        report.scanned += 1
        relative = path.relative_to(reading.corpus_dir).as_posix()
        guide_id = found.guide_ids[relative] = relative.removesuffix(path.suffix)
        if _settled(reading.trusted.get(relative), scan.stats[path], guide_id, found, report, reading):
            continue
        parsed = len(found.records)
        try:
            _read_one(path, relative, guide_id, root, found, report, reading)
        except NotAGuideError as error:
            report.skipped.append(str(error))
            found.not_guides.add(guide_id)
        except GuideError as error:
            report.errors.append(str(error))
        if reading.progress and len(found.records) > parsed:
            reading.progress("parse", done, len(scan.files))
    return found


def _settled(
    record: FileRecord | None, stat: os.stat_result, guide_id: str, found: _Found, report: IngestReport,
    reading: _Reading,
) -> bool:  # fmt: skip
    """Whether the catalog's record of the file settles it without opening it: the record vouches for the file as
    it is, and its content is the indexed guide's, or is no guide. Otherwise (a guide that lost its claim, or one
    the catalog doesn't hold) the file is read as if new."""
    if record is None or not record.vouches_for(stat):
        return False
    if record.not_guide is not None:
        report.skipped.append(f"{reading.corpus_dir / record.relative}: {record.not_guide}")
        found.not_guides.add(guide_id)
        return True
    if reading.known.get(guide_id) == record.content_hash:
        report.unchanged += 1
        return True
    return False


def _read_one(
    path: Path, relative: str, guide_id: str, root: str, found: _Found, report: IngestReport, reading: _Reading
) -> None:
    """Read, hash and, when its content is new, parse and chunk one file. Raises GuideError for a file that can't
    be used, NotAGuideError (recorded first, so the next ingest needn't open it) for a document that is no guide."""
    clock = reading.clock
    recorded_ns = time.time_ns()  # before the read: any write after the read is then later still (file_records.py)
    with clock("read"):
        raw, stat = read_guide_file(path, reading.max_bytes)
        report.files_read += 1
        text = decode_guide(raw, str(path))
        text_hash = content_hash(text)
    if reading.known.get(guide_id) == text_hash:
        found.read.append(FileRecord.of(relative, stat, text_hash, recorded_ns))
        report.unchanged += 1
        return
    try:
        with clock("parse"):
            guide = parse_guide_text(text, guide_id, today=reading.today, path=str(path))
    except NotAGuideError as error:
        found.read.append(FileRecord.of(relative, stat, text_hash, recorded_ns, not_guide=error.message))
        raise
    found.read.append(FileRecord.of(relative, stat, text_hash, recorded_ns))
    (report.updated if guide_id in reading.known else report.added).append(guide_id)
    with clock("chunk"):
        found.records.append(GuideRecord(guide, root, text, chunk_guide(guide)))


def _one_guide_per_claim(
    records: list[GuideRecord], catalog: Catalog, indexed: set[str], report: IngestReport
) -> tuple[list[GuideRecord], set[str]]:
    """The records without duplicates of a company and role (ingest/claims.py says which guide wins), and the ids of
    every losing guide, new or already indexed; each loser gets one line in the report."""
    fresh = {record.guide.id for record in records}
    claimants = [claimant_of(record.guide) for record in records] + catalog.claimants(indexed - fresh)
    duplicates = resolve(claimants)
    losers = {duplicate.dropped.guide_id for duplicate in duplicates}
    report.duplicates = [f"{d.dropped.guide_id}: {d.message()}" for d in duplicates]
    report.added = [guide_id for guide_id in report.added if guide_id not in losers]
    report.updated = [guide_id for guide_id in report.updated if guide_id not in losers]
    return [record for record in records if record.guide.id not in losers], losers


def _space_needed(index_dir: Path, catalog: Catalog, work: VectorWork, records: list[GuideRecord]) -> int:
    """What the writes will take at most, in bytes: the new generation beside the live one, and the catalog's
    growth (the new guides' text, chunks and figures, with SQLite's journal of what they replace)."""
    from assistant.index.stores import bm25_folder  # numpy: only an ingest that writes needs it

    new_vectors = sum(len(record.chunks) for record in records) + len(work.missing)
    vectors = new_vectors * BYTES_PER_VECTOR
    if (work.copy_live or work.compact) and work.live_generation is not None:  # embedded: a folder beside the live one
        vectors += folder_size(embedded_folder(index_dir, work.live_generation))
    keywords = folder_size(bm25_folder(index_dir, catalog.meta("bm25_generation") or "")) + sum(
        len(chunk.text) * 2 for record in records for chunk in record.chunks
    )
    return vectors + keywords + sum(len(record.source) * 6 for record in records)


def _write(
    catalog: Catalog,
    index_dir: Path,
    sync: VectorSync,
    work: VectorWork,
    records: list[GuideRecord],
    report: IngestReport,
    reading: _Reading,
) -> None:
    from assistant.index.stores import remove_stale_bm25  # numpy: only an ingest that writes needs it

    old_chunk_ids = catalog.chunk_ids()
    try:
        generation = _write_beside(catalog, index_dir, sync, work, records, report, reading)
    except Exception as error:
        if not is_disk_full(error):
            raise
        sync.abandon(work)  # give the half-written generation's space back; the live one was never touched
        if (keywords := catalog.meta("bm25_generation")) is not None:
            remove_stale_bm25(index_dir, keywords)
        raise DiskFullError(index_dir) from error

    # Committed: what is left of the previous index is garbage now.
    with reading.clock("write"):
        sync.finish(work, old_chunk_ids - catalog.chunk_ids())
        remove_stale_bm25(index_dir, generation)


def _write_beside(
    catalog: Catalog,
    index_dir: Path,
    sync: VectorSync,
    work: VectorWork,
    records: list[GuideRecord],
    report: IngestReport,
    reading: _Reading,
) -> str:
    """Everything up to and including the catalog's commit; returns the committed keyword generation."""
    new_chunks = [chunk for record in records for chunk in record.chunks]
    report.vectors_copied = sync.write(work, new_chunks, reading.progress, reading.clock)
    with reading.clock("write"):
        return _commit(catalog, index_dir, sync, work, records, new_chunks, report)


def _commit(
    catalog: Catalog, index_dir: Path, sync: VectorSync, work: VectorWork, records: list[GuideRecord],
    new_chunks: list[Chunk], report: IngestReport,
) -> str:  # fmt: skip
    """The keyword index and the catalog's one transaction; returns the committed keyword generation."""
    from assistant.index.stores import bm25_folder, build_bm25  # numpy and bm25s: only an ingest that writes needs them

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

    catalog.apply(records, report.removed, meta)
    return generation
