"""The guide's own words in an answer: advice sentences, quoted sections (levers, level mappings), dates.

Prose is always quoted (a blockquote) and labelled as the guide's, never stated as a benchmark. Advice whose
figures are for another place than the one asked stays out of the lead and is labelled with its place.
"""

from __future__ import annotations

import re

from assistant.answer.draft import Draft
from assistant.answer.refusals import possessive
from assistant.answer.strategy import StrategyFigure, place_names
from assistant.answer.substance import says_something
from assistant.evidence import Passage
from assistant.guide import Guide
from assistant.money import find_amounts
from assistant.response import FigureKind, Intent, QuotedFigure

INTENT_SECTIONS = {
    Intent.levers: re.compile(r"lever", re.I),
    Intent.level_mapping: re.compile(r"level", re.I),
    Intent.freshness: re.compile(r"front matter", re.I),
}
QUOTE_LIMIT = 1200


def quote(passage: Passage) -> str:
    """The passage as a blockquote ending in its marker, and a blank line so the next quote stays apart."""
    lines = [f"> {line}" for line in passage.quote.splitlines() if line.strip()]
    return "\n".join(lines) + f" [{passage.number}]\n"


def show_advice(draft: Draft, passage: Passage) -> None:
    for amount in find_amounts(passage.quote):
        draft.figures.append(QuotedFigure(text=amount.text, currency=amount.currency(), low=amount.value,
                                          kind=FigureKind.advice, guide_id=passage.guide_id,
                                          citation=passage.number))  # fmt: skip


def advice_answer(draft: Draft, guide: Guide, passages: list[Passage], asked_places: set[str],
                  elsewhere: dict[int, frozenset[str]], in_lead: bool = True) -> None:  # fmt: skip
    """The guide's own sentences that answer the question, in the lead (or, not `in_lead`, first in the details);
    those whose figures are for another place than the one asked, in the details under their place."""
    here = [p for p in passages if not (asked_places and elsewhere.get(p.start_line))]
    away = [p for p in passages if p not in here]
    heading = f"**{possessive(guide.company)} guide** ({guide.role}; its own advice, not a benchmark):"
    if not in_lead:
        draft.detail(f"What {possessive(guide.company)} guide says of it (advice, not a benchmark)",
                     [quote(passage) for passage in here])  # fmt: skip
        for passage in here:
            show_advice(draft, passage)
        here = []
    fitting = [p for p in here if draft.fits(heading + "\n" + quote(p))]
    if fitting:
        draft.lead.append(heading)
    for passage in fitting:
        line = quote(passage)
        if draft.fits(line):
            draft.lead.append(line)
            show_advice(draft, passage)
    for passage in away:
        names = ", ".join(place_names(guide, elsewhere[passage.start_line]))
        draft.detail(
            f"{possessive(guide.company)} advice for {names} (not the place you asked about)", [quote(passage)]
        )
        show_advice(draft, passage)


def strategy_details(draft: Draft, guide: Guide, strategy: dict[StrategyFigure, Passage]) -> None:
    """Every strategy sentence with figures, labelled with the place its figures are for."""
    by_place: dict[str, dict[int, str]] = {}  # place names → passage number → its quote, each passage once
    for figure, passage in strategy.items():
        if any(passage.number in quotes for quotes in by_place.values()):
            continue
        names = ", ".join(place_names(guide, figure.places)) or "no place named"
        by_place.setdefault(names, {})[passage.number] = quote(passage)
        show_advice(draft, passage)
    lines = [f"For {names}:\n" + "\n".join(quotes.values()) for names, quotes in by_place.items()]
    draft.detail(f"{possessive(guide.company)} own strategy (advice, not benchmarks)", lines)


def quoted_sections(draft: Draft, passages: list[Passage], intent: Intent) -> None:
    """Levers, level mappings or dates, quoted from the sections that hold them."""
    wanted = INTENT_SECTIONS.get(intent)
    chosen = [p for p in passages if wanted.search(p.section)] if wanted else passages[:1]
    chosen = [p for n, p in enumerate(chosen) if not any(overlaps(p, q) for q in chosen[:n])]
    if intent == Intent.freshness:
        _freshness(draft, chosen)
    for passage in chosen[:3]:
        heading = f"**{passage.company} — “{passage.section}”** (from the guide) [{passage.number}]"
        text = passage.quote if len(passage.quote) <= QUOTE_LIMIT else passage.quote[:QUOTE_LIMIT].rsplit(" ", 1)[0]
        body = quote(passage.model_copy(update={"quote": text + (" …" if text != passage.quote else "")}))
        if draft.fits(heading + body):
            draft.lead += [heading, body]
            continue
        lines = [line for line in passage.quote.splitlines() if line.strip()]
        opening = [lines[0]]
        while len(opening) < len(lines) and draft.fits(heading + "\n".join([*opening, lines[len(opening)]]) + " …"):
            opening.append(lines[len(opening)])
        draft.lead += [heading, quote(passage.model_copy(update={"quote": "\n".join(opening) + " …"}))]
        draft.detail(f"{passage.company} — “{passage.section}”, in full", [body])


_NOT_RELATED = re.compile(r"evidence|sources|references", re.I)


def related(draft: Draft, passages: list[Passage]) -> None:
    """Retrieved passages beside the answer, as details: where the guide says more (its source lists and keyword
    lists aside)."""
    for passage in [p for p in passages if not _NOT_RELATED.search(p.section) and says_something(p.quote)][:2]:
        text = passage.quote if len(passage.quote) <= QUOTE_LIMIT else passage.quote[:QUOTE_LIMIT].rsplit(" ", 1)[0]
        body = quote(passage.model_copy(update={"quote": text + (" …" if text != passage.quote else "")}))
        draft.detail(f"Also in {possessive(passage.company)} guide — “{passage.section}”", [body])


def overlaps(a: Passage, b: Passage) -> bool:
    return a.guide_id == b.guide_id and a.start_line <= b.end_line and b.start_line <= a.end_line


def _freshness(draft: Draft, passages: list[Passage]) -> None:
    if not passages:
        draft.lead.append("The guide carries no dates, so how fresh its figures are can't be told from it.")
    for passage in passages:
        dates = dict(re.findall(r"^(\w+): (\S+)", passage.quote, flags=re.M))
        draft.lead.append(
            f"{possessive(passage.company)} guide was last updated {dates.get('last_updated', 'on an unknown date')}, "
            f"with salary data from {dates.get('salary_data_quarter', 'an unstated quarter')}; its next review "
            f"is dated {dates.get('next_review_due', 'nowhere')} [{passage.number}]. See the warnings for staleness."
        )
