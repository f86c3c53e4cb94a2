"""The ingest's vector work: bring the store in line with the catalog about to be committed.

Before the commit: vectors for new chunks, and for kept chunks whose vectors went missing, are written where
the next catalog will look for them. After the commit: what the previous catalog used and the next one doesn't
is deleted. Two ways to write:

- copying, when little has churned and the vectors are embedded: the live generation's folder is copied into
  a new generation, which gets the new vectors; readers' folder is never written, so a write that fails half
  way (a full disk) leaves it answering;
- in place, into the live collection, on a Chroma server (whose disk is the server's): new vectors get new
  ids, invisible until the catalog lists them;
- compacting, into a fresh generation, when deleted vectors would outnumber half the live ones (Chroma keeps
  deleted vectors' space in its HNSW files): kept vectors are copied over (not re-embedded), and the whole old
  generation is deleted after the commit. This is how churn gives its disk space back. An index built before
  generations existed, or a store that holds nothing for this index, is always written this way.

A kill before the commit leaves the previous catalog and the generation it names untouched; the next ingest
deletes whatever this one left behind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.index.catalog import Catalog
from assistant.index.embedder import Embedder
from assistant.index.report import StageClock
from assistant.index.vectors import (
    PAGE,
    VectorConfig,
    VectorStore,
    VectorStoreUnavailable,
    copy_generation,
    open_vectors,
    remove_generation,
    remove_stale_vectors,
)
from assistant.ingest.chunk import Chunk, guide_id_of

EMBED_BATCH = 256
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class VectorWork(BaseModel):
    """What one ingest does to the vectors; the figures end up in the ingest report."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index_id: str
    live_generation: str | None
    target_generation: str
    compact: bool
    copy_live: bool  # embedded and not compacting: the live folder is copied into the target generation
    missing: list[str]  # kept chunks without a vector: re-embedded
    extra: list[str]  # vectors no catalog chunk owns: dropped
    vectors_added: int  # added to the target generation since it was created, after this ingest
    compared: int  # vector ids read from the live generation to compare with the catalog

    @property
    def needed(self) -> bool:
        """Work to do even when no guide changed: repair drift, or move an old-layout index to generations."""
        return bool(self.missing or self.extra) or self.live_generation is None


class VectorSync:
    """Plans, writes and finishes one ingest's vector changes (see the module docstring)."""

    def __init__(self, index_dir: Path, config: VectorConfig, catalog: Catalog, embeddings: Embedder) -> None:
        self.index_dir, self.config, self.catalog, self.embeddings = index_dir, config, catalog, embeddings
        self._live: VectorStore | None = None
        self._target: VectorStore | None = None
        self._copyable: list[str] = []  # kept chunks whose vectors the live generation holds

    def plan(self, replaced_guides: list[str], new_chunks: int, rebuild: bool) -> VectorWork:
        """Compare the live store with the catalog; raises VectorStoreUnavailable when it can't be read."""
        index_id = self.catalog.meta("index_id") or uuid.uuid4().hex[:12]
        live_generation = self.catalog.meta("vector_generation")
        if live_generation is not None:
            remove_stale_vectors(self.index_dir, self.config, index_id, live_generation)  # a killed ingest's leftovers
        stored = self._open_live(index_id, live_generation)
        catalog_ids = self.catalog.chunk_ids()
        replaced = set(self.catalog.chunk_ids_of(replaced_guides)) if replaced_guides else set()
        kept = catalog_ids - replaced
        # After an embedder change no stored vector is comparable with new ones: every kept chunk is re-embedded.
        missing, extra = (kept if rebuild else kept - stored), stored - catalog_ids
        self._copyable = sorted(kept - missing)
        live_after = len(kept) + new_chunks
        added = int(self.catalog.meta("vectors_added") or len(stored)) + len(extra) + new_chunks + len(missing)
        compact = self._live is None or live_generation is None or rebuild or (added - live_after) * 2 > live_after
        copy_live = not compact and not self.config.on_server
        return VectorWork(
            index_id=index_id,
            live_generation=live_generation,
            target_generation=uuid.uuid4().hex[:12] if compact or copy_live else live_generation or "",
            compact=compact,
            copy_live=copy_live,
            missing=sorted(missing),
            extra=sorted(extra),
            vectors_added=live_after if compact else added,
            compared=len(stored),
        )

    def _open_live(self, index_id: str, generation: str | None) -> set[str]:
        """The live generation's ids. A server that can't be reached stops the ingest (VectorStoreUnavailable);
        embedded files that can't be read are as good as missing, and a fresh generation replaces them."""
        try:
            self._live = open_vectors(self.index_dir, self.config, index_id, generation)
            return self._live.ids() if self._live is not None else set()
        except VectorStoreUnavailable:
            if self.config.on_server:
                raise
            self.close()
            return set()

    def write(
        self, work: VectorWork, new_chunks: list[Chunk], progress: Progress | None, clock: StageClock | None = None
    ) -> int:
        """Everything before the commit; returns how many vectors were copied from the live generation."""
        clock = clock or StageClock()
        copied = 0
        with clock("write"):
            if work.compact:
                self._target = open_vectors(self.index_dir, self.config, work.index_id, work.target_generation,
                                            create=True)  # fmt: skip
                copied = self._copy_kept()
            elif work.copy_live and work.live_generation is not None:
                self._target = copy_generation(
                    self.index_dir, self.config, work.index_id, work.live_generation, work.target_generation
                )
                if work.extra:
                    self._target_store().delete(work.extra)
            else:
                self._target = self._live
                if work.extra:
                    self._target_store().delete(work.extra)
            missing = self._chunks_by_id(work.missing)
        self._embed(missing + new_chunks, progress, clock)
        return copied

    def finish(self, work: VectorWork, dropped_chunk_ids: set[str]) -> None:
        """After the commit: delete what the previous catalog used and the committed one doesn't."""
        if work.copy_live and dropped_chunk_ids:
            self._target_store().delete(sorted(dropped_chunk_ids))
        if work.compact or work.copy_live:
            self.close()
            remove_stale_vectors(self.index_dir, self.config, work.index_id, work.target_generation)
        elif dropped_chunk_ids:
            self._target_store().delete(sorted(dropped_chunk_ids))

    def abandon(self, work: VectorWork) -> None:
        """The write failed before the commit: delete the generation it was writing, so its space comes back."""
        self.close()
        if (work.compact or work.copy_live) and work.target_generation != work.live_generation:
            remove_generation(self.index_dir, self.config, work.index_id, work.target_generation)

    def close(self) -> None:
        for store in {id(s): s for s in (self._live, self._target) if s is not None}.values():
            store.close()
        self._live = self._target = None

    def _copy_kept(self) -> int:
        if self._live is None:
            return 0
        kept, copied = self._copyable, 0
        for start in range(0, len(kept), PAGE):
            ids, vectors = self._live.vectors(kept[start : start + PAGE])
            if ids:
                self._target_store().add(ids, vectors, [guide_id_of(chunk_id) for chunk_id in ids])
            copied += len(ids)
        return copied

    def _embed(self, chunks: list[Chunk], progress: Progress | None, clock: StageClock) -> None:
        if chunks:
            with clock("load_model"):  # seconds once per process: apart, so `embed` is the model's own work
                self.embeddings.load()
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            with clock("embed"):
                vectors = self.embeddings.embed_documents([chunk.embedding_text() for chunk in batch])
            with clock("write"):
                self._target_store().add([c.id for c in batch], vectors, [c.guide_id for c in batch])
            if progress:
                progress("embed", start + len(batch), len(chunks))

    def _chunks_by_id(self, chunk_ids: list[str]) -> list[Chunk]:
        chunks: list[Chunk] = []
        for start in range(0, len(chunk_ids), PAGE):
            found = self.catalog.chunks_by_id(chunk_ids[start : start + PAGE])
            chunks.extend(found[chunk_id] for chunk_id in chunk_ids[start : start + PAGE] if chunk_id in found)
        return chunks

    def _target_store(self) -> VectorStore:
        assert self._target is not None, "write() opens the target store"
        return self._target
