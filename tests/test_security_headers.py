"""Security headers on every kind of response, and /docs: off unless asked for, with a policy of its own."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web_helpers import ClientFactory

pytest_plugins = ["tests.serve_fixtures"]

PATHS = ["/", "/widget.js", "/widget.css", "/static/source.js", "/static/demo.css",
         "/guides/jane-street/ml-ai-engineer", "/api/guides", "/api/guides/no-such-guide", "/readyz", "/healthz",
         "/openapi.json", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_every_response_forbids_framing_sniffing_and_inline_code(api_client: TestClient, path: str) -> None:
    response = api_client.get(path)

    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_refusals_before_any_route_carry_the_headers_too(api_client: TestClient) -> None:
    too_big = api_client.post("/api/chat", content=b"x" * 20_000, headers={"Content-Type": "application/json"})
    other_site = api_client.post("/api/chat", json={"question": "hi"}, headers={"Origin": "https://elsewhere.example"})

    for response in (too_big, other_site):
        assert response.status_code in (403, 413)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_docs_are_off_by_default_and_on_with_their_own_policy(
    api_client: TestClient, make_api_client: ClientFactory
) -> None:
    assert api_client.get("/docs").status_code == 404
    assert api_client.get("/redoc").status_code == 404

    docs = make_api_client(api_docs=True).get("/docs")

    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    assert docs.headers["x-content-type-options"] == "nosniff"
