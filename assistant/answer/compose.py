"""The offline engine: writes the answer from typed figures and the guide's own sentences, with no LLM.

Deterministic and fast. Every figure it shows is the guide's own text for that cell, or a figure derived
from cited cells by a rule it shows (assistant/derive.py). Every answer leads with what was asked, on one
screen (answer/draft.py's LEAD_LIMIT); table rows, advice and related passages follow as details.
"""

from __future__ import annotations

from assistant.answer import refusals
from assistant.answer.asks import bands_by_place, fair_ask, offer_check, walk_away
from assistant.answer.compare import compare, compare_places
from assistant.answer.draft import Draft, figure_line
from assistant.answer.refusals import possessive
from assistant.answer.strategy import StrategyFigure, component_near, strategy_figures
from assistant.answer.texts import advice_answer, overlaps, quoted_sections, related, strategy_details
from assistant.guide import Component, Guide
from assistant.money import Amount, find_amounts
from assistant.response import Intent, Understanding
from assistant.retrieve.advice import Sentence
from assistant.retrieve.evidence import Passage
from assistant.retrieve.gather import Gathered

OFF_TOPIC = "The guides don't cover that: they hold pay benchmarks and negotiation advice only."
NON_FIGURE = (Intent.levers, Intent.level_mapping, Intent.freshness)


def compose_offline(
    understanding: Understanding, gathered: Gathered, covered_companies: list[str], question: str = ""
) -> Draft:
    draft = Draft()
    refusal = _refusal(understanding, gathered, covered_companies)
    if refusal:
        return draft.refuse(refusal)
    passages = gathered.evidence.passages
    rows = [p for p in passages if p.kind == "figures"]
    _coverage_notes(draft, understanding, gathered)
    if understanding.regions and not rows and gathered.missing_regions and understanding.intent not in NON_FIGURE:
        draft.refused = True
        return draft
    _write(draft, understanding, gathered, rows, question)
    if not draft.lead and not draft.details:
        return draft.refuse("The guides don't cover that.")
    draft.settle()
    return draft


def _refusal(understanding: Understanding, gathered: Gathered, covered_companies: list[str]) -> str | None:
    if understanding.unknown_companies:
        covered = gathered.companies_covered or len(covered_companies)
        return refusals.unknown_companies(
            understanding.unknown_companies, gathered.closest_companies, covered, covered_companies
        )
    if gathered.clarify:
        return refusals.clarify(gathered.clarify)
    if not gathered.targets:
        return refusals.not_matched(covered_companies)
    if understanding.off_topic:
        return OFF_TOPIC
    if gathered.role_missing:
        asked = refusals.listed(understanding.unknown_roles) if understanding.unknown_roles else "that role"
        have = "; ".join(f"{possessive(g.company)} guide covers {g.role}" for g in gathered.targets[:3])
        return f"The guides don't cover {asked} at these companies, so I won't quote another role's figures: {have}."
    return None


def _write(draft: Draft, understanding: Understanding, gathered: Gathered, rows: list[Passage], question: str) -> None:
    intent = understanding.intent
    texts = [p for p in gathered.evidence.passages if p.kind == "text"]
    if intent in NON_FIGURE:
        quoted_sections(draft, texts, intent)
        if intent == Intent.freshness and (understanding.regions or understanding.components):
            for guide in gathered.targets:  # "is the London base range still current?": the range, beside its date
                _benchmarks(draft, guide, [p for p in rows if p.guide_id == guide.id], understanding)
        return
    if intent == Intent.comparison and len(gathered.targets) > 1:
        compare(draft, gathered.targets, rows)
    for guide in gathered.targets:
        guide_rows = [p for p in rows if p.guide_id == guide.id]
        strategy = _strategy(guide, gathered.strategy.get(guide.id, []))
        advice = gathered.advice.get(guide.id)
        if intent in (Intent.ask, Intent.offer) and guide_rows and not advice:
            _asks(draft, guide, guide_rows, strategy, understanding, question)
        elif intent == Intent.walk_away:
            walk_away(draft, guide, strategy, _asked_keys(guide, understanding))
        elif advice:
            _advice(draft, guide, advice, understanding)
        beside_advice = bool(advice) and not (understanding.components or understanding.regions)
        if (intent in (Intent.range, Intent.walk_away) and not beside_advice) or (
            intent == Intent.comparison and len(gathered.targets) == 1
        ):
            _benchmarks(draft, guide, guide_rows, understanding)
        if intent == Intent.comparison and len(gathered.targets) == 1:
            compare_places(draft, guide, guide_rows, understanding.regions)
        if strategy:
            strategy_details(draft, guide, strategy)
        if intent != Intent.comparison:
            _table_details(draft, guide, guide_rows)
    if intent in (Intent.range, Intent.comparison):
        shown = [p for p in passages_shown(gathered)]
        related(draft, [p for p in texts if not any(overlaps(p, other) for other in shown)])


def passages_shown(gathered: Gathered) -> list[Passage]:
    """Table rows and the guide's own sentences: a retrieved passage that repeats them adds nothing."""
    return [p for p in gathered.evidence.passages if p.kind != "text"]


def _strategy(guide: Guide, passages: list[Passage]) -> dict[StrategyFigure, Passage]:
    by_line = {(p.start_line, p.quote): p for p in passages}
    sentences = [Sentence(p.quote, p.start_line, p.section) for p in passages]
    return {figure: by_line[(figure.sentence.line, figure.sentence.text)] for figure in
            strategy_figures(guide, sentences)}  # fmt: skip


def _asks(draft: Draft, guide: Guide, rows: list[Passage], strategy: dict[StrategyFigure, Passage],
          understanding: Understanding, question: str) -> None:  # fmt: skip
    places = bands_by_place(rows)
    for place, bands in list(places.items())[:3]:
        if understanding.intent == Intent.offer:
            offer_check(draft, guide, place, bands, offered(question, understanding), strategy)
        else:
            fair_ask(draft, guide, place, bands, strategy)


def offered(question: str, understanding: Understanding) -> list[tuple[Amount, Component]]:
    """The amounts an offer question states, each with the component it is for (base when it doesn't say)."""
    amounts = [amount for amount in find_amounts(question) if amount.has_currency]
    default = understanding.components[0] if len(understanding.components) == 1 else Component.base
    return [(amount, component_near(question, amount) or default) for amount in amounts]


def _asked_keys(guide: Guide, understanding: Understanding) -> set[str]:
    """The keys of the guide's places the question asks about."""
    return {key for f in guide.figures for key in f.keys if any(region in f.keys for region in understanding.regions)}


def _advice(draft: Draft, guide: Guide, passages: list[Passage], understanding: Understanding) -> None:
    figures = strategy_figures(guide, [Sentence(p.quote, p.start_line, p.section) for p in passages])
    asked = _asked_keys(guide, understanding)
    elsewhere = {f.sentence.line: f.places for f in figures if f.places and not f.places & asked}
    advice_answer(draft, guide, passages, asked, elsewhere)


def _benchmarks(draft: Draft, guide: Guide, rows: list[Passage], understanding: Understanding) -> None:
    """What was asked, from the table, in the lead as far as one screen holds; the rest in the details."""
    if not rows:
        return
    heading = f"**{guide.company} — {guide.role}**, from the guide's compensation table:"
    figures = [(figure, passage) for passage in rows for figure in passage.figures]
    lead, rest = [heading], list[str]()
    for figure, passage in figures:
        line = figure_line(figure, passage)
        if not rest and draft.fits("\n".join([*lead, line])):
            lead.append(line)
        else:
            rest.append(line)  # once one line does not fit, the rest follow it in the details, in order
        draft.show(figure, passage)
    draft.lead += lead if len(lead) > 1 else []
    draft.detail(f"More of {possessive(guide.company)} table", rest)


def _table_details(draft: Draft, guide: Guide, rows: list[Passage]) -> None:
    lines = [figure_line(figure, passage) for passage in rows for figure in passage.figures]
    lines = [line for line in lines if line not in draft.text and not any(line in d.text for d in draft.details)]
    if lines:
        draft.detail(f"{possessive(guide.company)} compensation table ({guide.role})", lines)
        for passage in rows:
            for figure in passage.figures:
                draft.show(figure, passage)


def _coverage_notes(draft: Draft, understanding: Understanding, gathered: Gathered) -> None:
    for guide in gathered.targets:
        missing = gathered.missing_regions.get(guide.id)
        if missing:
            draft.lead.append(refusals.places_not_covered(guide, missing))
        for cell in gathered.unreadable_cells.get(guide.id, []):
            # The cell's text is not repeated: an amount that does not read cleanly is never shown.
            draft.lead.append(f"{possessive(guide.company)} guide's {cell} cell doesn't read cleanly as money, "
                              "so no figure is shown for it.")  # fmt: skip
        if guide.id in gathered.unmatched_levels:
            levels = gathered.unmatched_levels[guide.id]
            draft.lead.append(refusals.levels_not_found(guide, understanding.levels, levels))
