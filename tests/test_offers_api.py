"""POST /api/offer through the real app over a real index of the seeds: one letter with its e-mail, two side by
side, and a letter the server can't take said so in one sentence."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

pytest_plugins = ["tests.serve_fixtures"]

LETTERS = Path(__file__).parent / "offers"


def test_a_pasted_letter_comes_back_checked_added_up_and_answered(api_client: TestClient) -> None:
    letter = (LETTERS / "uk-prose.md").read_text()
    response = api_client.post("/api/offer", json={"letter": letter, "email": True})
    assert response.status_code == 200, response.text
    report = response.json()["report"]
    assert report["offer"]["base"] == {"value": 230_000, "currency": "GBP", "text": "£230,000"}
    assert report["response"]["answer"].startswith("Your base offer is in the second quarter of Jane Street's "
                                                   "£195K - £275K ($245K - $345K) London band [1]")  # fmt: skip
    assert [(y["year"], y["total"]["low"]) for y in report["years"]] == [(1, 520_000), (2, 480_000), (3, 480_000),
                                                                         (4, 480_000)]  # fmt: skip
    assert report["response"]["verification"]["action"] == "passed"
    email = report["email"]
    assert email["verification"]["action"] == "passed" and "[your competing offer]" in email["text"]
    assert "- Base: the offer is £230,000; the range is £195K - £275K, and I'd ask for £255K." in email["text"]


def test_two_letters_come_back_side_by_side(api_client: TestClient) -> None:
    first, second = (LETTERS / "us-labelled.txt").read_text(), (LETTERS / "us-frontloaded-no-bonus.md").read_text()
    response = api_client.post("/api/offer", json={"letter": first, "second_letter": second})
    assert response.status_code == 200, response.text
    comparison = response.json()["comparison"]
    assert "- Year 1 total: A $356,000, B $249,600: A is $106,400 more than B (your letters)" in comparison["lines"]
    assert comparison["verification"]["action"] == "passed"


def test_an_empty_or_unknown_request_is_refused_in_one_sentence(api_client: TestClient) -> None:
    empty = api_client.post("/api/offer", json={"letter": "   "})
    assert empty.status_code == 422 and empty.json()["detail"] == "The offer letter is empty: paste the letter's text."
    extra = api_client.post("/api/offer", json={"letter": "Base salary: $1", "question": "x"})
    assert extra.status_code == 422
