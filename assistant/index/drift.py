"""Drift between the catalog (the index's source of truth) and its vector store, in one sentence.

Vectors can go missing (a server wiped or swapped, a collection deleted), linger (an interrupted ingest), or be
out of reach (the server is down). None of it may crash an answer: retrieval falls back to keyword search and
exact figure look-up, the answer says so, `guides validate` and `/readyz` report it, and the next
`assistant ingest` repairs it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.index.catalog import CATALOG_FILE, Catalog
from assistant.index.vectors import VectorConfig, VectorStore, VectorStoreUnavailable, open_vectors

logger = logging.getLogger(__name__)
RECHECK_SECONDS = 30.0  # how stale a long-running reader's view of the store may get


class VectorDrift(BaseModel):
    """How the vector store compares with the catalog."""

    where: str = Field(description="The store, as a reader would name it")
    chunks: int = Field(description="Chunks the catalog lists")
    stored: int | None = Field(None, description="Vectors the store holds; None when it could not be read")
    missing: int = Field(0, description="Catalog chunks without a vector (at least this many when not exact)")
    extra: int = Field(0, description="Vectors the catalog doesn't list (at least this many when not exact)")
    unreachable: bool = False
    reason: str | None = Field(None, description="Why the store could not be read, in the library's words")
    exact: bool = Field(False, description="Ids compared one by one, rather than only counted")

    @property
    def degraded(self) -> bool:
        """Answers can't be served as designed: some chunks can only be found by keyword search."""
        return self.unreachable or self.missing > 0

    @property
    def sentence(self) -> str | None:
        """One sentence for a person, saying what is wrong and what to do; None when store and catalog agree."""
        where = self.where[0].upper() + self.where[1:]
        if self.unreachable and self.reason and "readonly" in self.reason.replace("-", "").replace(" ", ""):
            return (f"{where} cannot be opened on a read-only disk (Chroma writes to its folder even to read), so "
                    "answers use keyword search and exact figures only: make the index folder writable for full "
                    "answers.")  # fmt: skip
        if self.unreachable:
            return (f"{where} cannot be reached, so answers use keyword search and exact figures only: "
                    "make it reachable, then run `assistant ingest` if it lost vectors.")  # fmt: skip
        if self.missing and self.extra and self.exact:
            return (f"{self.missing:,} of {self.chunks:,} chunks have no vector in {self.where}, which holds "
                    f"{self.extra:,} the catalog doesn't list: run `assistant ingest` to repair it.")  # fmt: skip
        if self.missing:
            return (f"{where} holds vectors for {self.chunks - self.missing:,} of {self.chunks:,} chunks, so answers "
                    "find the rest by keyword search only: run `assistant ingest` to re-embed them.")  # fmt: skip
        if self.extra:
            return (f"{where} holds {self.extra:,} vectors the catalog doesn't list (left by an interrupted ingest): "
                    "the next `assistant ingest` removes them.")  # fmt: skip
        return None


def compare_ids(chunk_ids: set[str], store: VectorStore | None, where: str) -> VectorDrift:
    """The exact comparison: which chunks lack a vector, which vectors lack a chunk."""
    stored = store.ids() if store is not None else set()
    return VectorDrift(where=where, chunks=len(chunk_ids), stored=len(stored), missing=len(chunk_ids - stored),
                       extra=len(stored - chunk_ids), exact=True)  # fmt: skip


def compare_counts(chunks: int, store: VectorStore | None, where: str) -> VectorDrift:
    """The cheap comparison a health probe can afford on every call: one count."""
    stored = store.count() if store is not None else 0
    return VectorDrift(where=where, chunks=chunks, stored=stored, missing=max(0, chunks - stored),
                       extra=max(0, stored - chunks))  # fmt: skip


def check_index(index_dir: Path, config: VectorConfig, exact: bool = True) -> VectorDrift | None:
    """Open the index's catalog and vector store, compare them, close both; None when there is no index."""
    if not (index_dir / CATALOG_FILE).exists():
        return None
    catalog = Catalog(index_dir, read_only=True)
    where = config.describe(index_dir)
    try:
        store = open_vectors(index_dir, config, catalog.meta("index_id"), catalog.meta("vector_generation"))
        try:
            if exact:
                return compare_ids(catalog.chunk_ids(), store, where)
            return compare_counts(catalog.chunk_count(), store, where)
        finally:
            if store is not None:
                store.close()
    except VectorStoreUnavailable as error:
        return VectorDrift(where=where, chunks=catalog.chunk_count(), unreachable=True, reason=error.reason)
    finally:
        catalog.close()


class LiveVectors:
    """The vector store as a long-running reader sees it.

    Opened and counted on first use, then re-counted every RECHECK_SECONDS on a background thread: counting
    587,000 vectors takes Chroma over a second, which no answer should wait for, so answers keep the last view
    until the new count is in. A failed call is recorded instead of raised, so a question is answered from
    keyword search while the store is away, and the store is used again once it is back.
    """

    def __init__(self, index_dir: Path, config: VectorConfig, catalog: Catalog) -> None:
        self.index_dir, self.config = index_dir, config
        self._index_id, self._generation = catalog.meta("index_id"), catalog.meta("vector_generation")
        self._chunks = catalog.chunk_count()
        self._where = config.describe(index_dir)
        self._lock = threading.Lock()
        self._store: VectorStore | None = None
        self._drift = VectorDrift(where=self._where, chunks=self._chunks)
        self._checked_at: float | None = None
        self._recounting = False
        self._opening: threading.Thread | None = None

    def store(self) -> VectorStore | None:
        """The store to search, or None while it is unreachable or holds nothing for this index."""
        with self._lock:
            if self._store is None and self._due():
                self._refresh()
            return self._store

    def open_in_background(self) -> None:
        """Start opening the store on a thread of its own, unless it is open (or being opened) already; returns at
        once. Whoever needs the store meanwhile waits for that thread (they share the lock), not for a second open."""
        with self._lock:
            if self._checked_at is not None or self._opening is not None:
                return
            self._opening = threading.Thread(target=self._open_quietly, name="vector-store-opener", daemon=True)
        self._opening.start()

    def _open_quietly(self) -> None:
        try:
            self.store()
        except Exception:  # not recorded as checked: the next caller opens it again and meets the error itself
            logger.exception("opening the vector store in the background failed")
            with self._lock:
                if self._store is None:
                    self._checked_at = None
        finally:
            self._opening = None

    def drift(self) -> VectorDrift:
        with self._lock:
            if self._store is not None and self._checked_at is not None:
                if self._due() and not self._recounting:
                    self._recounting = True
                    threading.Thread(target=self._recount, args=(self._store,), daemon=True).start()
            elif self._due():
                self._refresh()
            return self._drift

    @property
    def opened(self) -> bool:
        """Whether the store was opened (or found away) already, so a question pays no connection time."""
        return self._checked_at is not None

    def failed(self, error: VectorStoreUnavailable) -> None:
        """A search failed: report the store unreachable until the next check finds it back."""
        with self._lock:
            self._drop_store()
            self._drift = self._unreachable()
            self._checked_at = time.monotonic()

    def close(self) -> None:
        with self._lock:
            self._drop_store()

    def _due(self) -> bool:
        return self._checked_at is None or time.monotonic() - self._checked_at >= RECHECK_SECONDS

    def _refresh(self) -> None:
        self._checked_at = time.monotonic()
        try:
            if self._store is None:
                self._store = open_vectors(self.index_dir, self.config, self._index_id, self._generation)
            self._drift = compare_counts(self._chunks, self._store, self._where)
        except VectorStoreUnavailable as error:
            self._drop_store()
            self._drift = self._unreachable(error.reason)

    def _recount(self, store: VectorStore) -> None:
        """The periodic re-check, off the answering path; its view is kept only if the store is still the one
        it counted (not closed or found away meanwhile)."""
        try:
            drift = compare_counts(self._chunks, store, self._where)
        except VectorStoreUnavailable:
            drift = self._unreachable()
        except Exception:  # a store closed under the count: its reader has moved on, nothing to report
            drift = None
        with self._lock:
            self._recounting = False
            if self._store is not store or drift is None:
                return
            self._checked_at = time.monotonic()
            self._drift = drift
            if drift.unreachable:
                self._drop_store()

    def _unreachable(self, reason: str | None = None) -> VectorDrift:
        return VectorDrift(where=self._where, chunks=self._chunks, unreachable=True, reason=reason)

    def _drop_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
