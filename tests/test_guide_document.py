"""The guide as typed blocks for the source viewer: every block and line knows its line in the file."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.serve.guide_document import Block, Inline, guide_document

pytest_plugins = ["tests.serve_fixtures"]

REPO = Path(__file__).resolve().parents[1]

# An invented guide fragment: front matter, a table with an escaped pipe and alignment, a two-line paragraph,
# a numbered list starting at 3, a quote, a fenced block, markup and links of every kind.
GUIDE = """---
company: Pebble Works
last_updated: 2026-01-05
---
### Designer | Pebble Works Negotiation Guide

| Region | Base \\| cash | Bonus |
|---|:---:|--:|
| **Leeds** | £52K - £61K | 8% |

First line of a paragraph with <img src=x onerror=alert(1)>
and its second line with [a source](https://example.org/pay) and [a trap](javascript:alert(1)).

3. Ask for the **top** of the band.
4. Get it in writing.

> **Strategy:** anchor at £61K.

```
raw | text
```
"""


def _text(nodes: list[Inline]) -> str:
    return "".join(node.text + _text(node.children) for node in nodes)


def _by_kind(blocks: list[Block], kind: str) -> Block:
    return next(block for block in blocks if block.kind == kind)


def test_front_matter_comes_first_and_later_lines_keep_their_file_numbers() -> None:
    blocks = guide_document(GUIDE)

    front = blocks[0]
    assert (front.kind, front.start_line, front.end_line) == ("front_matter", 1, 4)
    assert [line.number for line in front.lines] == [1, 2, 3, 4]
    heading = blocks[1]
    assert (heading.kind, heading.level, heading.start_line) == ("heading", 3, 5)
    assert _text(heading.lines[0].content) == "Designer | Pebble Works Negotiation Guide"


def test_a_table_keeps_each_rows_line_its_header_cells_and_alignment() -> None:
    table = _by_kind(guide_document(GUIDE), "table")

    assert [(row.line, row.header) for row in table.rows] == [(7, True), (9, False)]  # line 8 is the separator
    assert [_text(cell) for cell in table.rows[0].cells] == ["Region", "Base | cash", "Bonus"]
    assert [_text(cell) for cell in table.rows[1].cells] == ["Leeds", "£52K - £61K", "8%"]
    assert table.rows[1].cells[0][0].kind == "strong"
    assert table.align == [None, "center", "right"]


def test_each_line_of_a_paragraph_is_its_own_addressable_line() -> None:
    paragraph = _by_kind(guide_document(GUIDE), "paragraph")

    assert [line.number for line in paragraph.lines] == [11, 12]
    # Markup in a guide is text, never an element: the viewer sets it with textContent.
    assert _text(paragraph.lines[0].content) == "First line of a paragraph with <img src=x onerror=alert(1)>"
    links = [node for node in paragraph.lines[1].content if node.kind == "link"]
    assert [(link.href, _text(link.children)) for link in links] == [("https://example.org/pay", "a source")]
    assert "[a trap](javascript:alert(1))" in _text(paragraph.lines[1].content)  # not a link at all


def test_lists_quotes_and_code_keep_their_numbers_and_lines() -> None:
    blocks = guide_document(GUIDE)

    numbered = _by_kind(blocks, "list")
    assert (numbered.ordered, numbered.start) == (True, 3)
    items = [item.children[0] for item in numbered.children]
    assert [(p.tight, p.lines[0].number, _text(p.lines[0].content)) for p in items] == [
        (True, 14, "Ask for the top of the band."),
        (True, 15, "Get it in writing."),
    ]
    quote = _by_kind(blocks, "quote")
    assert (quote.start_line, _text(quote.children[0].lines[0].content)) == (17, "Strategy: anchor at £61K.")
    code = _by_kind(blocks, "code")
    assert [(line.number, _text(line.content)) for line in code.lines] == [(20, "raw | text")]


def test_a_guide_without_front_matter_starts_at_line_one() -> None:
    blocks = guide_document("---\n\n# Title\n")

    assert [(block.kind, block.start_line) for block in blocks] == [("rule", 1), ("heading", 3)]


def test_the_guide_api_serves_the_document_beside_the_source_lines(api_client: TestClient) -> None:
    guide = api_client.get("/api/guides/jane-street/ml-ai-engineer").json()

    table = next(block for block in guide["document"] if block["kind"] == "table")
    london = next(row for row in table["rows"] if row["line"] == 58)
    assert guide["source_lines"][57].startswith("| **London** | £195K - £275K")
    assert [cell[0]["text"] for cell in london["cells"][1:]] == [
        "£195K - £275K ($245K - $345K)",
        "£215K - £335K ($270K - $420K)",
        "£410K - £610K ($515K - $765K)",
    ]
