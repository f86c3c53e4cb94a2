"""The web API, driven through the real app over a real index of the seeds (no part of the assistant is faked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_helpers import LONDON_QUESTION, ClientFactory, stream

pytest_plugins = ["tests.serve_fixtures"]

LONDON_ROW_LINE = 58  # seeds/jane-street/ml-ai-engineer.md: "| **London** | £195K - £275K ..."
XSS = "<img src=x onerror=alert(1)>"


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
    assert answer["plan"]["companies"] == ["jane-street"]


def test_streamed_follow_up_answers_for_the_conversation_company_not_another(api_client: TestClient) -> None:
    meta = stream(api_client, "What does Tastytrade pay an ML engineer in London?")[0][1]

    in_conversation = stream(api_client, "and in New York?", meta["conversation_id"])[-1][1]
    without_context = stream(api_client, "and in New York?")[-1][1]

    assert "$196K - $273K" in in_conversation["answer"]  # Tastytrade, New York
    assert "$250K - $350K" not in in_conversation["answer"]  # Jane Street, New York
    assert in_conversation["conversation_id"] == meta["conversation_id"]
    assert without_context["conversation_id"] != meta["conversation_id"]
    assert without_context["plan"]["companies"] == []  # nothing leaked from the other conversation


def test_an_unknown_conversation_id_starts_a_new_conversation_and_says_the_context_is_lost(
    api_client: TestClient,
) -> None:
    answer = api_client.post(
        "/api/chat", json={"question": "and in Hong Kong?", "conversation_id": "never-issued"}
    ).json()
    streamed = stream(api_client, "and in Hong Kong?", "never-issued-either")
    fresh = api_client.post("/api/chat", json={"question": LONDON_QUESTION}).json()

    assert answer["conversation_id"] != "never-issued"
    assert answer["plan"]["companies"] == []
    assert answer["context_lost"] is True
    meta, done = streamed[0][1], streamed[-1][1]
    assert meta["context_lost"] is True and done["context_lost"] is True
    assert meta["conversation_id"] != "never-issued-either"
    assert fresh["context_lost"] is False  # no id sent: nothing was lost


# --- no index -----------------------------------------------------------------------------------


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
    ready = api_client.get("/readyz").json()
    assert (ready["status"], ready["guides"], ready["drift"]) == ("ready", 3, None)
    assert (type(ready["warm"]), type(ready["generation"])) == (bool, str)
    assert ready["generation"] == api_client.app.state.assistant.reader.generation  # type: ignore[attr-defined]

    empty_index = tmp_path / "empty-index"
    empty_index.mkdir()
    not_ready = make_api_client(index_dir=empty_index)
    assert not_ready.get("/healthz").status_code == 200
    response = not_ready.get("/readyz")
    assert response.status_code == 503
    assert "run `assistant ingest`" in response.json()["detail"]


def test_readiness_says_whether_the_first_question_will_wait_for_the_model(make_api_client: ClientFactory) -> None:
    # A TestClient outside `with` runs no lifespan, so nothing warms this assistant up behind the test's back.
    cold = make_api_client(own_assistant=True)
    assert cold.get("/readyz").json()["warm"] is False
    assert cold.get("/readyz").json()["warm"] is False  # asking is cheap: it never loads the model itself

    assert cold.post("/api/chat", json={"question": "Jane Street ML engineer London base?"}).status_code == 200
    ready = cold.get("/readyz").json()
    assert (ready["status"], ready["guides"], ready["warm"]) == ("ready", 3, True)


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
        ("/widget-answer.js", "text/javascript", "createAnswerView"),
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
    assert api_client.get("/docs").status_code == 404  # off by default: Swagger UI would load from a CDN
