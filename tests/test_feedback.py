"""Feedback on answers: stored where every worker sees it, listed and exported by the CLI, drafted into eval cases.

Also the follow-ups an answer suggests: each one a question the guides answer with figures.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer.followups import follow_ups
from assistant.evals.cases import load_case_file
from assistant.response import AnswerResponse
from assistant.serve.feedback import FeedbackStore
from assistant.service import Assistant
from tests.web_helpers import LONDON_QUESTION, ClientFactory, stream

pytest_plugins = ["tests.serve_fixtures"]

REPO = Path(__file__).resolve().parents[1]
REASON = "The London ask   ignores\nmy level"


def cli(*args: str, conversations: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_CONVERSATIONS_FILE": str(conversations)}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "feedback", *args], env=env, capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=True)  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_rating_is_stored_with_what_the_answer_showed_and_every_worker_and_the_cli_see_it(
    make_api_client: ClientFactory, tmp_path: Path
) -> None:
    conversations = tmp_path / "conversations.sqlite3"
    worker_one = make_api_client(conversations_file=conversations)
    worker_two = make_api_client(conversations_file=conversations)  # another app on the same file: another worker

    answered = worker_one.post("/api/chat", json={"question": LONDON_QUESTION})
    answer = answered.json()
    rated = worker_two.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down",
                                                    "reason": REASON})  # fmt: skip
    generation = worker_one.get("/readyz").json()["generation"]

    assert rated.status_code == 200, rated.text
    assert rated.json() == {
        "answer_id": answer["answer_id"],
        "rating": "down",
        "reason": "The London ask ignores my level",
    }
    listed = cli("list", conversations=conversations).stdout
    assert f"asked:   {LONDON_QUESTION}" in listed and "said:    The London ask ignores my level" in listed
    assert "1 rating, 1 thumbs down" in listed and answer["answer_id"][:12] in listed

    [item] = json.loads(cli("export", "--format", "json", conversations=conversations).stdout)
    assert (item["question"], item["rating"], item["engine"]) == (LONDON_QUESTION, "down", "offline")
    assert item["answer"] == answer["answer"] and item["generation"] == generation
    assert item["plan"]["intent"] == "ask" and item["plan"]["companies"] == ["jane-street"]
    shown = {(figure["text"], figure["kind"]) for figure in item["figures"]}
    assert ("£195K - £275K ($245K - $345K)", "benchmark") in shown and ("£255K–£275K", "derived") in shown

    [row] = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv", conversations=conversations).stdout)))
    assert (row["rating"], row["reason"], row["question"]) == (
        "down",
        "The London ask ignores my level",
        LONDON_QUESTION,
    )
    assert "£195K - £275K ($245K - $345K) (benchmark)" in row["figures"]


def test_a_thumbs_down_becomes_a_draft_eval_case_that_loads(make_api_client: ClientFactory, tmp_path: Path) -> None:
    conversations = tmp_path / "conversations.sqlite3"
    client = make_api_client(conversations_file=conversations)
    first = stream(client, "What does Jane Street pay an ML engineer in London?")
    conversation_id = first[0][1]["conversation_id"]
    follow_up = dict(stream(client, "and in Hong Kong?", conversation_id))["done"]
    client.post("/api/feedback", json={"answer_id": follow_up["answer_id"], "rating": "down", "reason": "Too long"})

    draft = cli("draft-eval", follow_up["answer_id"][:8], conversations=conversations).stdout
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    [case] = load_case_file(tmp_path / "draft.yaml")

    assert case.turns == ["What does Jane Street pay an ML engineer in London?", "and in Hong Kong?"]
    assert "follow-up" in case.tags and "Too long" in (case.note or "")
    assert any((f.low, f.high, f.currency) == (1_950_000, 2_700_000, "HKD") for f in case.expect), case.expect
    assert all(f.guide == "jane-street/ml-ai-engineer" for f in case.expect)
    assert "# Figures it showed: HK$1.95M - HK$2.70M ($250K - $346K) (benchmark)" in draft


def test_an_answer_is_rated_once_and_unknown_or_forgotten_answers_cannot_be(
    make_api_client: ClientFactory, tmp_path: Path
) -> None:
    client = make_api_client(conversations_file=tmp_path / "c.sqlite3")
    answer_id = client.post("/api/chat", json={"question": LONDON_QUESTION}).json()["answer_id"]

    client.post("/api/feedback", json={"answer_id": answer_id, "rating": "down"})
    again = client.post("/api/feedback", json={"answer_id": answer_id, "rating": "up", "reason": "Fine after all"})
    unknown = client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "up"})
    sideways = client.post("/api/feedback", json={"answer_id": answer_id, "rating": "meh"})

    assert again.status_code == 200
    items = FeedbackStore(tmp_path / "c.sqlite3").items()
    assert [(i.rating, i.reason) for i in items] == [("up", "Fine after all")]  # the second rating replaced the first
    assert unknown.status_code == 404 and "no longer kept" in unknown.json()["detail"]
    assert sideways.status_code == 422


def test_remembered_answers_expire_but_ratings_stay(assistant: Assistant, tmp_path: Path) -> None:
    clock = Clock()
    store = FeedbackStore(tmp_path / "c.sqlite3", ttl_s=60, clock=clock)
    response = assistant.ask(LONDON_QUESTION)
    rated, forgotten = store.remember(response, [], "g1"), store.remember(response, [], "g1")
    assert store.rate(rated, "up") is not None

    clock.now += 61
    store.remember(response, [], "g1")  # a later answer sweeps out the expired ones

    assert store.rate(forgotten, "down") is None
    assert [item.answer_id for item in store.items()] == [rated]


# --- follow-ups -----------------------------------------------------------------------------------

FOLLOW_UP_QUESTIONS = [
    LONDON_QUESTION,
    "What does Tastytrade pay an ML engineer in London?",
    "How does Millennium's ML engineer pay in New York compare with Jane Street's?",
    "What levers can I use when negotiating an ML engineer offer at Tastytrade?",
    "Is £200K base fair for an ML engineer at Jane Street in London?",
]


def answered_with_figures(response: AnswerResponse) -> bool:
    return not response.refused and bool(response.figures) and bool(response.citations)


@pytest.mark.parametrize("question", FOLLOW_UP_QUESTIONS)
def test_every_suggested_follow_up_is_answered_with_figures(assistant: Assistant, question: str) -> None:
    suggestions = follow_ups(assistant.ask(question), assistant.reader)

    asked = [s for s in suggestions if s.kind == "ask"]
    assert 2 <= len(suggestions) <= 4 and asked, suggestions
    for suggestion in asked:
        assert suggestion.question != question
        assert answered_with_figures(assistant.ask(suggestion.question)), suggestion
    for draft in (s for s in suggestions if s.kind == "draft"):  # the offer check, finished with the reader's figure
        assert answered_with_figures(assistant.ask(draft.question + "£250K")), draft


def test_the_headline_answer_suggests_other_places_the_closest_company_and_the_offer_check(
    assistant: Assistant,
) -> None:
    suggestions = follow_ups(assistant.ask(LONDON_QUESTION), assistant.reader)
    labels = ["Fair ask in New York", "Fair ask in Hong Kong", "Compare with Millennium Management",
              "Have an offer? Paste it"]  # fmt: skip
    assert [s.label for s in suggestions] == labels
    # Millennium's London total-comp band is nearer Jane Street's than Tastytrade's is.
    assert suggestions[2].question == (
        "How does Jane Street's ML/AI Engineer pay in London compare with Millennium Management's?"
    )


def test_a_refusal_suggests_nothing_and_a_stream_carries_its_follow_ups(
    assistant: Assistant, make_api_client: ClientFactory, tmp_path: Path
) -> None:
    assert follow_ups(assistant.ask("What does Google pay an ML engineer?"), assistant.reader) == []
    done = dict(stream(make_api_client(conversations_file=tmp_path / "c.sqlite3"), LONDON_QUESTION))["done"]
    assert done["answer_id"] and [f["kind"] for f in done["follow_ups"]] == ["ask", "ask", "ask", "draft"]
