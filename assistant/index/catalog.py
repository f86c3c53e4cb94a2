"""The index's source of truth: a SQLite catalog of guides, chunks and typed figures.

Its commit is the ingest's commit point. Vectors in Chroma and the BM25 files
are only trusted for chunk ids the catalog lists, so an ingest killed at any
moment leaves the previous catalog, and with it the previous index, usable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path

from assistant.errors import AssistantError
from assistant.guide import Component, Figure, Guide, GuideNames
from assistant.index.file_records import FileRecord
from assistant.ingest.chunk import Chunk
from assistant.ingest.claims import Claimant
from assistant.sqlite_faults import Fault, guarded, raise_as_fault

CATALOG_FILE = "catalog.sqlite3"
_BATCH = 10_000  # ids per IN (...) list
_SCHEMA = """
CREATE TABLE IF NOT EXISTS guides (
    id TEXT PRIMARY KEY, root TEXT NOT NULL, content_hash TEXT NOT NULL,
    company TEXT NOT NULL, company_slug TEXT NOT NULL, role TEXT NOT NULL, role_slug TEXT NOT NULL,
    guide_json TEXT NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, guide_id TEXT NOT NULL, position INTEGER NOT NULL, chunk_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_guide ON chunks (guide_id);
CREATE TABLE IF NOT EXISTS figures (
    guide_id TEXT NOT NULL, region_key TEXT NOT NULL, component TEXT NOT NULL, figure_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_by_guide ON figures (guide_id, region_key);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    root TEXT NOT NULL, relative TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, content_hash TEXT NOT NULL, recorded_ns INTEGER NOT NULL,
    not_guide TEXT, PRIMARY KEY (root, relative)
);
"""
_FILE_COLUMNS = ("relative", "size", "mtime_ns", "ctime_ns", "inode", "content_hash", "recorded_ns", "not_guide")


class CatalogDamagedError(AssistantError):
    """The catalog file is not a readable SQLite database (truncated, overwritten, a disk fault)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"The index catalog {path} is damaged ({reason}): run `assistant ingest --rebuild` to "
                         "rebuild it from the guides.")  # fmt: skip


class CatalogUnusableError(AssistantError):
    """The catalog can't be opened or written where it is: permissions, a read-only disk, a missing folder."""

    def __init__(self, path: Path, reason: str, writing: bool) -> None:
        self.path = path
        advice = ("let this user write there, or point ASSISTANT_INDEX_DIR at a folder it may write" if writing
                  else "check that it exists and that this user may read it")  # fmt: skip
        super().__init__(f"The index catalog {path} cannot be {'written' if writing else 'opened'} ({reason}): "
                         f"{advice}.")  # fmt: skip


class GuideRecord:
    """A guide ready to be written: the parsed guide, its source and its chunks."""

    def __init__(self, guide: Guide, root: str, source: str, chunks: list[Chunk]) -> None:
        self.guide, self.root, self.source, self.chunks = guide, root, source, chunks


class Catalog:
    """read_only: for answering, which needs no writes (an index on a read-only disk still answers)."""

    def __init__(self, index_dir: Path, read_only: bool = False) -> None:
        self.path = index_dir / CATALOG_FILE
        self._db = self._connect(read_only)

    def _connect(self, read_only: bool) -> sqlite3.Connection:
        try:
            if read_only:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
                db.execute("SELECT COUNT(*) FROM meta").fetchone()  # SQLite reads the file only when first asked
                return db
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False)
            db.executescript(_SCHEMA)
            return db
        except (sqlite3.Error, PermissionError) as error:
            raise_as_fault(self, error)
            raise

    def fault(self, kind: Fault, reason: str) -> AssistantError:
        """The one sentence for what is wrong with the catalog file (see sqlite_faults.py)."""
        if kind == "damaged":
            return CatalogDamagedError(self.path, reason)
        return CatalogUnusableError(self.path, reason, writing=kind == "unwritable")

    def close(self) -> None:
        self._db.close()

    @guarded
    def check(self) -> None:
        """Read every page (PRAGMA quick_check); raises CatalogDamagedError if one is damaged. Seconds when big."""
        problems = [row[0] for row in self._db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise CatalogDamagedError(self.path, "; ".join(problems[:2]))

    # --- reading -------------------------------------------------------------------------------

    @guarded
    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @guarded
    def hashes(self, root: str | None = None) -> dict[str, str]:
        query, args = "SELECT id, content_hash FROM guides", []
        if root is not None:
            query, args = query + " WHERE root = ?", [root]
        return dict(self._db.execute(query, args).fetchall())

    @guarded
    def guide_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM guides").fetchone()[0])

    @guarded
    def guide_names(self) -> list[tuple[str, str, str, str, str]]:
        """(id, company, company_slug, role, role_slug) for every guide: what planning a question matches on."""
        rows = self._db.execute("SELECT id, company, company_slug, role, role_slug FROM guides ORDER BY id")
        return [tuple(row) for row in rows]

    def claimants(self, guide_ids: set[str]) -> list[Claimant]:
        """What these indexed guides claim to be (company and role), for finding duplicates (ingest/claims.py)."""
        query = ("SELECT id, company, company_slug, role, role_slug, "
                 "json_extract(guide_json, '$.front_matter.company') FROM guides ORDER BY id")  # fmt: skip
        rows = self._db.execute(query)
        return [
            Claimant(guide_id=guide_id, company=company, company_slug=company_slug, role=role, role_slug=role_slug,
                     declared_company=declared if isinstance(declared, str) else None)
            for guide_id, company, company_slug, role, role_slug, declared in rows
            if guide_id in guide_ids
        ]  # fmt: skip

    @guarded
    def names(self) -> list[GuideNames]:
        """Every guide's names and place labels, read from SQLite's JSON without loading a single guide."""
        labels: dict[str, dict[tuple[str, str], None]] = {}  # in the guide's own order, each label once
        query = ("SELECT guide_id, json_extract(figure_json, '$.region'), region_key, "
                 "json_extract(figure_json, '$.place_keys') FROM figures ORDER BY rowid")  # fmt: skip
        for guide_id, region, region_key, place_keys in self._db.execute(query):
            keys = json.loads(place_keys) if place_keys else []
            labels.setdefault(guide_id, {})[(region, json.dumps(keys or [region_key]))] = None
        rows = self._db.execute("SELECT id, company, company_slug, json_extract(guide_json, '$.company_aliases'), "
                                "json_extract(guide_json, '$.ordinary_name_words'), role, role_slug FROM guides "
                                "ORDER BY id")  # fmt: skip
        return [
            GuideNames(company=company, company_slug=company_slug, company_aliases=json.loads(aliases or "[]"),
                       ordinary_name_words=json.loads(ordinary or "[]"), role=role, role_slug=role_slug,
                       labels=[(region, json.loads(keys)) for region, keys in labels.get(guide_id, {})])
            for guide_id, company, company_slug, aliases, ordinary, role, role_slug in rows
        ]  # fmt: skip

    def guides(self) -> Iterator[Guide]:
        try:
            with closing(self._db.execute("SELECT guide_json FROM guides ORDER BY id")) as cursor:
                for (payload,) in cursor:
                    yield Guide.model_validate_json(payload)
        except sqlite3.Error as error:  # a generator: the guard must sit inside it
            raise_as_fault(self, error)
            raise

    @guarded
    def guide(self, guide_id: str) -> Guide | None:
        row = self._db.execute("SELECT guide_json FROM guides WHERE id = ?", (guide_id,)).fetchone()
        return Guide.model_validate_json(row[0]) if row else None

    @guarded
    def source(self, guide_id: str) -> str | None:
        row = self._db.execute("SELECT source FROM guides WHERE id = ?", (guide_id,)).fetchone()
        return row[0] if row else None

    @guarded
    def chunks(self, guide_ids: Iterable[str] | None = None) -> list[Chunk]:
        if guide_ids is None:
            rows = self._db.execute("SELECT chunk_json FROM chunks ORDER BY guide_id, position").fetchall()
        else:
            ids = list(guide_ids)
            marks = ",".join("?" * len(ids))
            rows = self._db.execute(
                f"SELECT chunk_json FROM chunks WHERE guide_id IN ({marks}) ORDER BY guide_id, position", ids
            ).fetchall()
        return [Chunk.model_validate_json(row[0]) for row in rows]

    @guarded
    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        marks = ",".join("?" * len(chunk_ids))
        rows = self._db.execute(f"SELECT id, chunk_json FROM chunks WHERE id IN ({marks})", chunk_ids)
        return {chunk_id: Chunk.model_validate_json(payload) for chunk_id, payload in rows}

    @guarded
    def chunk_ids_of(self, guide_ids: list[str]) -> list[str]:
        found: list[str] = []
        for start in range(0, len(guide_ids), _BATCH):  # SQLite caps the number of ? in one statement
            batch = guide_ids[start : start + _BATCH]
            query = f"SELECT id FROM chunks WHERE guide_id IN ({','.join('?' * len(batch))})"
            found.extend(row[0] for row in self._db.execute(query, batch))
        return found

    @guarded
    def chunk_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM chunks")}

    @guarded
    def chunk_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    @guarded
    def figures(
        self, guide_ids: list[str], region_keys: list[str] | None = None, components: list[Component] | None = None
    ) -> list[Figure]:
        marks = ",".join("?" * len(guide_ids))
        query, args = f"SELECT figure_json FROM figures WHERE guide_id IN ({marks})", list(guide_ids)
        if region_keys:
            query += f" AND region_key IN ({','.join('?' * len(region_keys))})"
            args += region_keys
        if components:
            query += f" AND component IN ({','.join('?' * len(components))})"
            args += [c.value for c in components]
        return [Figure.model_validate_json(row[0]) for row in self._db.execute(query, args)]

    @guarded
    def file_records(self, root: str) -> dict[str, FileRecord]:
        """What the last ingests read of the files under this corpus root, by relative path (file_records.py)."""
        rows = self._db.execute(f"SELECT {', '.join(_FILE_COLUMNS)} FROM files WHERE root = ?", (root,))
        return {row[0]: FileRecord.model_construct(**dict(zip(_FILE_COLUMNS, row, strict=True))) for row in rows}

    # --- writing: one transaction per ingest -----------------------------------------------------

    @guarded
    def remember(self, root: str, read: list[FileRecord], forgotten: list[str], meta: dict[str, str | None]) -> None:
        """After an ingest: the files it read, the files gone from the corpus, and meta values (None: removed).
        Changes neither guides nor generation, so readers of the index don't reopen it."""
        with self._db:
            self._db.executemany("DELETE FROM files WHERE root = ? AND relative = ?", [(root, r) for r in forgotten])
            marks = ", ".join("?" * (len(_FILE_COLUMNS) + 1))
            self._db.executemany(
                f"INSERT OR REPLACE INTO files (root, {', '.join(_FILE_COLUMNS)}) VALUES ({marks})",
                [(root, *(getattr(record, column) for column in _FILE_COLUMNS)) for record in read],
            )
            for key, value in meta.items():
                if value is None:
                    self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @guarded
    def apply(self, upserts: list[GuideRecord], deletions: list[str], meta: dict[str, str]) -> None:
        with self._db:  # commits on success, rolls back on any error
            for guide_id in deletions + [record.guide.id for record in upserts]:
                self._delete(guide_id)
            for record in upserts:
                self._insert(record)
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())

    def _delete(self, guide_id: str) -> None:
        for table, column in (("guides", "id"), ("chunks", "guide_id"), ("figures", "guide_id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (guide_id,))

    def _insert(self, record: GuideRecord) -> None:
        guide = record.guide
        self._db.execute(
            "INSERT INTO guides VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (guide.id, record.root, guide.content_hash, guide.company, guide.company_slug, guide.role,
             guide.role_slug, guide.model_dump_json(), record.source),
        )  # fmt: skip
        self._db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?)",
            [(chunk.id, guide.id, n, chunk.model_dump_json()) for n, chunk in enumerate(record.chunks)],
        )
        self._db.executemany(
            "INSERT INTO figures VALUES (?, ?, ?, ?)",
            [(f.guide_id, f.region_key, f.component.value, f.model_dump_json()) for f in guide.figures],
        )
