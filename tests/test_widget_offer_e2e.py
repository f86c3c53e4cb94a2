"""An offer letter pasted in the widget, in real Chromium against the real app: the parts read and each year's
total in a table, the checks with their sources, and "Draft my reply" with a copy button that copies the e-mail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import Watched, axe_violations, needs_chromium, screenshot

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

LETTER = (Path(__file__).parent / "offers" / "uk-prose.md").read_text()


def test_a_pasted_letter_shows_its_parts_years_checks_and_a_reply_to_copy(
    widget_page: Callable[..., Watched], live_server: str
) -> None:
    watched = widget_page(1280, 800)
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.get_by_test_id("assistant-paste-offer").click()
    letter = page.get_by_test_id("assistant-offer-letter")
    expect(letter).to_be_focused()
    letter.fill(LETTER)
    page.get_by_test_id("assistant-offer-check").click()
    answer = page.get_by_test_id("assistant-message").last
    expect(answer).to_have_attribute("data-status", "done")
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text(
        "Your base offer is in the second quarter of Jane Street's £195K - £275K ($245K - $345K) London band"
    )
    rows = answer.get_by_test_id("assistant-offer-row")
    expect(rows).to_have_text(["Base£230,000", "Bonus£250,000", "Sign-on£40,000, repayable within 24 months",
                               "Equitynot stated", "Relocationnot stated"])  # fmt: skip
    expect(answer.get_by_test_id("assistant-offer-year")).to_have_text(
        ["Year 1 total£520,000", "Year 2 total£480,000", "Year 3 total£480,000", "Year 4 total£480,000"]
    )
    expect(answer.get_by_test_id("citation-chip").first).to_be_visible()

    reply = answer.get_by_test_id("assistant-reply")
    expect(reply).to_be_hidden()
    answer.get_by_test_id("assistant-draft-reply").click()
    expect(reply).to_contain_text("- Base: the offer is £230,000; the range is £195K - £275K, and I'd ask for £255K.")
    expect(reply).to_contain_text("[your competing offer]")
    answer.get_by_test_id("assistant-reply-copy").click()
    expect(answer.get_by_test_id("assistant-reply-copy")).to_have_text("Copied")
    copied = str(page.evaluate("navigator.clipboard.readText()"))
    assert copied.startswith("Subject: ML/AI Engineer offer\n\nHi [recruiter's name],")
    assert "I'd ask for £305K." in copied and "[1]" not in copied and "your letter" not in copied
    screenshot(page, "desktop-offer-reply")
    assert axe_violations(page) == []
    assert watched.errors == []
