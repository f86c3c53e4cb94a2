"""Who may use the API: origins (CORS, the Origin and Host checks), rate limits, and clients behind proxies."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.web_helpers import LONDON_QUESTION, ClientFactory, uvicorn_in_thread

pytest_plugins = ["tests.serve_fixtures"]

PARTNER = "https://partner.example"
EVIL = "https://evil.example"
NOT_ALLOWED = "This assistant isn't available on this site."
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def conversation_count(client: TestClient) -> int:
    app = client.app
    assert isinstance(app, FastAPI)
    return len(app.state.conversations)


def test_an_allowed_origin_gets_an_answer_with_cors_headers(make_api_client: ClientFactory) -> None:
    client = make_api_client(allowed_origins=PARTNER)

    preflight = client.options("/api/chat/stream", headers={"Origin": PARTNER, **PREFLIGHT})
    response = client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": PARTNER})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == PARTNER
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert "Retry-After" in response.headers["access-control-expose-headers"]


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream", "/api/admin/reindex"])
def test_a_foreign_origin_is_refused_before_anything_runs_with_a_reason_its_page_can_read(
    make_api_client: ClientFactory, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_api_client(allowed_origins=PARTNER)
    conversations_before = conversation_count(client)

    preflight = client.options(path, headers={"Origin": EVIL, **PREFLIGHT})
    response = client.post(path, json={"question": LONDON_QUESTION}, headers={"Origin": EVIL})

    # The preflight lets the browser send the request, so that the page can read the refusal below.
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == EVIL
    assert response.status_code == 403
    assert response.json()["detail"] == NOT_ALLOWED  # what the site's visitor reads: nothing for them to fix
    hint = response.json()["owner_hint"]  # what the site's owner must change (the widget logs it to the console)
    assert f"add {EVIL} to ASSISTANT_ALLOWED_ORIGINS" in hint
    assert any(EVIL in r.getMessage() and "ASSISTANT_ALLOWED_ORIGINS" in r.getMessage() for r in caplog.records)
    assert response.headers["access-control-allow-origin"] == EVIL
    assert "Origin" in response.headers["vary"]
    assert conversation_count(client) == conversations_before  # no question reached the assistant


def test_a_foreign_origin_cannot_read_guides_either(make_api_client: ClientFactory) -> None:
    client = make_api_client(allowed_origins=PARTNER)

    refused = client.get("/api/guides", headers={"Origin": EVIL})
    allowed = client.get("/api/guides", headers={"Origin": PARTNER})

    assert refused.status_code == 403 and refused.json()["detail"].startswith(NOT_ALLOWED)
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == PARTNER


def test_own_origin_and_origin_less_requests_pass_with_the_default_same_origin_policy(api_client: TestClient) -> None:
    own = api_client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": "http://testserver"})
    no_origin = api_client.post("/api/chat", json={"question": LONDON_QUESTION})
    partner = api_client.post("/api/chat", json={"question": LONDON_QUESTION}, headers={"Origin": PARTNER})

    assert own.status_code == 200 and no_origin.status_code == 200
    assert partner.status_code == 403  # the allow-list is empty by default: same origin only


def test_an_origin_that_only_matches_the_host_header_is_refused(make_api_client: ClientFactory) -> None:
    """DNS rebinding: evil.example re-pointed at this server sends Host and Origin that agree with each other."""
    # Listening on all interfaces with no public origin: the Host check cannot know the names, so it is off
    # and only the Origin check stands between the rebound page and the API.
    client = make_api_client(host="0.0.0.0", port=8000, public_origin=None)
    rebound = {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}

    response = client.post("/api/chat", json={"question": LONDON_QUESTION}, headers=rebound)

    assert response.status_code == 403
    assert response.json()["detail"].startswith(NOT_ALLOWED)


def test_a_host_name_that_is_not_the_servers_is_refused_except_for_health_probes(
    make_api_client: ClientFactory,
) -> None:
    client = make_api_client(host="127.0.0.1", port=8000, public_origin="https://assistant.example")
    rebound = {"Host": "evil.example:8000"}

    guides = client.get("/api/guides", headers=rebound)  # a same-origin GET carries no Origin: only Host tells
    page = client.get("/", headers=rebound)
    health = client.get("/healthz", headers=rebound)
    public = client.get("/api/guides", headers={"Host": "assistant.example"})
    upstream = client.get("/api/guides", headers={"Host": "127.0.0.1:8000"})  # a proxy forwarding as-is

    assert guides.status_code == 400 and page.status_code == 400
    assert guides.json()["detail"] == (
        "This server does not answer to the name 'evil.example': open it at https://assistant.example "
        "(its operator sets that address with ASSISTANT_PUBLIC_ORIGIN)."
    )
    assert health.status_code == 200
    assert public.status_code == 200 and upstream.status_code == 200


def test_the_other_loopback_name_of_the_server_may_call_it_across_origins(make_api_client: ClientFactory) -> None:
    client = make_api_client(host="127.0.0.1", port=8000, public_origin=None)
    page = {"Origin": "http://localhost:8000", "Host": "127.0.0.1:8000"}  # demo page opened under the other name

    preflight = client.options("/api/chat/stream", headers={**page, **PREFLIGHT})
    response = client.post("/api/chat", json={"question": LONDON_QUESTION}, headers=page)

    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == page["Origin"]
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == page["Origin"]


def test_the_default_own_origin_comes_from_host_and_port() -> None:
    loopback = Settings(host="127.0.0.1", port=8123, public_origin=None)
    configured = Settings(host="0.0.0.0", port=8123, public_origin="https://assistant.example/")

    assert loopback.own_origins() == ["http://127.0.0.1:8123", "http://localhost:8123"]
    assert configured.own_origins() == ["https://assistant.example"]


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


# --- clients behind a proxy: a real uvicorn, so the peer address is a real socket's --------------------


def search_statuses(base_url: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        return [
            client.get("/api/search", params={"q": "London base"}, headers={"X-Forwarded-For": address}).status_code
            for address in forwarded_for
        ]


def proxied_app(seeds_assistant: Assistant, make_settings: Callable[..., Settings], **overrides: object) -> Callable:
    def make(port: int) -> FastAPI:
        settings = make_settings(
            index_dir=seeds_assistant.settings.index_dir, corpus_dir=seeds_assistant.settings.corpus_dir,
            host="127.0.0.1", port=port, public_origin=None, rate_limit="2/minute", **overrides,
        )  # fmt: skip
        return create_app(settings, seeds_assistant)

    return make


def test_without_trusted_proxies_x_forwarded_for_is_ignored(
    seeds_assistant: Assistant, make_settings: Callable[..., Settings]
) -> None:
    with uvicorn_in_thread(proxied_app(seeds_assistant, make_settings)) as base_url:
        # A client inventing a new address per request still spends the one budget of its socket's address.
        statuses = search_statuses(base_url, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])

    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_rate_limited(
    seeds_assistant: Assistant, make_settings: Callable[..., Settings]
) -> None:
    app = proxied_app(seeds_assistant, make_settings, trusted_proxies="127.0.0.1")
    with uvicorn_in_thread(app) as base_url:
        # The proxy (this test, on 127.0.0.1) forwards two clients; each has its own budget of 2.
        statuses = search_statuses(base_url, ["203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.2"])
        # A client's own forged entry comes first; the proxy appends the address it saw, which is what counts.
        forged = search_statuses(base_url, ["198.51.100.7, 203.0.113.1"])

    assert statuses == [200, 200, 200, 200]
    assert forged == [429]
