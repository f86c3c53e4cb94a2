"""Stage 1: a guide file becomes a typed `Guide`.

The parser is forgiving about shape (title styles, heading styles, table
columns) and strict about data: anything odd is reported as a Problem, never
silently fixed.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from pydantic import ValidationError

from assistant.guide import FrontMatter, Guide, Section, Table
from assistant.ingest.tables import figures_from_table, table_kind
from assistant.ingest.validate import find_problems
from assistant.places import slugify, strip_emphasis

MAX_GUIDE_BYTES = 1_000_000
_TITLE_RE = re.compile(r"^\s*(?P<role>.+?)\s*(?:\||—|–| - )\s*(?P<company>.+?)\s+(?:Global|Salary)\s+Negotiation Guide")
_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# A bold lead-in that works as a heading: "**Negotiation DNA:** …", "> **Negotiate Up Strategy**: …", "**Lever 1**".
_PSEUDO_HEADING_RE = re.compile(r"^(?:>\s*)?\*\*(?P<text>[^*]{2,90}?)\*\*(?P<colon>\s*:)?(?P<rest>.*)$")
_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TOP_LEVEL_NAMES = re.compile(
    r"^(negotiation dna|level mapping|global levers|evidence|negotiate up|compensation|recommended strategy)", re.I
)
_FRONT_MATTER_FIELDS = set(FrontMatter.model_fields) - {"extra"}


class GuideError(Exception):
    """A file that cannot be used as a guide. str() is one line naming the file and the problem."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def guide_id_for(path: Path, corpus_root: Path) -> str:
    return path.relative_to(corpus_root).with_suffix("").as_posix()


def read_guide_bytes(path: Path, max_bytes: int = MAX_GUIDE_BYTES) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise GuideError(str(path), "the file is empty")
    if size > max_bytes:
        raise GuideError(str(path), f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit for a guide")
    return path.read_bytes()


def decode_guide(raw: bytes, path: str) -> str:
    if b"\x00" in raw:
        raise GuideError(path, "the file is binary (it contains NUL bytes), not a markdown guide")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideError(path, f"the file is not UTF-8 text (bad byte at offset {error.start})") from None
    if not text.strip():
        raise GuideError(path, "the file holds only whitespace")
    return text


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
    front_matter, body_start = _front_matter(lines, path or guide_id)
    title_line, title = _find_title(lines, body_start)
    role, company = _split_title(title, guide_id)
    if front_matter:
        company = front_matter.company_display or company
        role = front_matter.role_display or role
    sections = _sections(lines, body_start, title_line)
    tables = _tables(lines, body_start, sections)
    figures = [fig for table in tables for fig in figures_from_table(table, guide_id)]
    guide = Guide(
        id=guide_id,
        path=path,
        content_hash=content_hash(text),
        company=company,
        company_slug=(front_matter.company if front_matter and front_matter.company else slugify(company)),
        role=role,
        role_slug=(front_matter.role if front_matter and front_matter.role else slugify(role)),
        title=title,
        front_matter=front_matter,
        sections=sections,
        tables=tables,
        figures=figures,
        line_count=len(lines),
    )
    guide.problems = find_problems(guide, today or date.today(), has_title=title_line is not None)
    return guide


def _front_matter(lines: list[str], where: str) -> tuple[FrontMatter | None, int]:
    """Returns the metadata and the 0-based index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        raise GuideError(where, "the YAML front matter opened on line 1 is never closed with '---'")
    try:
        data = yaml.safe_load("\n".join(lines[1:closing])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark is not None else ""
        raise GuideError(where, f"the YAML front matter is malformed{at}") from None
    if not isinstance(data, dict):
        raise GuideError(where, "the YAML front matter is not a mapping of keys to values")
    return _front_matter_model(data, where), closing + 1


def _front_matter_model(data: dict[str, Any], where: str) -> FrontMatter:
    known = {k: v for k, v in data.items() if k in _FRONT_MATTER_FIELDS}
    extra = {k: v for k, v in data.items() if k not in _FRONT_MATTER_FIELDS}
    if not isinstance(known.get("compensation", []), list):
        raise GuideError(where, "the front matter's 'compensation' should be a list of regions")
    try:
        return FrontMatter(**known, extra=extra)
    except ValidationError as error:
        field = ".".join(str(p) for p in error.errors()[0]["loc"])
        raise GuideError(where, f"the front matter field '{field}' has an invalid value") from None


def _find_title(lines: list[str], body_start: int) -> tuple[int | None, str]:
    for index in range(body_start, len(lines)):
        match = _HEADING_RE.match(lines[index])
        if match:
            return index, strip_emphasis(match["text"])
    return None, ""


def _split_title(title: str, guide_id: str) -> tuple[str, str]:
    """('ML/AI Engineer', 'Jane Street') from either title style; falls back to the guide id."""
    cleaned = re.sub(r"\s*\|\s*(?=(?:Global|Salary)\s+Negotiation)", " ", title)
    match = _TITLE_RE.match(cleaned.replace("**", ""))
    if match:
        role = match["role"].strip(" |")
        company = match["company"].strip(" |")
        return role, company
    parts = guide_id.split("/")
    company_part = parts[-2] if len(parts) > 1 else parts[-1]
    return parts[-1].replace("-", " ").title(), company_part.replace("-", " ").title()


def _sections(lines: list[str], body_start: int, title_line: int | None) -> list[Section]:
    """Headings and bold lead-ins become sections; a horizontal rule closes the nesting."""
    starts: list[tuple[int, list[str]]] = []  # (0-based line, heading path)
    stack: list[tuple[int, str]] = []  # (depth, heading)
    for index in range(body_start, len(lines)):
        if index == title_line:
            continue
        line = lines[index]
        heading = _HEADING_RE.match(line)
        pseudo = _PSEUDO_HEADING_RE.match(line) if not heading else None
        if _RULE_RE.match(line):
            stack = [entry for entry in stack if entry[0] < 4]
            continue
        if heading:
            depth, text = len(heading["hashes"]), strip_emphasis(heading["text"])
        elif pseudo and _is_lead_in(pseudo):
            text = strip_emphasis(pseudo["text"]).rstrip(":").strip()
            # Well-known section names and blockquoted lead-ins stand at the top; others nest.
            top_level = line.lstrip().startswith(">") or _TOP_LEVEL_NAMES.search(text)
            depth = 4 if top_level else 7
        else:
            continue
        stack = [entry for entry in stack if entry[0] < depth] + [(depth, text)]
        starts.append((index, [entry[1] for entry in stack]))
    return [
        _section(lines, start, (starts[n + 1][0] if n + 1 < len(starts) else len(lines)), path)
        for n, (start, path) in enumerate(starts)
    ]


def _is_lead_in(match: re.Match[str]) -> bool:
    """Bold text works as a heading when it ends in a colon, stands alone, or names a known section."""
    text = match["text"].rstrip()
    return bool(match["colon"] or text.endswith(":") or not match["rest"].strip() or _TOP_LEVEL_NAMES.search(text))


def _section(lines: list[str], start: int, stop: int, path: list[str]) -> Section:
    while stop - 1 > start and (not lines[stop - 1].strip() or _RULE_RE.match(lines[stop - 1])):
        stop -= 1  # trailing blank lines and rules belong to no section
    return Section(
        heading=path[-1],
        heading_path=path,
        start_line=start + 1,
        end_line=stop,
        text="\n".join(lines[start:stop]),
    )


def _tables(lines: list[str], body_start: int, sections: list[Section]) -> list[Table]:
    """Only runs of '|' lines go through the markdown parser: fast, and exact line numbers."""
    tables = []
    index = body_start
    while index < len(lines):
        if not _is_table_line(lines[index]):
            index += 1
            continue
        start = index
        while index < len(lines) and _is_table_line(lines[index]):
            index += 1
        tables.extend(_parse_table_block(lines[start:index], start + 1, sections))
    return tables


def _is_table_line(line: str) -> bool:
    return line.lstrip("> ").startswith("|")


_MARKDOWN = MarkdownIt("commonmark").enable("table")


def _parse_table_block(block: list[str], first_line: int, sections: list[Section]) -> list[Table]:
    text = "\n".join(line.lstrip("> ") if line.lstrip().startswith(">") else line for line in block)
    header: list[str] = []
    rows: list[list[str]] = []
    current: list[str] = []
    for token in _MARKDOWN.parse(text):
        if token.type == "tr_open":
            current = []
        elif token.type == "inline":
            current.append(token.content)
        elif token.type == "tr_close":
            if header:
                rows.append(current)
            else:
                header = current
    if not header:
        return []
    section = next((s for s in reversed(sections) if s.start_line <= first_line), None)
    table = Table(
        header=header,
        rows=rows,
        start_line=first_line,
        end_line=first_line + len(block) - 1,
        section=section.path_label if section else "",
        is_compensation=False,
    )
    table.is_compensation = table_kind(table) is not None
    return [table]
