"""Answers people rated: thumbs up or down, with an optional one-line reason, for the guides' maintainers.

Every answer the web app gives is remembered under a fresh random id (what the widget sends back with its
rating) with what a maintainer needs to judge it later: the question and the ones before it, the lead, its
figures, the plan it was answered by, the index generation and the engine. A rating copies that record into
the feedback table, which is kept until someone deletes it; the remembered answers expire like conversations.

Both tables live in the conversations database (ASSISTANT_CONVERSATIONS_FILE), so every web worker and the
CLI (`assistant feedback`) see the same items. One rating per answer: rating it again replaces the first.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.errors import AssistantError
from assistant.response import AnswerResponse, Turn
from assistant.serve.conversations import ConversationsFileError, open_database
from assistant.settings import Settings
from assistant.sqlite_faults import Fault, guarded

Rating = Literal["up", "down"]
Clock = Callable[[], float]
MAX_REASON_CHARS = 300

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, answer_json TEXT NOT NULL, asked_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS answers_by_time ON answers (asked_at);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT PRIMARY KEY, rating TEXT NOT NULL, reason TEXT NOT NULL, given_at REAL NOT NULL,
    answer_json TEXT NOT NULL
);
"""


class ShownFigure(BaseModel):
    """A figure as the answer showed it, and where from."""

    text: str
    kind: str = Field(description="benchmark, advice, or derived (computed by a rule the answer shows)")
    currency: str | None = None
    low: int | None = None
    high: int | None = None
    component: str | None = None
    region: str | None = None
    guide_id: str | None = None
    section: str | None = None


class RatedAnswer(BaseModel):
    """What was asked and what was shown, as the server recorded it when it answered."""

    question: str
    earlier_questions: list[str] = Field(default_factory=list, description="The conversation before it, oldest first")
    answer: str = Field(description="The lead, as shown")
    refused: bool = False
    figures: list[ShownFigure] = Field(default_factory=list)
    plan: dict[str, Any] = Field(default_factory=dict, description="How the question was understood")
    generation: str | None = Field(None, description="The index generation that answered")
    engine: str
    asked_at: datetime


class FeedbackItem(RatedAnswer):
    answer_id: str
    rating: Rating
    reason: str = ""
    given_at: datetime


def plan_of(response: AnswerResponse) -> dict[str, Any]:
    """The plan the answer followed (the typed QuestionPlan)."""
    return response.plan.model_dump(mode="json")


def rated_answer(response: AnswerResponse, history: list[Turn], generation: str | None, now: float) -> RatedAnswer:
    citations = {citation.number: citation for citation in response.citations}
    figures = [
        ShownFigure(
            text=f.text,
            kind=f.kind.value,
            currency=f.currency,
            low=f.low,
            high=f.high,
            component=f.component.value if f.component else None,
            region=f.region,
            guide_id=f.guide_id,
            section=citations[f.citation].section if f.citation in citations else None,
        )
        for f in response.figures
    ] + [
        ShownFigure(text=d.text, kind="derived", currency=d.currency, low=d.low, high=d.high) for d in response.derived
    ]
    return RatedAnswer(question=response.question, earlier_questions=[turn.question for turn in history],
                       answer=response.answer, refused=response.refused, figures=figures, plan=plan_of(response),
                       generation=generation, engine=response.engine, asked_at=_when(now))  # fmt: skip


class FeedbackStore:
    def __init__(self, path: Path, max_answers: int = 20_000, ttl_s: float = 86_400, clock: Clock = time.time) -> None:
        self.path, self.max_answers, self.ttl_s = path, max_answers, ttl_s
        self._clock = clock
        self._db = open_database(self, path, _SCHEMA)  # the conversations file, as ConversationStore opens it
        self._lock = threading.Lock()

    def fault(self, kind: Fault, reason: str) -> AssistantError:
        return ConversationsFileError(self.path, kind, reason)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(settings.effective_conversations_file(),
                   max_answers=settings.max_conversations * settings.max_conversation_turns,
                   ttl_s=settings.conversation_ttl_s)  # fmt: skip

    @guarded
    def remember(self, response: AnswerResponse, history: list[Turn], generation: str | None) -> str:
        """Keep what this answer showed, so it can be rated; returns the id a rating names it by."""
        now = self._clock()
        answer_id = uuid.uuid4().hex
        record = rated_answer(response, history, generation, now)
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO answers VALUES (?, ?, ?)", (answer_id, record.model_dump_json(), now))
            self._db.execute("DELETE FROM answers WHERE asked_at < ?", (now - self.ttl_s,))
            self._db.execute("DELETE FROM answers WHERE id IN (SELECT id FROM answers ORDER BY asked_at DESC, "
                             "rowid DESC LIMIT -1 OFFSET ?)", (self.max_answers,))  # fmt: skip
        return answer_id

    @guarded
    def rate(self, answer_id: str, rating: Rating, reason: str = "") -> FeedbackItem | None:
        """Record a rating of a remembered answer (replacing an earlier one); None if the answer is not kept."""
        now = self._clock()
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT answer_json FROM answers WHERE id = ? AND asked_at >= ?", (answer_id, now - self.ttl_s)
            ).fetchone()
            if row is None:
                return None
            self._db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?)",
                             (answer_id, rating, reason, now, row[0]))  # fmt: skip
        return _item(answer_id, rating, reason, now, row[0])

    @guarded
    def items(self, rating: Rating | None = None) -> list[FeedbackItem]:
        """Every rating, oldest first (only thumbs down, say, with rating='down')."""
        query, args = "SELECT answer_id, rating, reason, given_at, answer_json FROM feedback", []
        if rating is not None:
            query, args = query + " WHERE rating = ?", [rating]
        with self._lock:
            rows = self._db.execute(query + " ORDER BY given_at, rowid", args).fetchall()
        return [_item(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def one_line(reason: str | None) -> str:
    """A reason as one short line: whitespace collapsed, at most MAX_REASON_CHARS characters."""
    return " ".join((reason or "").split())[:MAX_REASON_CHARS]


def _item(answer_id: str, rating: str, reason: str, given_at: float, answer_json: str) -> FeedbackItem:
    answer = RatedAnswer.model_validate_json(answer_json)
    return FeedbackItem(**answer.model_dump(), answer_id=answer_id, rating=rating, reason=reason,  # type: ignore[arg-type]
                        given_at=_when(given_at))  # fmt: skip


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC).replace(microsecond=0)
