"""Conversations kept in memory: a bounded LRU map of conversation id -> earlier turns.

It lives on app.state (one per app) and is shared by request handlers running on several
threads, so every read and write holds its lock.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from assistant.response import Turn

DEFAULT_MAX_CONVERSATIONS = 1_000
DEFAULT_MAX_TURNS = 20  # follow-ups only look at the last few turns; older ones just cost memory


class ConversationStore:
    def __init__(self, max_conversations: int = DEFAULT_MAX_CONVERSATIONS, max_turns: int = DEFAULT_MAX_TURNS) -> None:
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self._turns: OrderedDict[str, list[Turn]] = OrderedDict()
        self._lock = threading.Lock()

    def resume(self, conversation_id: str | None) -> tuple[str, list[Turn]]:
        """The conversation to answer in, and its history so far.

        An id the store does not know (never issued, evicted, or from before a restart) starts a new
        conversation under a fresh id, so a client can never choose or guess its way into one.
        """
        with self._lock:
            if conversation_id is not None and conversation_id in self._turns:
                self._turns.move_to_end(conversation_id)
                return conversation_id, list(self._turns[conversation_id])
            new_id = uuid.uuid4().hex
            self._remember(new_id, [])
            return new_id, []

    def append(self, conversation_id: str, turn: Turn) -> None:
        with self._lock:
            turns = self._turns.get(conversation_id, [])
            self._remember(conversation_id, [*turns, turn][-self.max_turns :])

    def __len__(self) -> int:
        with self._lock:
            return len(self._turns)

    def _remember(self, conversation_id: str, turns: list[Turn]) -> None:
        """Store (as most recently used) and evict the least recently used beyond the bound. Caller holds the lock."""
        self._turns[conversation_id] = turns
        self._turns.move_to_end(conversation_id)
        while len(self._turns) > self.max_conversations:
            self._turns.popitem(last=False)
