"""One generated guide: title, compensation table, prose sections, levers, strategy and sources.

`build_guide` returns the markdown and a `Written` record of what went in: the shapes used and the
truth of every table cell (with its 1-based line and the heading of the section that holds it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.corpus import prose
from benchmarks.corpus.tables import LAYOUTS, CellTruth, Table, component_rows, level_rows, mapping_table, region_rows
from benchmarks.corpus.vocab import LEVEL_SETS, PLACES, Company, Role

TITLES = {"pipe": 84, "dash": 13, "hash": 1, "extra_pipe": 0.5, "bold": 0.5, "plain_dash": 1}
TITLE_FORMS = {
    "pipe": "### {role} | {company} Global Negotiation Guide",
    "dash": "### {role} — {company} Salary Negotiation Guide",
    "hash": "# {role} | {company} Global Negotiation Guide",
    "extra_pipe": "### {role} | {company} | Global Negotiation Guide",
    "bold": "### **{role}** | **{company}** Global Negotiation Guide",
    "plain_dash": "# {role} - {company} Negotiation Guide",
}


@dataclass(frozen=True)
class PlacedCell:
    """A table cell's truth, where the guide puts it."""

    truth: CellTruth
    line: int  # 1-based line of its table row
    section: str  # the heading text of the section holding the table


@dataclass
class Written:
    shapes: set[str] = field(default_factory=set)
    cells: list[PlacedCell] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # labels as written


def _pick(rng: random.Random, weights: dict[str, float], written: Written, kind: str) -> str:
    choice = rng.choices(list(weights), list(weights.values()))[0]
    written.shapes.add(f"{kind}:{choice}")
    return choice


def _prose(rng: random.Random, company: Company, role: Role, sentences: int, peer: str = "Its closest rival") -> str:
    values: dict[str, object] = {"company": company.name, "role": role.name, "city": rng.choice(PLACES).name}
    values |= {"peer": peer, "pct": rng.randint(5, 30), "months": rng.choice([6, 9, 12, 18])}
    values |= {"count": rng.randint(3, 9)}
    return " ".join(sentence.format(**values) for sentence in rng.sample(prose.SENTENCES, sentences))


def build_guide(rng: random.Random, company: Company, role: Role, rivals: list[str]) -> tuple[str, Written]:
    written = Written()
    title = TITLE_FORMS[_pick(rng, TITLES, written, "title")].format(role=role.name, company=company.name)
    tags = " ".join(f"`{tag}`" for tag in rng.sample(prose.TAGS, 5))
    lines = [title, "", f"**Negotiation DNA:** {tags}", "", "---", ""]
    layout = _pick(rng, {**LAYOUTS, "none": 0.7}, written, "layout")
    matter: list[str] = []
    if layout != "none":
        table = _table(rng, layout, company, role, written)
        heading = rng.choice(prose.COMP_HEADINGS)
        lines += [f"#### {heading}", *([""] if rng.random() < 0.8 else [])]
        first = len(lines) + 1
        lines += table.lines
        written.shapes |= table.shapes
        for truth in table.truths:
            written.cells.append(PlacedCell(truth, first + 2 + truth.row, heading))
        written.regions += list(dict.fromkeys(t.label.text for t in table.truths))
        if layout == "region_rows" and rng.random() < 0.12:
            matter = _front_matter(rng, company, role, table, written)
    lines += ["", "---", "", "#### Negotiation DNA", "", _prose(rng, company, role, 5, rivals[0]), ""]
    if company.ticker:
        lines += [f"{company.name} is listed (NYSE: {company.ticker}); its RSUs vest quarterly.", ""]
    lines += [_prose(rng, company, role, 4), "", "---", ""]
    if rng.random() < 0.6:
        mapping = mapping_table(rng, company, rivals, rng.choice(LEVEL_SETS)[:4])
        lines += [prose.MAPPING_HEADINGS[_pick(rng, {k: 1 for k in prose.MAPPING_HEADINGS}, written, "heading")], ""]
        lines += [*mapping.lines, "", "---", ""]
        written.shapes |= mapping.shapes
    tail = _levers_and_strategy(rng, company, role, written) + _evidence(rng, company, role, written)
    filler: list[str] = []
    target, topics = rng.randint(6_300, 9_200), rng.sample(prose.TOPICS, len(prose.TOPICS))
    while len("\n".join([*matter, *lines, *filler, *tail]).encode()) < target:
        if not filler or rng.random() < 0.4:
            filler += [f"#### {topics.pop().format(company=company.name)}", ""] if topics else []
        filler += [_prose(rng, company, role, rng.randint(3, 5)), ""]
    offset = len(matter)
    written.cells = [PlacedCell(c.truth, c.line + offset, c.section) for c in written.cells]
    return "\n".join([*matter, *lines, *filler, *tail]) + "\n", written


def _table(rng: random.Random, layout: str, company: Company, role: Role, written: Written) -> Table:
    if layout == "level_rows":
        return level_rows(rng, role)
    if layout == "component_rows":
        return component_rows(rng, role, company)
    return region_rows(rng, role, company, defect=rng.random() < 0.02)


def _front_matter(rng: random.Random, company: Company, role: Role, table: Table, written: Written) -> list[str]:
    """YAML metadata mirroring the table's base and total; one in three leaves a region null there."""
    agrees = _pick(rng, {"agrees": 2, "disagrees": 1}, written, "front_matter") == "agrees"
    month = rng.randint(1, 9)
    lines = ["---", f"company: {company.slug}", f"company_display: {company.name}", f"role_display: {role.name}",
             f"last_updated: 2026-{month:02d}-15", "data_quality: medium",
             f"salary_data_quarter: 2026-Q{(month + 2) // 3}", f"next_review_due: 2026-{month + 3:02d}-15",
             "compensation:"]  # fmt: skip
    labels = list(dict.fromkeys(t.label for t in table.truths))
    for index, label in enumerate(labels):
        blank = not agrees and index == len(labels) - 1
        lines.append(f"  - region: {label.as_written}")
        for component, prefix in (("base", "base"), ("total", "total_comp")):
            cell = next(t.cell for t in table.truths if t.label == label and t.component == component)
            usable = cell.states_money and not blank and cell.secondary is None
            lines += [f"    {prefix}_low: {cell.low if usable else 'null'}",
                      f"    {prefix}_high: {cell.high if usable else 'null'}"]  # fmt: skip
        lines.append(f"    currency: {label.place.currency}")
    return [*lines, "---"]


def _levers_and_strategy(rng: random.Random, company: Company, role: Role, written: Written) -> list[str]:
    style = _pick(rng, {"global_heading": 2, "lever_headings": 1, "bold_paragraphs": 1}, written, "levers")
    lines = ["#### Global Levers", ""] if style == "global_heading" else []
    for number, name in enumerate(rng.sample(prose.LEVERS, rng.randint(3, 4)), start=1):
        quote = f'"{_prose(rng, company, role, 3)}"'
        lines += {
            "global_heading": [f"{number}. **{name}:** {quote}", ""],
            "lever_headings": [f"#### Lever {number}: {name}", "", quote, ""],
            "bold_paragraphs": [f"**Lever {number} — {name}:** {quote}", ""],
        }[style]
    lead = {"quote": "> **Negotiate Up Strategy:**", "bold": "**Negotiate Up Strategy**:"}
    anchor = role.base_usd * 1.2 // 1000
    plan = (
        f"Anchor at ${anchor:.0f}K base and accept no less than ${anchor * 0.88:.0f}K. {_prose(rng, company, role, 2)}"
    )
    return [*lines, f"{lead[_pick(rng, {'quote': 9, 'bold': 1}, written, 'strategy')]} {plan}", "", "---", ""]


def _evidence(rng: random.Random, company: Company, role: Role, written: Written) -> list[str]:
    style = _pick(rng, {"numbered": 1, "bulleted": 1, "bold_bulleted": 1}, written, "evidence")
    lines = ["**Evidence & Sources:**" if style == "bold_bulleted" else "#### Evidence & Sources", ""]
    for number, source in enumerate(prose.SOURCES, start=1):
        text = source.format(company=company.name, role=role.name, city=rng.choice(PLACES).name)
        lines.append(f"{number}. {text}" if style == "numbered" else f"- {text}")
    return lines


def dossier(rng: random.Random, company: Company) -> str:
    """A document that is not a guide: a research dossier about a company, with no guide title and no pay table."""
    return "\n".join([
        f"# {company.name.split(' (')[0]} Research Dossier", "",
        f"Prepared for the negotiation team. {company.name} is profiled below; see the per-role guides for pay.", "",
        "| Fact | Value |", "|---|---|", f"| Founded | {rng.randint(1990, 2020)} |",
        f"| Headcount | {rng.randint(1, 40)},{rng.randint(100, 999)} |", f"| Offices | {rng.randint(3, 30)} |", "",
        "## Notes", "", "Hiring has slowed this year; teams backfill rather than grow.", "",
    ]) + "\n"  # fmt: skip
