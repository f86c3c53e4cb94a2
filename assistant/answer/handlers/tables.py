"""A guide's table in an answer: the rows asked for in the lead (as far as one screen holds), the rest in the
details, and what the table does not have said in words ("no stock column: the package it lists is cash")."""

from __future__ import annotations

from assistant.answer.draft import COMPONENT_LABEL, Draft
from assistant.answer.handlers.base import Writing, company_table
from assistant.answer.refusals import listed, possessive
from assistant.answer.texts import overlaps, related
from assistant.evidence import Passage
from assistant.guide import Component, Guide

CASH = frozenset({Component.base, Component.bonus, Component.total, Component.sign_on})


def benchmarks(draft: Draft, guide: Guide, rows: list[Passage]) -> None:
    """What was asked, from the table, in the lead as far as one screen holds; the rest in the details."""
    if not rows:
        return
    heading = f"**{guide.company} — {guide.role}**, from the guide's compensation table:"
    lead, rest = [heading], list[str]()
    for passage in rows:
        for figure in passage.figures:
            line = draft.figure_line(figure, passage)
            if not rest and draft.fits("\n".join([*lead, line])):
                lead.append(line)
            else:
                rest.append(line)  # once one line does not fit, the rest follow it in the details, in order
            draft.show(figure, passage)
    draft.lead += lead if len(lead) > 1 else []
    draft.detail(f"More of {possessive(guide.company)} table", rest)


def table_details(draft: Draft, guide: Guide, rows: list[Passage]) -> None:
    """Every row gathered that the answer does not show yet."""
    lines = [draft.figure_line(figure, passage) for passage in rows for figure in passage.figures]
    lines = [line for line in lines if line not in draft.text and not any(line in d.text for d in draft.details)]
    if lines:
        draft.detail(company_table(guide), lines)
        for passage in rows:
            for figure in passage.figures:
                draft.show(figure, passage)


def missing_columns(draft: Draft, guide: Guide, asked: list[Component]) -> list[Component]:
    """Say which components asked for the table has no column for at all; return them."""
    has = {figure.component for figure in guide.figures}
    missing: list[Component] = [
        component for component in asked if component not in has and component is not Component.other
    ]
    if not missing or not has:
        return missing
    names = listed([COMPONENT_LABEL[component] for component in missing])
    columns = "column" if len(missing) == 1 else "columns"
    listed_parts = listed([COMPONENT_LABEL[c] for c in COMPONENT_LABEL if c in has and c is not Component.other])
    if Component.stock in missing and has <= CASH | {Component.other}:
        draft.lead.append(f"{possessive(guide.company)} table has no {names} {columns}: the package it lists is "
                          f"cash ({listed_parts}).")  # fmt: skip
    else:
        draft.lead.append(f"{possessive(guide.company)} table has no {names} {columns}; it lists {listed_parts}.")
    return missing


def related_passages(draft: Draft, writing: Writing) -> None:
    """Retrieved passages that repeat nothing the answer already quotes, as details."""
    shown = [p for p in writing.gathered.evidence.passages if p.kind != "text"]
    related(draft, [p for p in writing.texts if not any(overlaps(p, other) for other in shown)])
