"""Conversations in SQLite: bounded, expiring, shared by every process on the file, kept across restarts."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from assistant.response import QuestionPlan, Turn
from assistant.serve.conversations import ConversationStore


class Clock:
    """A clock the test moves by hand, so expiry needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        self.now += 1  # every reading is a little later, as real requests are
        return self.now


def turn(question: str) -> Turn:
    return Turn(question=question, plan=QuestionPlan(companies=["jane-street"]))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "index" / "conversations.sqlite3"


def test_the_least_recently_used_conversation_is_evicted(db: Path) -> None:
    store = ConversationStore(db, max_conversations=2, clock=Clock())
    first = store.resume(None).conversation_id
    second = store.resume(None).conversation_id
    store.append(first, turn("London?"))  # first is now the most recently used

    store.resume(None)  # a third conversation pushes out the least recently used: second

    assert store.resume(first) == (first, [turn("London?")], False)
    lost = store.resume(second)
    assert lost.conversation_id != second and lost.history == [] and lost.context_lost
    assert len(store) == 2


def test_only_the_latest_turns_are_kept(db: Path) -> None:
    store = ConversationStore(db, max_turns=2)
    conversation_id, history, lost = store.resume(None)
    for question in ("one", "two", "three"):
        store.append(conversation_id, turn(question))

    assert history == [] and not lost
    assert [t.question for t in store.resume(conversation_id).history] == ["two", "three"]


def test_a_conversation_unused_beyond_its_ttl_is_lost(db: Path) -> None:
    clock = Clock()
    store = ConversationStore(db, ttl_s=60, clock=clock)
    conversation_id = store.resume(None).conversation_id
    store.append(conversation_id, turn("London?"))
    clock.now += 30
    assert store.resume(conversation_id).history == [turn("London?")]  # used again: its hour starts over

    clock.now += 61
    expired = store.resume(conversation_id)

    assert expired.context_lost and expired.history == [] and expired.conversation_id != conversation_id
    assert len(store) == 1  # the expired one is gone, the new one is there


def test_an_id_never_issued_is_not_adopted(db: Path) -> None:
    store = ConversationStore(db)

    resumed = store.resume("chosen-by-the-client")
    store.append("chosen-by-the-client", turn("London?"))  # cannot bring a conversation into being

    assert resumed.context_lost and resumed.conversation_id != "chosen-by-the-client"
    assert store.resume("chosen-by-the-client").context_lost


def test_two_stores_on_one_file_share_conversations_as_two_workers_do(db: Path) -> None:
    worker_a, worker_b = ConversationStore(db), ConversationStore(db)
    conversation_id = worker_a.resume(None).conversation_id
    worker_a.append(conversation_id, turn("Jane Street London?"))

    resumed = worker_b.resume(conversation_id)
    worker_b.append(conversation_id, turn("and in Hong Kong?"))

    assert resumed.history == [turn("Jane Street London?")] and not resumed.context_lost
    questions = [t.question for t in worker_a.resume(conversation_id).history]
    assert questions == ["Jane Street London?", "and in Hong Kong?"]


def test_conversations_outlive_the_store_that_wrote_them(db: Path) -> None:
    before_restart = ConversationStore(db)
    conversation_id = before_restart.resume(None).conversation_id
    before_restart.append(conversation_id, turn("Jane Street London?"))
    before_restart.close()

    after_restart = ConversationStore(db)

    assert after_restart.resume(conversation_id) == (conversation_id, [turn("Jane Street London?")], False)
    with closing(sqlite3.connect(db)) as reader:  # WAL: workers read while another writes
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
