"""Conversations kept in a SQLite file, so every web worker sees them and they outlive a restart.

Bounded and expiring: at most max_conversations (the least recently used go first), at most
max_turns per conversation, and none unused for longer than ttl_s. WAL mode lets worker processes
read while one writes; each call is one short transaction.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from pydantic import TypeAdapter

from assistant.errors import AssistantError
from assistant.response import Turn
from assistant.settings import Settings
from assistant.sqlite_faults import Fault, guarded, raise_as_fault

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, turns_json TEXT NOT NULL, last_used REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_last_use ON conversations (last_used);
"""
_TURNS = TypeAdapter(list[Turn])
Clock = Callable[[], float]


class ConversationsFileError(AssistantError):
    """The conversations file (follow-up context and ratings) is damaged, or can't be opened or written."""

    def __init__(self, path: Path, kind: Fault, reason: str) -> None:
        self.path = path
        if kind == "damaged":
            super().__init__(f"The conversations file {path} is damaged ({reason}): move it aside (the follow-up "
                             "context and ratings in it are lost) or set ASSISTANT_CONVERSATIONS_FILE to another "
                             "file, then start again.")  # fmt: skip
            return
        super().__init__(f"The conversations file {path} cannot be {'written' if kind == 'unwritable' else 'opened'} "
                         f"({reason}): let this user write there, or set ASSISTANT_CONVERSATIONS_FILE to a file it "
                         "may write (a read-only index can be served that way).")  # fmt: skip


def open_database(owner: object, path: Path, schema: str) -> sqlite3.Connection:
    """The conversations file, opened for one process's stores (ConversationStore, FeedbackStore).

    One connection shared by the app's request threads, each use under the owner's lock; other processes have
    their own, and SQLite's busy timeout makes them wait their turn rather than fail.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last turn
        db.executescript(schema)
        return db
    except (sqlite3.Error, PermissionError) as error:
        raise_as_fault(owner, error)  # type: ignore[arg-type]  # owners define fault()
        raise


class Resumed(NamedTuple):
    """The conversation to answer in, its turns so far, and whether the client's id was no longer known."""

    conversation_id: str
    history: list[Turn]
    context_lost: bool


class ConversationStore:
    def __init__(
        self,
        path: Path,
        max_conversations: int = 1_000,
        max_turns: int = 20,
        ttl_s: float = 86_400,
        clock: Clock = time.time,
    ) -> None:
        self.path, self.max_conversations, self.max_turns, self.ttl_s = path, max_conversations, max_turns, ttl_s
        self._clock = clock
        self._db = open_database(self, path, _SCHEMA)
        self._lock = threading.Lock()

    def fault(self, kind: Fault, reason: str) -> AssistantError:
        return ConversationsFileError(self.path, kind, reason)

    @classmethod
    def from_settings(cls, settings: Settings) -> ConversationStore:
        return cls(
            settings.effective_conversations_file(),
            max_conversations=settings.max_conversations,
            max_turns=settings.max_conversation_turns,
            ttl_s=settings.conversation_ttl_s,
        )

    @guarded
    def resume(self, conversation_id: str | None) -> Resumed:
        """The conversation to answer in, with its history.

        An id the store does not know (never issued, evicted, expired) starts a new conversation under a
        fresh id, so a client can never choose or guess its way into one; context_lost tells the client
        its earlier turns are gone.
        """
        now = self._clock()
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if conversation_id is not None:
                row = self._db.execute(
                    "SELECT turns_json FROM conversations WHERE id = ? AND last_used >= ?",
                    (conversation_id, now - self.ttl_s),
                ).fetchone()
                if row is not None:
                    self._db.execute("UPDATE conversations SET last_used = ? WHERE id = ?", (now, conversation_id))
                    return Resumed(conversation_id, _TURNS.validate_json(row[0]), context_lost=False)
            new_id = uuid.uuid4().hex
            self._db.execute("INSERT INTO conversations VALUES (?, '[]', ?)", (new_id, now))
            self._forget_beyond_bounds(now)
            return Resumed(new_id, [], context_lost=conversation_id is not None)

    @guarded
    def append(self, conversation_id: str, turn: Turn) -> None:
        """Add a turn, keeping the latest max_turns. A conversation forgotten meanwhile is not brought back."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")  # read and write in one step, even against other workers
            row = self._db.execute("SELECT turns_json FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            if row is None:
                return
            turns = [*_TURNS.validate_json(row[0]), turn][-self.max_turns :]
            self._db.execute(
                "UPDATE conversations SET turns_json = ?, last_used = ? WHERE id = ?",
                (_TURNS.dump_json(turns).decode(), self._clock(), conversation_id),
            )

    @guarded
    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _forget_beyond_bounds(self, now: float) -> None:
        """Drop expired conversations and the least recently used beyond the bound. Caller holds the lock."""
        self._db.execute("DELETE FROM conversations WHERE last_used < ?", (now - self.ttl_s,))
        self._db.execute(
            "DELETE FROM conversations WHERE id IN "
            "(SELECT id FROM conversations ORDER BY last_used DESC, rowid DESC LIMIT -1 OFFSET ?)",
            (self.max_conversations,),
        )
