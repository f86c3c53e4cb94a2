"""Stage 1: a guide file becomes a typed `Guide`.

The parser is forgiving about shape (title styles, heading styles, table layouts, cell notations) and
strict about data: anything odd is reported as a Problem, never silently fixed. A document that is
neither titled as a guide nor holds a compensation table is not a guide (`NotAGuideError`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from assistant.guide import Guide
from assistant.ingest.files import (
    MAX_GUIDE_BYTES,
    GuideError,
    NotAGuideError,
    decode_guide,
    guide_id_for,
    read_guide_bytes,
)
from assistant.ingest.front_matter import read_front_matter
from assistant.ingest.hostile import withheld_sentences, withhold
from assistant.ingest.identity import identify
from assistant.ingest.structure import find_title, sections_of, tables_of
from assistant.ingest.tables import read_table
from assistant.ingest.validate import find_problems

__all__ = ["PARSER_VERSION", "GuideError", "NotAGuideError", "content_hash", "parse_guide_file", "parse_guide_text"]
# Bumped whenever parsing changes what a guide's figures are, so that `assistant ingest` re-reads every guide.
PARSER_VERSION = "6"


def parse_guide_file(
    path: Path, corpus_root: Path, today: date | None = None, max_bytes: int = MAX_GUIDE_BYTES
) -> Guide:
    raw = read_guide_bytes(path, max_bytes)
    text = decode_guide(raw, str(path))
    return parse_guide_text(text, guide_id_for(path, corpus_root), today=today, path=str(path))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_guide_text(text: str, guide_id: str, today: date | None = None, path: str = "") -> Guide:
    lines = text.splitlines()
    front_matter, body_start = read_front_matter(lines, path or guide_id)
    title_line, title, titled = find_title(lines, body_start)
    sections = sections_of(lines, body_start, title_line)
    tables = tables_of(lines, body_start, sections)
    readings = [read_table(table, guide_id) for table in tables]
    for table, reading in zip(tables, readings, strict=True):
        table.layout = reading.layout
    figures = [figure for reading in readings for figure in reading.figures]
    if not titled and not figures and front_matter is None:
        raise NotAGuideError(path or guide_id, "not a negotiation guide: no '… Negotiation Guide' title and no "
                                               "compensation table, so it was skipped")  # fmt: skip
    if not titled and "/" not in guide_id and front_matter is None:
        # A research dossier at the corpus root holds money too ("FY2025 Revenue"), but no company x role: it must
        # never become a company that answers for the real one.
        raise NotAGuideError(path or guide_id, "not a company × role guide: no '… Negotiation Guide' title and "
                                               "not in a company folder, so it was skipped")  # fmt: skip
    display = (front_matter.company_display, front_matter.role_display) if front_matter else (None, None)
    who = identify(title if titled else "", guide_id, text, display)
    guide = Guide(
        id=guide_id, path=path, content_hash=content_hash(text), company=who.company,
        company_slug=who.company_slug, company_aliases=who.aliases, ordinary_name_words=who.ordinary_words,
        role=who.role, role_slug=who.role_slug,
        title=title, front_matter=front_matter, sections=sections, tables=tables, figures=figures,
        line_count=len(lines),
    )  # fmt: skip
    table_problems = [problem for reading in readings for problem in reading.problems]
    prose_problems, guide.withheld = withheld_sentences(guide, lines)
    for section in guide.sections:  # everything that quotes prose (chunks, advice, levers) reads sections
        section.text = withhold(section.text, section.start_line, guide.withheld)
    guide.problems = (
        find_problems(guide, today or date.today(), titled, who.mismatches) + table_problems + prose_problems
    )
    return guide
