"""The shape of a guide's markdown: its title line, its sections (headings and bold lead-ins) and its tables.

Only runs of `|` lines go through the markdown parser, which keeps it fast and the line numbers exact.
A table belongs to the section whose heading comes before its first line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from assistant.guide import Section, Table
from assistant.ingest.identity import is_guide_title
from assistant.places import strip_emphasis

_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# A bold lead-in that works as a heading: "**Negotiation DNA:** …", "> **Negotiate Up Strategy**: …", "**Lever 1**".
_PSEUDO_HEADING_RE = re.compile(r"^(?:>\s*)?\*\*(?P<text>[^*]{2,90}?)\*\*(?P<colon>\s*:)?(?P<rest>.*)$")
_BOLD_LINE_RE = re.compile(r"^\s*\*\*(?P<text>.+)\*\*\s*$")
_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TOP_LEVEL_NAMES = re.compile(
    r"^(negotiation dna|level mapping|global levers|evidence|negotiate up|compensation|recommended strategy)", re.I
)
TITLE_SEARCH_LINES = 15  # a guide title stands at the top; a heading further down is a section


def find_title(lines: list[str], body_start: int) -> tuple[int | None, str, bool]:
    """(0-based line, text, whether it is a guide title): the first '… Negotiation Guide' heading or bold line
    near the top, else the first heading of any kind."""
    first_heading: tuple[int, str] | None = None
    for index in range(body_start, len(lines)):
        heading = _HEADING_RE.match(lines[index]) or _BOLD_LINE_RE.match(lines[index])
        if not heading:
            continue
        text = strip_emphasis(heading["text"])
        if index - body_start < TITLE_SEARCH_LINES and is_guide_title(text):
            return index, text, True
        if first_heading is None and _HEADING_RE.match(lines[index]):
            first_heading = (index, text)
    return (first_heading[0], first_heading[1], False) if first_heading else (None, "", False)


def sections_of(lines: list[str], body_start: int, title_line: int | None) -> list[Section]:
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


def tables_of(lines: list[str], body_start: int, sections: list[Section]) -> list[Table]:
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
    )
    return [table]
