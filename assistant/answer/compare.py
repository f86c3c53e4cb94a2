"""Comparisons that say the difference: "Jane Street's London base band tops out £17K above Millennium's".

Each guide's band is quoted from its own table, in its own currency; where two bands share a currency, the
difference between their tops is a derived figure (assistant/derive.py), shown with both bands cited. Bands
in different currencies are listed, never converted.
"""

from __future__ import annotations

from itertools import pairwise

from assistant.answer.draft import Draft, label
from assistant.answer.refusals import possessive
from assistant.derive import difference
from assistant.evidence import Passage
from assistant.guide import Figure, Guide
from assistant.response import DerivedInput


def compare(draft: Draft, guides: list[Guide], rows: list[Passage]) -> None:
    """One lead line per guide and component, then the differences between same-currency bands."""
    by_kind: dict[tuple[str, str], list[tuple[Guide, Figure, Passage]]] = {}
    for guide in guides:
        for passage in (p for p in rows if p.guide_id == guide.id):
            for figure in passage.figures:
                if figure.comparable:
                    by_kind.setdefault((figure.component.value, figure.region_key), []).append((guide, figure, passage))
    for entries in by_kind.values():
        for guide, figure, passage in entries:
            line = f"- {guide.company} — {figure.region}, {label(figure)}: {figure.source_text} [{passage.number}]"
            if draft.fits(draft.state(line, figure, passage)):
                draft.lead.append(line)
                draft.show(figure, passage)
        _differences(draft, entries)


def compare_places(draft: Draft, guide: Guide, rows: list[Passage], asked: list[str]) -> None:
    """One guide, two or more places asked: the difference between their bands, component by component."""
    by_component: dict[str, list[tuple[Guide, Figure, Passage]]] = {}
    for passage in rows:
        for figure in passage.figures:
            named = not asked or any(figure.names_place(key) for key in asked)
            if named and figure.comparable:
                by_component.setdefault(figure.component.value, []).append((guide, figure, passage))
    for entries in by_component.values():
        if len({figure.region for _, figure, _ in entries}) > 1:
            _differences(draft, entries)


def _differences(draft: Draft, entries: list[tuple[Guide, Figure, Passage]]) -> None:
    ranked = sorted(entries, key=lambda entry: entry[1].high or 0, reverse=True)
    for (top_guide, top, top_row), (guide, other, row) in pairwise(ranked):
        if top.currency != other.currency or top.high is None or other.high is None:
            continue
        derived = difference(_input(top, top_row), _input(other, row), top.source_text)
        # Two guides are told apart by company, one guide's places by place.
        first = f"{possessive(top_guide.company)} {top.region}"
        second = possessive(guide.company) if top_guide.id != guide.id else f"its {other.region} band"
        if derived.low == 0:
            sentence = (f"{first} {label(top)} band and {second} top out at the same figure "
                        f"[{top_row.number}][{row.number}].")  # fmt: skip
        else:
            draft.derived.append(derived)
            sentence = (f"{first} {label(top)} band tops out {derived.text} above {second} "
                        f"[{top_row.number}][{row.number}].")  # fmt: skip
        if draft.fits(sentence):
            draft.lead.append(sentence)


def _input(figure: Figure, passage: Passage) -> DerivedInput:
    assert figure.high is not None
    return DerivedInput(citation=passage.number, currency=figure.currency or "", value=figure.high,
                        component=figure.component, region=figure.region, place_keys=figure.place_keys,
                        guide_id=figure.guide_id)  # fmt: skip
