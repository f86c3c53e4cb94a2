"""The web API, driven through the real app over a real index of the seeds (no part of the assistant is faked)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.response import Turn, Understanding
from assistant.serve.conversations import ConversationStore

pytest_plugins = ["tests.serve_fixtures"]

LONDON_QUESTION = "What's a fair London ask for an ML engineer at Jane Street?"
LONDON_ROW_LINE = 58  # seeds/jane-street/ml-ai-engineer.md: "| **London** | £195K - £275K ..."
XSS = "<img src=x onerror=alert(1)>"
ClientFactory = Callable[..., TestClient]  # the make_api_client fixture


def sse_events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """(event name, parsed data) for each event of a text/event-stream body."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if line and not line.startswith(":"))
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def stream(client: TestClient, question: str, conversation_id: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    response = client.post("/api/chat/stream", json={"question": question, "conversation_id": conversation_id})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return sse_events(response.text)


# --- answers -------------------------------------------------------------------------------------


def test_london_question_answers_with_the_cited_range(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", json={"question": LONDON_QUESTION, "conversation_id": None})

    assert response.status_code == 200, response.text
    answer = response.json()
    assert "£195K - £275K" in answer["answer"]
    assert answer["conversation_id"]
    cited = [c for c in answer["citations"] if c["guide_id"] == "jane-street/ml-ai-engineer"]
    assert any("£195K - £275K" in c["quote"] and c["start_line"] == LONDON_ROW_LINE for c in cited)
    figure = next(f for f in answer["figures"] if f["text"].startswith("£195K - £275K"))
    assert figure["currency"] == "GBP" and figure["guide_id"] == "jane-street/ml-ai-engineer"


def test_stream_sends_meta_then_tokens_then_done(api_client: TestClient) -> None:
    events = stream(api_client, LONDON_QUESTION)

    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-1] == "done"
    assert set(names[1:-1]) == {"token"} and len(names) > 3
    streamed = "".join(data["text"] for name, data in events if name == "token")
    done = events[-1][1]
    assert "£195K - £275K" in streamed
    assert done["answer"] == streamed  # the offline engine's tokens are exactly its verified answer
    assert done["conversation_id"] == events[0][1]["conversation_id"]
    assert any(c["guide_id"] == "jane-street/ml-ai-engineer" for c in done["citations"])


def test_follow_up_in_a_conversation_keeps_company_and_role(api_client: TestClient) -> None:
    first = api_client.post("/api/chat", json={"question": LONDON_QUESTION}).json()

    follow_up = api_client.post(
        "/api/chat", json={"question": "and in Hong Kong?", "conversation_id": first["conversation_id"]}
    )

    assert follow_up.status_code == 200
    answer = follow_up.json()
    assert "HK$1.95M - HK$2.70M" in answer["answer"]
    assert answer["conversation_id"] == first["conversation_id"]
    assert answer["understanding"]["companies"] == ["jane-street"]


def test_streamed_follow_up_answers_for_the_conversation_company_not_another(api_client: TestClient) -> None:
    meta = stream(api_client, "What does Tastytrade pay an ML engineer in London?")[0][1]

    in_conversation = stream(api_client, "and in New York?", meta["conversation_id"])[-1][1]
    without_context = stream(api_client, "and in New York?")[-1][1]

    assert "$196K - $273K" in in_conversation["answer"]  # Tastytrade, New York
    assert "$250K - $350K" not in in_conversation["answer"]  # Jane Street, New York
    assert in_conversation["conversation_id"] == meta["conversation_id"]
    assert without_context["conversation_id"] != meta["conversation_id"]
    assert without_context["understanding"]["companies"] == []  # nothing leaked from the other conversation


def test_an_unknown_conversation_id_starts_a_new_conversation(api_client: TestClient) -> None:
    answer = api_client.post(
        "/api/chat", json={"question": "and in Hong Kong?", "conversation_id": "never-issued"}
    ).json()

    assert answer["conversation_id"] != "never-issued"
    assert answer["understanding"]["companies"] == []


# --- bad input -----------------------------------------------------------------------------------

JSON = {"Content-Type": "application/json"}
BAD_REQUESTS: dict[str, tuple[dict[str, Any], int, str]] = {  # request, status, part of the detail
    "empty question": ({"json": {"question": ""}}, 422, "The question is empty"),
    "whitespace question": ({"json": {"question": " \n\t "}}, 422, "The question is empty"),
    "over-long question": ({"json": {"question": "x" * 2001}}, 422, "over the limit of 2,000"),
    "question not a string": ({"json": {"question": 42}}, 422, "'question' is invalid"),
    "id not a string": ({"json": {"question": "hi", "conversation_id": 7}}, 422, "'conversation_id' is invalid"),
    "question missing": ({"json": {"conversation_id": None}}, 422, "'question' is missing"),
    "unknown field": ({"json": {"question": "hi", "questoin": "hi"}}, 422, "'questoin' is not accepted"),
    "body not an object": ({"json": ["hi"]}, 422, "not a JSON object"),
    "malformed JSON": ({"content": b'{"question": "hi"', "headers": JSON}, 422, "not valid JSON"),
    "plain-text body": ({"content": b'{"question": "hi"}'}, 422, "Content-Type: application/json"),
    "oversize body": ({"json": {"question": "x" * 20_000}}, 413, "The request body is 20,0"),
}


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
@pytest.mark.parametrize("case", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_bad_input_gets_a_one_line_4xx(api_client: TestClient, path: str, case: str) -> None:
    request, status, reason = BAD_REQUESTS[case]

    response = api_client.post(path, **request)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    detail = response.json()["detail"]
    assert reason in detail and "\n" not in detail


def test_oversize_body_without_content_length_gets_413_from_the_bytes(api_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # a generator body is sent chunked, with no Content-Length to trust
        yield b'{"question": "'
        yield b"x" * 20_000
        yield b'"}'

    response = api_client.post("/api/chat", content=chunks(), headers=JSON)

    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "over the limit of 16,384 bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [("", "'q' is missing"), ("?q=%20%20", "query is empty"), (f"?q={'x' * 2001}", "over the limit")],
)
def test_bad_search_queries_get_422(api_client: TestClient, query: str, reason: str) -> None:
    response = api_client.get(f"/api/search{query}")

    assert response.status_code == 422
    assert reason in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/chat"), ("post", "/api/chat/stream"), ("get", "/api/search?q=London"), ("get", "/api/guides")],
)
def test_a_missing_index_gets_503_saying_to_run_ingest(
    make_api_client: ClientFactory, tmp_path: Path, method: str, path: str
) -> None:
    client = make_api_client(index_dir=tmp_path / "no-index")

    response = client.request(method, path, json={"question": LONDON_QUESTION} if method == "post" else None)

    assert response.status_code == 503
    assert "run `assistant ingest`" in response.json()["detail"]


# --- guides, search, health ----------------------------------------------------------------------


def test_guide_list_names_every_seed(api_client: TestClient) -> None:
    listing = api_client.get("/api/guides").json()

    assert listing["count"] == 3
    ids = [guide["id"] for guide in listing["guides"]]
    assert ids == ["jane-street/ml-ai-engineer", "millennium-management/ml-ai-engineer", "tastytrade/ml-ai-engineer"]
    jane_street = listing["guides"][0]
    assert set(jane_street["currencies"]) == {"USD", "GBP", "HKD"}
    assert "Hong Kong" in jane_street["regions"]


def test_guide_detail_has_the_source_line_a_citation_points_at(api_client: TestClient) -> None:
    citation = next(
        c
        for c in api_client.post("/api/chat", json={"question": LONDON_QUESTION}).json()["citations"]
        if "£195K - £275K" in c["quote"]
    )

    guide = api_client.get(f"/api/guides/{citation['guide_id']}").json()

    lines = guide["source_lines"][citation["start_line"] - 1 : citation["end_line"]]
    assert citation["quote"] in "\n".join(lines)
    assert guide["source_lines"][LONDON_ROW_LINE - 1].startswith("| **London** | £195K - £275K")
    assert len(guide["source_lines"]) == guide["line_count"]
    table_section = next(s for s in guide["sections"] if s["start_line"] <= LONDON_ROW_LINE <= s["end_line"])
    assert table_section["heading"] == "Compensation Benchmarks by Region"
    assert any(f["region_key"] == "london" and f["line"] == LONDON_ROW_LINE for f in guide["figures"])


def test_an_unknown_guide_gets_404(api_client: TestClient) -> None:
    response = api_client.get("/api/guides/acme/ml-ai-engineer")

    assert response.status_code == 404
    assert response.json()["detail"] == "No guide with id 'acme/ml-ai-engineer': GET /api/guides lists the ids."


def test_search_returns_passages_without_answering(api_client: TestClient) -> None:
    response = api_client.get("/api/search", params={"q": "Jane Street London base salary", "k": 3})

    assert response.status_code == 200
    result = response.json()
    assert result["query"] == "Jane Street London base salary"
    assert 1 <= len(result["hits"]) <= 3
    assert "answer" not in result
    assert any("£195K - £275K" in hit["text"] for hit in result["hits"])
    assert all(hit["start_line"] <= hit["end_line"] for hit in result["hits"])


def test_health_and_readiness(api_client: TestClient, make_api_client: ClientFactory, tmp_path: Path) -> None:
    assert api_client.get("/healthz").json() == {"status": "ok"}
    assert api_client.get("/readyz").json() == {"status": "ready", "guides": 3, "drift": None}

    empty_index = tmp_path / "empty-index"
    empty_index.mkdir()
    not_ready = make_api_client(index_dir=empty_index)
    assert not_ready.get("/healthz").status_code == 200
    response = not_ready.get("/readyz")
    assert response.status_code == 503
    assert "run `assistant ingest`" in response.json()["detail"]


# --- admin ---------------------------------------------------------------------------------------


def test_admin_is_disabled_without_a_configured_key(api_client: TestClient) -> None:
    response = api_client.post("/api/admin/reindex", headers={"X-API-Key": "anything"})

    assert response.status_code == 503
    assert response.json()["detail"].startswith("Admin disabled")


def test_admin_reindex_needs_the_right_key(make_api_client: ClientFactory) -> None:
    # Its own assistant: a reindex reopens the index, which must not cost the shared one its warm model.
    admin = make_api_client(own_assistant=True, admin_api_key="s3cret-key")

    missing = admin.post("/api/admin/reindex")
    wrong = admin.post("/api/admin/reindex", headers={"X-API-Key": "guess"})
    right = admin.post("/api/admin/reindex", headers={"X-API-Key": "s3cret-key"})

    assert missing.status_code == 401 and "X-API-Key" in missing.json()["detail"]
    assert wrong.status_code == 403 and wrong.json()["detail"] == "Wrong API key."
    assert right.status_code == 200, right.text
    report = right.json()
    assert report["guides_in_index"] == 3 and report["unchanged"] == 3 and report["errors"] == []


# --- origins and rate limit ----------------------------------------------------------------------

PARTNER = "https://partner.example"


def test_an_allowed_origin_gets_an_answer_with_cors_headers(make_api_client: ClientFactory) -> None:
    client = make_api_client(allowed_origins=PARTNER)

    preflight = client.options(
        "/api/chat/stream",
        headers={
            "Origin": PARTNER,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    response = client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": PARTNER})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == PARTNER
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert "Retry-After" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream", "/api/admin/reindex"])
def test_a_foreign_origin_is_refused_before_anything_runs(make_api_client: ClientFactory, path: str) -> None:
    client = make_api_client(allowed_origins=PARTNER)

    response = client.post(path, json={"question": LONDON_QUESTION}, headers={"Origin": "https://evil.example"})

    assert response.status_code == 403
    assert "https://evil.example" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers
    app = client.app
    assert isinstance(app, FastAPI) and len(app.state.conversations) == 0  # no question reached the assistant


def test_same_origin_and_origin_less_requests_pass_with_the_default_same_origin_policy(api_client: TestClient) -> None:
    own = api_client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": "http://testserver"})
    no_origin = api_client.post("/api/chat", json={"question": LONDON_QUESTION})
    partner = api_client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": PARTNER})

    assert own.status_code == 200 and no_origin.status_code == 200
    assert partner.status_code == 403  # the allow-list is empty by default: same origin only


def test_rate_limit_answers_429_with_retry_after(make_api_client: ClientFactory) -> None:
    client = make_api_client(rate_limit="2/minute", allowed_origins=PARTNER)

    first = client.get("/api/search", params={"q": "London"})
    second = client.post("/api/chat", json={"question": LONDON_QUESTION})
    third = client.post("/api/chat/stream", json={"question": LONDON_QUESTION}, headers={"Origin": PARTNER})

    assert first.status_code == 200 and second.status_code == 200
    assert third.status_code == 429
    assert 1 <= int(third.headers["retry-after"]) <= 60
    assert third.json()["detail"] == "Too many requests: the limit is 2 per 1 minute per client."
    assert third.headers["access-control-allow-origin"] == PARTNER  # so the widget can read the wait
    assert client.get("/healthz").status_code == 200  # only answering routes are limited
    assert client.get("/api/guides").status_code == 200


# --- markup in questions and ids stays data ------------------------------------------------------


def test_markup_in_a_question_round_trips_as_json_text(api_client: TestClient) -> None:
    question = f"What does Jane Street pay in London? {XSS}"

    answered = api_client.post("/api/chat", json={"question": question})
    streamed = stream(api_client, question)

    assert answered.headers["content-type"] == "application/json"
    assert answered.json()["question"] == question
    assert json.loads(answered.text)["question"] == question
    assert streamed[-1][1]["question"] == question
    assert "£195K - £275K" in answered.json()["answer"]


def test_markup_in_a_guide_id_comes_back_as_json_text(api_client: TestClient) -> None:
    response = api_client.get(f"/api/guides/{XSS}")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert XSS in response.json()["detail"]


# --- pages and schema ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "marker"),
    [
        ("/", "text/html", '<script src="/widget.js"'),
        ("/widget.js", "text/javascript", "NegotiationAssistant"),
        ("/widget.css", "text/css", "{"),
        ("/guides/jane-street/ml-ai-engineer", "text/html", "/static/source.js"),
        ("/static/source.js", "text/javascript", "/api/guides/"),
    ],
)
def test_widget_files_and_pages_are_served(api_client: TestClient, path: str, content_type: str, marker: str) -> None:
    response = api_client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert marker in response.text


def test_openapi_documents_the_api(api_client: TestClient) -> None:
    schema = api_client.get("/openapi.json").json()

    assert {"/api/chat", "/api/chat/stream", "/api/guides", "/api/guides/{guide_id}", "/api/search", "/healthz",
            "/readyz", "/api/admin/reindex"} <= set(schema["paths"])  # fmt: skip
    assert {"ChatRequest", "ChatResponse", "GuideDetail", "SearchResponse"} <= set(schema["components"]["schemas"])
    assert api_client.get("/docs").status_code == 200


# --- the conversation store ----------------------------------------------------------------------


def _turn(question: str) -> Turn:
    return Turn(question=question, understanding=Understanding(companies=["jane-street"]))


def test_conversation_store_evicts_the_least_recently_used() -> None:
    store = ConversationStore(max_conversations=2)
    first, _ = store.resume(None)
    second, _ = store.resume(None)
    store.append(first, _turn("London?"))  # first is now the most recently used

    store.resume(None)  # a third conversation pushes out the least recently used: second

    assert store.resume(first)[0] == first
    assert store.resume(second)[0] != second
    assert len(store) == 2


def test_conversation_store_keeps_only_the_latest_turns() -> None:
    store = ConversationStore(max_turns=2)
    conversation_id, history = store.resume(None)
    for question in ("one", "two", "three"):
        store.append(conversation_id, _turn(question))

    assert history == []
    assert [turn.question for turn in store.resume(conversation_id)[1]] == ["two", "three"]
