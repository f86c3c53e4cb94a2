"""Bad input on the API and the CLI: every refusal is a 4xx (or exit code 2) with one clear sentence, never a 500."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

pytest_plugins = ["tests.serve_fixtures"]

JSON = {"Content-Type": "application/json"}
NOT_TEXT = "not valid text (a lone surrogate, or bytes that are not UTF-8)"
ONLY_CONTROLS = "holds only control characters"
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
    # JSON may spell a lone surrogate as an escape; Python reads it into a str that no encoder accepts.
    "lone surrogate": ({"content": b'{"question": "Jane Street \\ud800 London?"}', "headers": JSON}, 422, NOT_TEXT),
    "lone low surrogate": ({"content": b'{"question": "\\udfff"}', "headers": JSON}, 422, NOT_TEXT),
    "invalid UTF-8": ({"content": b'{"question": "Jane \xff\xfe London?"}', "headers": JSON}, 422, "not valid UTF-8"),
    "only control characters": ({"json": {"question": "\u0001\u0002\u001b\u007f"}}, 422, ONLY_CONTROLS),
    "only NUL bytes": ({"json": {"question": "\u0000\u0000\u0000"}}, 422, ONLY_CONTROLS),
    "controls and zero-width": ({"json": {"question": "\u0000 \u200b\u0007\n"}}, 422, ONLY_CONTROLS),
}


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
@pytest.mark.parametrize("case", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_bad_input_gets_a_one_line_4xx(api_client: TestClient, path: str, case: str) -> None:
    request, status, reason = BAD_REQUESTS[case]

    response = api_client.post(path, **request)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"  # the stream refuses before it starts
    detail = response.json()["detail"]
    assert reason in detail and "\n" not in detail


def test_a_question_with_a_control_character_among_words_is_answered(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", json={"question": "What does Jane Street pay in London?\u0007"})

    assert response.status_code == 200
    assert "£195K - £275K" in response.json()["answer"]


def test_oversize_body_without_content_length_gets_413_from_the_bytes(api_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # a generator body is sent chunked, with no Content-Length to trust
        yield b'{"question": "'
        yield b"x" * 20_000
        yield b'"}'

    response = api_client.post("/api/chat", content=chunks(), headers=JSON)

    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert detail == "The request body is over the limit of 16,384 bytes: send a shorter question."


def test_size_refusals_name_each_figure_once(api_client: TestClient) -> None:
    declared = api_client.post("/api/chat", json={"question": "x" * 20_000}).json()["detail"]
    long_question = api_client.post("/api/chat", json={"question": "x" * 2001}).json()["detail"]

    assert declared.count("16,384") == 1 and declared.count("bytes") == 1
    assert long_question == "The question is 2,001 characters long, over the limit of 2,000: shorten it."


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "'q' is missing"),
        ("?q=%20%20", "query is empty"),
        (f"?q={'x' * 2001}", "over the limit"),
        ("?q=%00%01%02", "The query holds only control characters"),
    ],
)
def test_bad_search_queries_get_422(api_client: TestClient, query: str, reason: str) -> None:
    response = api_client.get(f"/api/search{query}")

    assert response.status_code == 422
    assert reason in response.json()["detail"]


# --- the CLI ---------------------------------------------------------------------------------------

ASSISTANT = Path(sys.executable).parent / "assistant"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (b"What does Jane \xff\xfe pay in London?", f"Error: The question holds characters that are {NOT_TEXT}"),
        (b"\x01\x02\x1b", f"Error: The question {ONLY_CONTROLS}, no words: type a question."),
        (b"   ", "Error: The question is empty: type a question."),
    ],
)
def test_the_cli_refuses_bad_questions_with_one_sentence_and_exit_code_2(
    tmp_path: Path, question: bytes, sentence: str
) -> None:
    # The shell hands undecodable bytes to Python as lone surrogates: the same case as JSON's "\ud800".
    env = {**os.environ, "ASSISTANT_AUTO_INGEST": "false", "ASSISTANT_LLM": "offline"}
    result = subprocess.run(
        [str(ASSISTANT), "--index-dir", str(tmp_path / "index"), "ask", question],
        capture_output=True,
        env=env,
        timeout=120,
    )

    stderr = result.stderr.decode("utf-8", "replace").strip()
    assert result.returncode == 2, stderr
    assert stderr.startswith(sentence)
    assert stderr.count("\n") == 0 and "Traceback" not in stderr and "TypeError" not in stderr
