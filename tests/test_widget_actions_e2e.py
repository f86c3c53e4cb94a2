"""What people expect of a chat widget, in real Chromium: copy, feedback, follow-ups, stop, dark mode, rendered
headings and tables, merged sources.

The server is the real app under uvicorn (tests/browser_fixtures.py); the stop test has its own, whose LLM backend
(a fake that streams a word every 0.1 s) is still writing when Stop is pressed. Screenshots at 1280×800 and
360×740 go to test-output/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.browser_helpers import (
    LONDON_QUESTION,
    Watched,
    ask,
    axe_violations,
    in_shadow,
    needs_chromium,
    open_details,
    open_widget,
    screenshot,
)
from tests.fakes import SlowChatModel
from tests.web_helpers import uvicorn_in_thread

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

REPO = Path(__file__).resolve().parents[1]
SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
LEVELS_QUESTION = "How do Jane Street levels map for ML engineers?"


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def feedback_cli(index_dir: Path, *args: str) -> str:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir)}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "feedback", *args], env=env, capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=True).stdout  # fmt: skip


def test_copy_puts_the_lead_with_its_figures_and_numbers_on_the_clipboard_and_copy_with_sources_adds_them(
    widget_page: Callable[..., Watched], live_server: str
) -> None:
    watched = widget_page(*SIZES["desktop"])
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    answer = ask(page, LONDON_QUESTION)

    answer.get_by_test_id("assistant-copy").click()
    expect(answer.get_by_test_id("assistant-copy")).to_have_text("Copied")
    lead = clipboard(page)
    assert lead.startswith("Ask for £255K–£275K base in London at Jane Street: the top quarter of its £195K - £275K")
    assert "[1]" in lead and "**" not in lead and "Sources" not in lead

    answer.get_by_test_id("assistant-copy-sources").click()
    with_sources = clipboard(page)
    assert with_sources.startswith(lead + "\n\nSources:\n[1] Jane Street · ML/AI Engineer, Compensation Benchmarks by ")
    assert f"line 58: {live_server}/guides/jane-street/ml-ai-engineer#L58" in with_sources
    assert "[2] Jane Street · ML/AI Engineer, Negotiate Up Strategy, line 100:" in with_sources
    screenshot(page, "desktop-copied")
    assert watched.errors == []


def test_a_thumbs_down_with_a_reason_is_stored_and_listed_by_assistant_feedback(
    widget_page: Callable[..., Watched], xss_index: Path
) -> None:
    page = widget_page(*SIZES["phone"]).page
    answer = ask(page, "What does Tastytrade pay an ML engineer in London?")

    answer.get_by_test_id("assistant-thumb-down").click()
    status = answer.get_by_test_id("assistant-feedback-status")
    expect(status).to_have_text("Thanks, your rating is saved.")
    expect(answer.get_by_test_id("assistant-thumb-down")).to_have_attribute("aria-pressed", "true")
    reason = answer.get_by_test_id("assistant-reason")
    expect(reason).to_be_focused()
    reason.fill("The London bonus mixes pounds and dollars")
    screenshot(page, "phone-feedback-reason")
    reason.press("Enter")
    expect(status).to_have_text("Thanks, your rating and reason are saved.")

    listed = feedback_cli(xss_index, "list", "--rating", "down")
    assert "asked:   What does Tastytrade pay an ML engineer in London?" in listed
    assert "said:    The London bonus mixes pounds and dollars" in listed
    exported = json.loads(feedback_cli(xss_index, "export", "--format", "json", "--rating", "down"))
    item = next(i for i in exported if i["reason"] == "The London bonus mixes pounds and dollars")
    assert any(figure["text"].startswith("£136K - £189K") for figure in item["figures"])


def test_a_follow_up_click_asks_its_question_and_the_offer_check_waits_for_the_readers_figure(
    widget_page: Callable[..., Watched],
) -> None:
    page = widget_page(*SIZES["desktop"]).page
    ask(page, LONDON_QUESTION)
    suggestions = page.get_by_test_id("assistant-follow-up")
    expect(suggestions).to_have_count(4)
    # Under the answer, outside it: the answer keeps its one screen.
    assert in_shadow(page, "(root) => root.querySelector('[data-testid=assistant-follow-ups]')"
                           ".previousElementSibling.dataset.testid") == "assistant-message"  # fmt: skip
    screenshot(page, "desktop-follow-ups")

    suggestions.first.click()
    asked = page.get_by_test_id("user-message").last.locator("p")
    expect(asked).to_have_text("What's a fair New York ask for ML/AI Engineer at Jane Street?")
    answered = page.get_by_test_id("assistant-message").last
    expect(answered).to_have_attribute("data-status", "done")
    expect(answered.get_by_test_id("assistant-answer")).to_contain_text("$350K base")
    expect(answered.get_by_test_id("citation-chip").first).to_be_visible()
    expect(page.get_by_test_id("assistant-follow-ups")).to_have_count(1)  # only the latest answer has suggestions
    assert in_shadow(page, "(root) => [...root.querySelectorAll('[data-testid=assistant-message]')].pop()"
                           ".nextElementSibling.dataset.testid") == "assistant-follow-ups"  # fmt: skip

    page.locator("[data-testid=assistant-follow-up][data-kind=draft]").click()
    box = page.get_by_test_id("assistant-input")
    expect(box).to_have_value("I have a Jane Street ML/AI Engineer offer in New York: base ")
    expect(box).to_be_focused()
    page.keyboard.type("$300K")
    page.keyboard.press("Enter")
    checked = page.get_by_test_id("assistant-message").last
    expect(checked).to_have_attribute("data-status", "done")
    expect(checked.get_by_test_id("assistant-answer")).to_contain_text("$250K - $350K")


def test_headings_and_tables_in_answers_render_and_details_skip_keyword_lists(
    widget_page: Callable[..., Watched],
) -> None:
    page = widget_page(*SIZES["desktop"]).page
    levels = ask(page, LEVELS_QUESTION)
    table = levels.get_by_test_id("answer-table")
    expect(table.locator("thead th").first).to_have_text("Jane Street Level")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").last.get_by_test_id("citation-chip")).to_be_visible()  # the row's [1]
    expect(levels).not_to_contain_text("|---|")
    screenshot(page, "desktop-table-answer")

    pay = ask(page, "What does Jane Street pay an ML engineer?")
    details = open_details(pay)
    heading = details.get_by_test_id("answer-heading")
    expect(heading.first).to_have_text("63% Compensation Surge — The Alpha Architect Premium")
    assert heading.first.evaluate("node => node.tagName") == "H4"  # under the detail's h3
    expect(pay).not_to_contain_text("####")
    expect(pay).not_to_contain_text("Negotiation DNA")
    screenshot(page, "desktop-heading-in-details")


def test_sources_of_one_guide_line_are_listed_once(widget_page: Callable[..., Watched]) -> None:
    page = widget_page(*SIZES["phone"]).page
    answer = ask(page, LONDON_QUESTION)
    details = open_details(answer)
    sources = details.get_by_test_id("source-chip")
    titles = sources.evaluate_all("chips => chips.map((chip) => chip.textContent)")
    assert len(titles) == len(set(titles)) == 2, titles
    sources.nth(1).click()  # the strategy line: every sentence the answer cites from it, in one passage
    quote = answer.get_by_test_id("citation-quote")
    expect(quote).to_contain_text("Anchor your ask at $350K base")
    expect(quote).to_contain_text("Accept at $275K+ base")
    screenshot(page, "phone-merged-source")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_violation_in_light_or_dark_mode(
    open_page: Callable[..., Watched], live_server: str, scheme: str, size: str
) -> None:
    page = open_page(*SIZES[size], color_scheme=scheme).page
    open_widget(page, live_server)
    answer = ask(page, LEVELS_QUESTION)
    answer.get_by_test_id("assistant-thumb-up").click()
    expect(answer.get_by_test_id("assistant-reason")).to_be_visible()
    answer = ask(page, LONDON_QUESTION)
    open_details(answer)
    answer.get_by_test_id("citation-chip").first.click()
    expect(answer.get_by_test_id("citation-passage")).to_be_visible()

    panel = in_shadow(page, "(root) => getComputedStyle(root.querySelector('.log')).backgroundColor")
    assert (panel == "rgb(19, 23, 27)") == (scheme == "dark"), panel  # the dark palette's --surface-alt
    assert axe_violations(page) == []
    screenshot(page, f"{size}-{scheme}-{SIZES[size][0]}x{SIZES[size][1]}")


# --- stop -----------------------------------------------------------------------------------------

SLOW_ANSWER = " ".join(f"Sentence {n} of an answer the backend is still writing." for n in range(1, 40))


@pytest.fixture(scope="module")
def slow_server(seeds_index: Path, make_settings: Callable[..., Settings]) -> Iterator[str]:
    """The app over the seeds with an LLM backend that streams one word every 0.1 s (over 40 s for its answer)."""

    def make_app(port: int) -> FastAPI:
        settings = make_settings(index_dir=seeds_index, corpus_dir=REPO / "seeds", port=port, public_origin=None)
        model = SlowChatModel(messages=iter([SLOW_ANSWER] * 5), delay_s=0.1)  # type: ignore[arg-type]
        return create_app(settings, Assistant(settings, chat_model=model))

    with uvicorn_in_thread(make_app) as base_url:
        yield base_url


def test_stop_ends_the_stream_and_marks_the_partial_answer_as_stopped(
    open_page: Callable[..., Watched], slow_server: str
) -> None:
    page = open_page(*SIZES["desktop"]).page
    open_widget(page, slow_server)
    answer = ask(page, LONDON_QUESTION, status="streaming")
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text("Sentence 2 of an answer", timeout=30_000)
    stop = page.get_by_test_id("assistant-stop")
    expect(stop).to_be_visible()
    expect(page.get_by_test_id("assistant-send")).to_be_hidden()

    stop.click()
    expect(answer).to_have_attribute("data-status", "stopped")
    shown = answer.get_by_test_id("assistant-answer").inner_text()
    assert shown.startswith("Sentence 1 of an answer") and "Sentence 39" not in shown
    expect(answer.get_by_test_id("assistant-stopped")).to_contain_text("Stopped: this answer is incomplete.")
    expect(page.get_by_test_id("assistant-send")).to_be_visible()
    expect(stop).to_be_hidden()
    expect(page.get_by_test_id("assistant-messages")).to_have_attribute("aria-busy", "false")
    page.wait_for_timeout(1500)  # the stream is over: nothing more arrives
    assert answer.get_by_test_id("assistant-answer").inner_text() == shown
    screenshot(page, "desktop-stopped")
    page.reload()  # a stopped answer stays stopped, with what it had
    page.get_by_test_id("assistant-launcher").click()
    expect(page.get_by_test_id("assistant-message").last).to_have_attribute("data-status", "stopped")
