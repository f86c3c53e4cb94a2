"""Stage 2: a parsed guide becomes heading-aware chunks.

A chunk never splits a table and never crosses a top-level section, so a
citation can always name one section and quote a whole table row's context.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.guide import Guide, Section

MAX_CHUNK_CHARS = 2000
_ADVICE_SECTION = re.compile(r"negotiate up|strategy|lever|walk", re.I)


class Chunk(BaseModel):
    id: str
    guide_id: str
    company: str
    company_slug: str
    role: str
    role_slug: str
    section: str
    heading_path: list[str]
    start_line: int
    end_line: int
    text: str
    has_table: bool = False
    is_advice: bool = False

    def embedding_text(self) -> str:
        """What the embedder and BM25 see: the chunk with the names it belongs to."""
        return f"{self.company} {self.role} — {self.section}\n{self.text}"


class _Block(BaseModel):
    start_line: int
    end_line: int
    text: str
    is_table: bool


def chunk_guide(guide: Guide, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    for group in _top_level_groups(guide.sections):
        blocks = [block for section in group for block in _blocks(section, max_chars)]
        for packed in _pack(blocks, max_chars):
            chunks.append(_make_chunk(guide, group[0], packed, len(chunks)))
    return chunks


def _top_level_groups(sections: list[Section]) -> list[list[Section]]:
    """Consecutive sections under the same top-level heading travel together."""
    groups: list[list[Section]] = []
    for section in sections:
        if groups and section.heading_path[0] == groups[-1][0].heading_path[0] and len(section.heading_path) > 1:
            groups[-1].append(section)
        else:
            groups.append([section])
    return groups


def _blocks(section: Section, max_chars: int) -> list[_Block]:
    """Tables whole, prose by paragraph; an overlong paragraph is split by LangChain's splitter."""
    lines = section.text.split("\n")
    blocks: list[_Block] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        is_table = lines[index].lstrip("> ").startswith("|")
        end = index
        while (
            end + 1 < len(lines) and lines[end + 1].strip() and lines[end + 1].lstrip("> ").startswith("|") == is_table
        ):
            end += 1
        text = "\n".join(lines[index : end + 1])
        first, last = section.start_line + index, section.start_line + end
        if is_table or len(text) <= max_chars:
            blocks.append(_Block(start_line=first, end_line=last, text=text, is_table=is_table))
        else:
            from langchain_text_splitters import RecursiveCharacterTextSplitter  # heavy: only for long prose

            splitter = RecursiveCharacterTextSplitter(chunk_size=max_chars, chunk_overlap=0)
            blocks.extend(_Block(start_line=first, end_line=last, text=piece, is_table=False)
                          for piece in splitter.split_text(text))  # fmt: skip
        index = end + 1
    return blocks


def _pack(blocks: list[_Block], max_chars: int) -> list[list[_Block]]:
    packs: list[list[_Block]] = []
    size = 0
    for block in blocks:
        if packs and size + len(block.text) + 2 <= max_chars:
            packs[-1].append(block)
            size += len(block.text) + 2
        else:
            packs.append([block])
            size = len(block.text)
    return packs


def guide_id_of(chunk_id: str) -> str:
    """The guide a chunk id belongs to: ids are '<guide id>#<content hash>#<number>' (see _make_chunk)."""
    return chunk_id.split("#", 1)[0]


def _make_chunk(guide: Guide, section: Section, blocks: list[_Block], number: int) -> Chunk:
    start, end = blocks[0].start_line, blocks[-1].end_line
    return Chunk(
        id=f"{guide.id}#{guide.content_hash[:12]}#{number}",
        guide_id=guide.id,
        company=guide.company,
        company_slug=guide.company_slug,
        role=guide.role,
        role_slug=guide.role_slug,
        section=section.heading_path[0],
        heading_path=section.heading_path[:1],
        start_line=start,
        end_line=end,
        text="\n\n".join(block.text for block in blocks),
        has_table=any(block.is_table for block in blocks),
        is_advice=bool(_ADVICE_SECTION.search(section.heading_path[0])),
    )
