"""A guide's markdown as typed blocks, each naming its source lines, for the guide source viewer.

markdown-it-py does the parsing (tables, lists, quotes, code, emphasis); this module only reshapes its
token stream into JSON the viewer turns into DOM nodes itself. Raw HTML is switched off, so markup a
guide holds (`<img onerror=...>`) stays text, and a link keeps its address only when it is http(s) or mailto.
"""

from __future__ import annotations

from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel, Field

InlineKind = Literal["text", "strong", "em", "strike", "code", "link", "break", "span"]
BlockKind = Literal["heading", "paragraph", "list", "item", "quote", "rule", "code", "table", "front_matter"]

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_CONTAINERS: dict[str, InlineKind] = {"strong_open": "strong", "em_open": "em", "s_open": "strike", "link_open": "link"}
_SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
_FRONT_MATTER_FENCE = "---"


class Inline(BaseModel):
    kind: InlineKind
    text: str = Field("", description="For text and code")
    href: str | None = Field(None, description="For links: http(s) or mailto only, else None (shown as text)")
    children: list[Inline] = Field(default_factory=list)


class Line(BaseModel):
    """What one source line shows: a heading, one line of a paragraph or of code."""

    number: int = Field(description="1-based line in the guide file")
    content: list[Inline]


class TableRow(BaseModel):
    line: int
    header: bool
    cells: list[list[Inline]]


class Block(BaseModel):
    kind: BlockKind
    start_line: int
    end_line: int
    level: int | None = Field(None, description="Headings: 1 for #, 2 for ##, ...")
    ordered: bool = False
    start: int | None = Field(None, description="Ordered lists: the first item's number")
    tight: bool = Field(False, description="Paragraphs of a tight list item: no paragraph spacing")
    lines: list[Line] = Field(default_factory=list, description="heading, paragraph, code, front_matter")
    align: list[Literal["left", "center", "right"] | None] = Field(default_factory=list, description="Per column")
    rows: list[TableRow] = Field(default_factory=list, description="Tables: header row first")
    children: list[Block] = Field(default_factory=list, description="list, item, quote")


def guide_document(source: str) -> list[Block]:
    """Blocks in source order; the YAML front matter first when the guide has one (read as the parser reads it)."""
    lines = source.splitlines()
    front_matter = _front_matter(lines)
    body_start = front_matter.end_line if front_matter else 0
    tokens = _MARKDOWN.parse("\n".join(lines[body_start:]))
    body = _BlockReader(tokens, line_offset=body_start).blocks_until(None)
    return [front_matter, *body] if front_matter else body


def _front_matter(lines: list[str]) -> Block | None:
    if not lines or lines[0].strip() != _FRONT_MATTER_FENCE:
        return None
    closing = next((n for n in range(1, len(lines)) if lines[n].strip() == _FRONT_MATTER_FENCE), None)
    if closing is None:
        return None  # a lone "---" on line 1 is a rule, which markdown-it reads as such
    numbered = [Line(number=n + 1, content=[Inline(kind="text", text=lines[n])]) for n in range(closing + 1)]
    return Block(kind="front_matter", start_line=1, end_line=closing + 1, lines=numbered)


class _BlockReader:
    """Walks markdown-it's flat token list (open ... close pairs) into nested blocks."""

    def __init__(self, tokens: list[Token], line_offset: int) -> None:
        self.tokens = tokens
        self.pos = 0
        self.line_offset = line_offset  # lines of front matter cut off before parsing

    def blocks_until(self, closing: str | None) -> list[Block]:
        found: list[Block] = []
        while self.pos < len(self.tokens):
            token = self._next()
            if token.type == closing:
                break
            block = self._block(token)
            if block is not None:
                found.append(block)
        return found

    def _next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _span(self, token: Token) -> tuple[int, int]:
        first, after_last = token.map or (0, 1)
        return first + self.line_offset + 1, after_last + self.line_offset

    def _block(self, token: Token) -> Block | None:
        start, end = self._span(token)
        kind = token.type
        if kind in ("heading_open", "paragraph_open"):
            lines = _inline_lines(self._next().children or [], start)
            self._next()  # the matching close
            if kind == "heading_open":
                return Block(kind="heading", start_line=start, end_line=end, level=int(token.tag[1:]), lines=lines)
            return Block(kind="paragraph", start_line=start, end_line=end, lines=lines, tight=token.hidden)
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            first = int(token.attrs.get("start", 1)) if ordered else None
            children = self.blocks_until(kind.replace("_open", "_close"))
            return Block(kind="list", start_line=start, end_line=end, ordered=ordered, start=first, children=children)
        if kind in ("list_item_open", "blockquote_open"):
            children = self.blocks_until(kind.replace("_open", "_close"))
            return Block(kind="item" if kind == "list_item_open" else "quote", start_line=start, end_line=end,
                         children=children)  # fmt: skip
        if kind == "hr":
            return Block(kind="rule", start_line=start, end_line=end)
        if kind in ("fence", "code_block"):
            first = start + 1 if kind == "fence" else start  # a fence's own ``` line shows nothing
            code = [Line(number=first + i, content=[Inline(kind="text", text=text)])
                    for i, text in enumerate(token.content.splitlines())]  # fmt: skip
            return Block(kind="code", start_line=start, end_line=end, lines=code)
        if kind == "table_open":
            return self._table(start, end)
        return None  # tokens this viewer does not draw (none in commonmark + tables with HTML off)

    def _table(self, start: int, end: int) -> Block:
        table = Block(kind="table", start_line=start, end_line=end)
        in_header = False
        while (token := self._next()).type != "table_close":
            if token.type in ("thead_open", "thead_close"):
                in_header = token.type == "thead_open"
            elif token.type == "tr_open":
                table.rows.append(TableRow(line=self._span(token)[0], header=in_header, cells=[]))
            elif token.type in ("th_open", "td_open"):
                cell = _inline_lines(self._next().children or [], 0)
                table.rows[-1].cells.append([part for line in cell for part in line.content])
                if in_header:
                    table.align.append(_alignment(token))
        return table


def _alignment(cell: Token) -> Literal["left", "center", "right"] | None:
    style = str(cell.attrs.get("style", ""))
    for side in ("left", "center", "right"):
        if style == f"text-align:{side}":
            return side
    return None


def _inline_lines(tokens: list[Token], first_line: int) -> list[Line]:
    """Inline tokens as nested Inline nodes, cut into source lines at line breaks outside any container."""
    lines = [Line(number=first_line, content=[])]
    open_containers: list[Inline] = []
    breaks_seen = 0
    for token in tokens:
        target = open_containers[-1].children if open_containers else lines[-1].content
        if token.type in ("softbreak", "hardbreak"):
            breaks_seen += 1
            if open_containers:
                target.append(Inline(kind="break"))
            else:
                lines.append(Line(number=first_line + breaks_seen, content=[]))
        elif token.type.endswith("_open"):
            container = Inline(kind=_CONTAINERS.get(token.type, "span"), href=_safe_href(token))
            target.append(container)
            open_containers.append(container)
        elif token.type.endswith("_close") and open_containers:
            open_containers.pop()
        elif token.type == "code_inline":
            target.append(Inline(kind="code", text=token.content))
        elif token.content:  # text, and the alt text of an image (never loaded)
            target.append(Inline(kind="text", text=token.content))
    return lines


def _safe_href(token: Token) -> str | None:
    href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
    return href if href.lower().startswith(_SAFE_LINK_SCHEMES) else None
