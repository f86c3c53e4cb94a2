"""Helpers for the browser tests (tests/browser_fixtures.py holds the fixtures): pages, questions, screenshots."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import FloatRect, Locator, Page, expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output"
LONDON_QUESTION = "What's a fair London ask for an ML engineer at Jane Street?"
DESKTOP = (1280, 860)
PHONE = (360, 740)
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"  # axe-core, as that package ships it

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Watched:
    """A page plus what it must never do: open a dialog (alert from injected markup) or throw."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def open_widget(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_test_id("assistant-launcher").click()
    expect(page.get_by_test_id("assistant-panel")).to_be_visible()
    expect(page.get_by_test_id("assistant-input")).to_be_focused()


def ask(page: Page, question: str, status: str = "done") -> Locator:
    """Types a question, sends it with Enter, and waits for the answer to end with `status`."""
    page.get_by_test_id("assistant-input").fill(question)
    page.get_by_test_id("assistant-input").press("Enter")
    answer = page.get_by_test_id("assistant-message").last
    expect(answer).to_have_attribute("data-status", status)
    return answer


def in_shadow(page: Page, script: str, arg: Any = None) -> Any:
    """Evaluates `(root, arg) => ...` with root = the widget's shadow root."""
    return page.evaluate(
        f"""(arg) => {{
            const root = document.querySelector("negotiation-assistant").shadowRoot;
            return ({script})(root, arg);
        }}""",
        arg,
    )


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, "the element is not rendered"
    return found


def assert_beside(page: Page, chip: Locator, passage: Locator) -> None:
    """The passage touches its chip (above or below, a few px away), and both are inside the visible log."""
    chip_box, passage_box = box(chip), box(passage)
    log_box = box(page.get_by_test_id("assistant-messages"))
    if passage.get_attribute("data-placement") == "above":
        gap = chip_box["y"] - (passage_box["y"] + passage_box["height"])
    else:
        gap = passage_box["y"] - (chip_box["y"] + chip_box["height"])
    assert 0 <= gap <= 12, f"the passage is {gap:.0f}px from its chip"
    log_bottom = log_box["y"] + log_box["height"]
    for element in (chip_box, passage_box):
        assert log_box["y"] - 1 <= element["y"] and element["y"] + element["height"] <= log_bottom + 1
        assert element["x"] >= 0 and element["x"] + element["width"] <= page.viewport_size["width"]  # type: ignore[index]


def open_details(answer: Locator) -> Locator:
    """Opens an answer's details (below its lead) with their button; returns what they hold."""
    toggle = answer.get_by_test_id("assistant-details-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    details = answer.get_by_test_id("assistant-details")
    expect(details).to_be_visible()
    return details


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def line_holding(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now (the widget's open shadow root included), one line each:
    rule, impact and the elements it found. An empty list is a pass."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol, not as a <script> tag: the pages serve a strict CSP
        # (script-src 'self'), which rightly blocks inline scripts, and axe is test tooling, not page content.
        page.evaluate(f"() => {{ {AXE_SCRIPT.read_text(encoding='utf-8')}\n }}")
    violations = page.evaluate("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations]
