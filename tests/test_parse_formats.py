"""The parser against the invented guides in tests/guides, which cover every shape in GUIDE_FORMATS.md.

Expected figures are written out in full: a parser that reads a cell slightly differently
(a swapped range, a guessed currency, a lost note or `/yr`) fails here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.guide import Figure, Guide, ProblemKind
from assistant.ingest.parse import GuideError, parse_guide_file, parse_guide_text

GUIDES = Path(__file__).parent / "guides"
TODAY = date(2026, 11, 21)
# Hand-written expectations for each invented guide (see its "about" field).
EXPECTED: dict[str, Any] = json.loads((GUIDES / "expected.json").read_text(encoding="utf-8"))
ALL_GUIDES = sorted(EXPECTED["guides"])
LUMEN, BRIGHT, QUILL = "lumenfold/data-scientist", "brightwater-robotics/ml-ai-engineer", "quillmark/product-manager"
TIDE, ORCHARD, FERROUS = (
    "tidewell-health/backend-engineer",
    "orchard-pay/security-engineer",
    "ferrous-capital/quantitative-researcher",
)
LARK, XSS = "larkspur-labs/software-engineer", "xss-labs/software-engineer"

# A Figure's value fields and what they hold when the cell does not say otherwise.
BLANK: dict[str, Any] = {
    "currency": None,
    "low": None,
    "high": None,
    "high_currency": None,
    "open_ended": False,
    "period": None,
    "bonus_pct_low": None,
    "bonus_pct_high": None,
    "secondary": None,
    "note": None,
}


def parse(guide_id: str, today: date = TODAY) -> Guide:
    return parse_guide_file(GUIDES / f"{guide_id}.md", GUIDES, today=today)


def line_starting(guide_id: str, prefix: str) -> int:
    """1-based number of the first line of the guide file that starts with prefix."""
    lines = (GUIDES / f"{guide_id}.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def find_figure(guide: Guide, region_key: str, component: str, level: str | None = None) -> Figure | None:
    matches = [
        fig
        for fig in guide.figures
        if fig.region_key == region_key and fig.component.value == component and fig.level == level
    ]
    assert len(matches) <= 1, f"several figures for {region_key}/{component}/{level}: {matches}"
    return matches[0] if matches else None


def figure_case_id(case: dict[str, Any]) -> str:
    return f"{case['guide']}:{case['region_key']}:{case['component']}:{case['level'] or ''}"


@pytest.mark.parametrize("case", EXPECTED["figures"], ids=figure_case_id)
def test_figure_is_read_exactly(case: dict[str, Any]) -> None:
    guide_id = case["guide"]
    fig = find_figure(parse(guide_id), case["region_key"], case["component"], case["level"])
    assert fig is not None, f"no {case['component']} figure for {case['region_key']} in {guide_id}"
    wanted = {**BLANK, **case["expect"]}
    assert {name: value for name, value in fig.model_dump(mode="json").items() if name in wanted} == wanted
    assert fig.line == line_starting(guide_id, case["row"])
    assert fig.guide_id == guide_id


# "-", "—" or "N/A" where a total belongs is a blank: no figure. An empty cell is nothing at all.
@pytest.mark.parametrize(
    ("guide_id", "region_key", "component", "level"),
    [
        (LARK, "lyon", "total", "Senior (L5)"),
        (LARK, "lyon", "total", "Staff (L6)"),
        (XSS, "bangalore", "bonus", None),
    ],
)
def test_empty_cell_has_no_figure(guide_id: str, region_key: str, component: str, level: str | None) -> None:
    assert find_figure(parse(guide_id), region_key, component, level) is None


# The same marks in a component's column say the component is not paid there: an answer, with no amount.
@pytest.mark.parametrize(
    ("guide_id", "region_key", "component", "written"),
    [(LUMEN, "remote-us", "bonus", "-"), (BRIGHT, "remote-us", "bonus", "—"), (ORCHARD, "london", "other", "N/A")],
)
def test_not_paid_cell_is_a_figure_without_amounts(
    guide_id: str, region_key: str, component: str, written: str
) -> None:
    figure = find_figure(parse(guide_id), region_key, component)
    assert figure is not None and figure.not_paid and figure.source_text == written
    assert (figure.currency, figure.low, figure.high) == (None, None, None)


@pytest.mark.parametrize("guide_id", ALL_GUIDES)
def test_guide_identity_and_figures(guide_id: str) -> None:
    facts = EXPECTED["guides"][guide_id]
    guide = parse(guide_id)
    assert guide.id == guide_id
    assert [guide.company, guide.company_slug, guide.role, guide.role_slug] == [
        facts["company"],
        facts["company_slug"],
        facts["role"],
        facts["role_slug"],
    ]
    assert len(guide.figures) == facts["figure_count"]
    assert list(dict.fromkeys(fig.region_key for fig in guide.figures)) == facts["region_keys"]
    assert sorted(guide.currencies) == facts["currencies"]
    assert guide.line_count == len((GUIDES / f"{guide_id}.md").read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("guide_id", ALL_GUIDES)
def test_problems_are_reported_never_fixed(guide_id: str) -> None:
    problems = parse(guide_id).problems
    assert sorted({problem.kind.value for problem in problems}) == EXPECTED["guides"][guide_id]["problems"]
    assert all(problem.guide_id == guide_id and problem.message.strip() for problem in problems)


def test_frontmatter_mismatch_names_only_the_disagreeing_region() -> None:
    messages = [p.message for p in parse(TIDE).problems if p.kind == ProblemKind.frontmatter_mismatch]
    assert any("Toronto" in message for message in messages)
    assert not any("Austin" in message for message in messages)


def test_stale_depends_on_the_day_asked() -> None:
    # Reviewed 2025-10-01, due 2026-01-01: fresh in November 2025.
    assert ProblemKind.stale not in {p.kind for p in parse(TIDE, today=date(2025, 11, 1)).problems}


@pytest.mark.parametrize("guide_id", ALL_GUIDES)
def test_sections_and_tables(guide_id: str) -> None:
    facts = EXPECTED["guides"][guide_id]
    guide = parse(guide_id)
    assert set(facts["section_headings"]) <= {section.heading for section in guide.sections}
    for section in guide.sections:
        assert section.heading_path[-1] == section.heading
        assert 1 <= section.start_line <= section.end_line <= guide.line_count
    for fig in guide.figures:
        holder = guide.section_at(fig.line)
        assert holder is not None and holder.heading == facts["compensation_section"]
        assert fig.section == holder.path_label
    money_tables = [table for table in guide.tables if table.is_compensation]
    assert len(money_tables) == (1 if facts["figure_count"] else 0)
    assert len(guide.tables) - len(money_tables) == facts["tables_without_money"]
    # A table without money (level mapping, peer titles) never yields figures.
    no_money_lines = {n for t in guide.tables if not t.is_compensation for n in range(t.start_line, t.end_line + 1)}
    assert not any(fig.line in no_money_lines for fig in guide.figures)


@pytest.mark.parametrize(
    ("guide_id", "strategy_line", "strategy_words", "evidence_words"),
    [
        (LUMEN, "> **Negotiate Up Strategy:**", "Anchor at $240K base", "2. **Levels.fyi — Data Scientist offers"),
        (BRIGHT, "**Negotiate Up Strategy**:", "Open at $228K base in Boston", "- Carta — option grant benchmarks"),
        (QUILL, "> **Negotiate Up Strategy:**", "open at ₹5,200,000", "- Pave — option grant percentiles"),
        (ORCHARD, "**Negotiate Up Strategy**:", "Walk away below $195K.", "- Hired — London and Amsterdam"),
        (XSS, "> **Negotiate Up Strategy:**", '<script>alert("strategy")</script>', "2. Levels.fyi —"),
    ],
)
def test_strategy_and_evidence_sections(
    guide_id: str, strategy_line: str, strategy_words: str, evidence_words: str
) -> None:
    sections = {section.heading: section for section in parse(guide_id).sections}
    strategy = sections["Negotiate Up Strategy"]
    assert strategy.start_line == line_starting(guide_id, strategy_line)
    assert strategy_words in strategy.text
    assert evidence_words in sections["Evidence & Sources"].text


def test_prose_keeps_markup_verbatim_for_the_renderer_to_escape() -> None:
    dna = next(s for s in parse(XSS).sections if s.heading == "Negotiation DNA" and "payload" in s.text)
    assert "<img src=x onerror=alert(1)>" in dna.text


def test_front_matter_is_kept_and_lines_count_it() -> None:
    guide = parse(FERROUS)
    assert guide.front_matter is not None
    assert guide.front_matter.company == "ferrous-capital"
    assert guide.last_updated == date(2026, 9, 30)
    assert [entry["region"] for entry in guide.front_matter.compensation] == ["New York (HQ)", "Chicago", "London"]
    assert find_figure(guide, "chicago", "base") is not None
    assert find_figure(guide, "chicago", "base").line == line_starting(FERROUS, "| Chicago") > 50  # type: ignore[union-attr]


def test_parse_text_matches_parse_file() -> None:
    text = (GUIDES / f"{ORCHARD}.md").read_text(encoding="utf-8")
    from_text = parse_guide_text(text, "elsewhere/orchard", today=TODAY)
    from_file = parse(ORCHARD)
    assert from_text.id == "elsewhere/orchard"
    assert [fig.model_dump(exclude={"guide_id"}) for fig in from_text.figures] == [
        fig.model_dump(exclude={"guide_id"}) for fig in from_file.figures
    ]
    assert from_text.content_hash == from_file.content_hash


VALID_GUIDE = "### Analyst | Example Co Global Negotiation Guide\n\n#### Pay\n\n| Region | Base Salary |\n|---|---|\n"


def sized_guide(size: int) -> bytes:
    """A valid one-figure guide padded with a prose line to exactly `size` bytes."""
    head = (VALID_GUIDE + "| Paris | €1K - €2K |\n\n").encode()
    return head + b"x" * (size - len(head) - 1) + b"\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.md", b""),
        ("binary.md", b"### Title\x00\x01\x02 binary"),
        ("latin1.md", "### Ingénieur | Société Global Negotiation Guide".encode("latin-1")),
        ("oversize.md", sized_guide(1_000_001)),
        ("broken-yaml.md", b"---\ncompany: [acme\nrole: analyst\n---\n" + VALID_GUIDE.encode()),
    ],
)
def test_unusable_files_raise_one_line_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / "acme" / name
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(GuideError) as caught:
        parse_guide_file(path, tmp_path, today=TODAY)
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_a_guide_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "acme" / "analyst.md"
    path.parent.mkdir()
    path.write_bytes(sized_guide(1_000_000))
    guide = parse_guide_file(path, tmp_path, today=TODAY)
    assert guide.id == "acme/analyst"
    assert [(fig.region_key, fig.currency, fig.low, fig.high) for fig in guide.figures] == [
        ("paris", "EUR", 1000, 2000)
    ]


def test_a_place_column_named_city_is_a_place_not_a_second_label_column() -> None:
    """ "| Seniority | New York City (USD) |": "City" is a place word, but the column holds that place's money."""
    text = (
        "### Data Scientist | Example Co Global Negotiation Guide\n\n#### Pay by level\n\n"
        "| Seniority | New York City (USD) | Remote EU (EUR €) |\n|---|---|---|\n"
        "| E4 | $228K-$317K | €114K-€159K |\n| E5 (Senior) | $297K – $412K | €148K-€206K |\n"
    )
    guide = parse_guide_text(text, "example-co/data-scientist", today=TODAY)
    new_york = [(f.level, f.low, f.high) for f in guide.figures if f.currency == "USD"]
    assert new_york == [("E4", 228_000, 317_000), ("E5 (Senior)", 297_000, 412_000)]
    assert all("new-york" in " ".join(f.place_keys) or "new york" in " ".join(f.place_keys)
               for f in guide.figures if f.currency == "USD")  # fmt: skip
