"""The offline engine: writes the answer from typed figures and passages, with no LLM.

Deterministic and fast. Every figure it shows is the guide's own text for that
cell, so notation and currency are exactly the source's, and each line carries
the marker of the passage it comes from.
"""

from __future__ import annotations

import re

from assistant.answer import refusals
from assistant.answer.refusals import possessive
from assistant.guide import Component, Figure
from assistant.money import SYMBOL_CURRENCY, find_amounts
from assistant.response import FigureKind, Intent, QuotedFigure, Understanding
from assistant.retrieve.evidence import Passage, sentences_matching
from assistant.retrieve.gather import Gathered

COMPONENT_LABEL = {
    Component.base: "Base", Component.stock: "Stock", Component.bonus: "Bonus", Component.total: "Total comp",
    Component.pnl: "PnL participation", Component.sign_on: "Sign-on", Component.other: "Other",
}  # fmt: skip


class Draft:
    """An answer being written: text lines plus the figures shown and the passages cited."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.figures: list[QuotedFigure] = []
        self.refused = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def compose_offline(
    understanding: Understanding, gathered: Gathered, covered_companies: list[str], question: str = ""
) -> Draft:
    draft = Draft()
    if understanding.unknown_companies:
        covered = gathered.companies_covered or len(covered_companies)
        unknown = refusals.unknown_companies(understanding.unknown_companies, gathered.closest_companies, covered)
        return _refuse(draft, unknown)
    if gathered.clarify:
        return _refuse(draft, refusals.clarify(gathered.clarify))
    if not gathered.targets:
        return _refuse(draft, "The guides don't cover that: I couldn't match the question to a guide. "
                              "Name the company and role, e.g. “What's a fair London ask for an ML engineer "
                              "at Jane Street?”")  # fmt: skip
    if understanding.off_topic:
        return _refuse(draft, "The guides don't cover that: they hold pay benchmarks and negotiation advice only.")
    if gathered.role_missing:
        return _refuse(draft, _not_covered_role(understanding, gathered))
    passages = gathered.evidence.passages
    figure_rows = [p for p in passages if p.kind == "figures"]
    _coverage_notes(draft, understanding, gathered)
    if understanding.regions and not figure_rows and gathered.missing_regions and not _non_figure_intent(understanding):
        draft.refused = True
        return draft
    for guide in gathered.targets:
        _benchmarks(draft, [p for p in figure_rows if p.guide_id == guide.id], understanding)
    for passage in passages:
        if passage.kind == "advice":
            _advice(draft, passage, understanding)
    if _non_figure_intent(understanding) or not figure_rows:
        _quoted_text(draft, [p for p in passages if p.kind == "text"], understanding)
    else:
        _related_sentences(draft, passages, question)
    if not draft.figures and not any(p.kind == "text" for p in passages) and not draft.lines:
        return _refuse(draft, "The guides don't cover that.")
    _reasoning(draft, understanding, figure_rows)
    return draft


def _refuse(draft: Draft, message: str) -> Draft:
    draft.lines = [message]
    draft.refused = True
    return draft


def _not_covered_role(understanding: Understanding, gathered: Gathered) -> str:
    asked = refusals.listed(understanding.unknown_roles) if understanding.unknown_roles else "that role"
    have = "; ".join(f"{possessive(g.company)} guide covers {g.role}" for g in gathered.targets[:3])
    return f"The guides don't cover {asked} at these companies, so I won't quote another role's figures: {have}."


def _non_figure_intent(understanding: Understanding) -> bool:
    return understanding.intent in (Intent.levers, Intent.level_mapping, Intent.freshness)


def _coverage_notes(draft: Draft, understanding: Understanding, gathered: Gathered) -> None:
    for guide in gathered.targets:
        missing = gathered.missing_regions.get(guide.id)
        if missing:
            draft.lines.append(refusals.places_not_covered(guide, missing))
        for cell in gathered.unreadable_cells.get(guide.id, []):
            # The cell's text is not repeated: an amount that does not read cleanly is never shown.
            draft.lines.append(f"{possessive(guide.company)} guide's {cell} cell doesn't read cleanly as money, "
                               "so no figure is shown for it.")  # fmt: skip
        if guide.id in gathered.unmatched_levels:
            draft.lines.append(
                refusals.levels_not_found(guide, understanding.levels, gathered.unmatched_levels[guide.id])
            )


def _benchmarks(draft: Draft, rows: list[Passage], understanding: Understanding) -> None:
    if not rows:
        return
    guide_label = f"{rows[0].company} — {rows[0].role}"
    draft.lines.append(f"\n**{guide_label}** — benchmarks from the guide's compensation table:")
    for passage in rows:
        for figure in passage.figures:
            where = figure.region + (f", {figure.level}" if figure.level else "")
            label = COMPONENT_LABEL[figure.component] if figure.component != Component.other else figure.header
            if figure.not_paid:
                said = f"not paid (the table says “{figure.source_text}”)"
                draft.lines.append(f"- {where} — {label}: {said} [{passage.number}]")
            else:
                shown = f"{figure.source_text}{_currency_note(figure)}"
                draft.lines.append(f"- {where} — {label}: {shown} [{passage.number}]")
            draft.figures.append(_quoted(figure, passage))


def _currency_note(figure: Figure) -> str:
    """Say the currency outright where the written symbol alone would mislead ($ for SGD) or the range mixes."""
    if figure.mixed_currency:
        return f" (as written: the range mixes {figure.currency} and {figure.high_currency})"
    written = {SYMBOL_CURRENCY.get(a.symbol or "", a.symbol) for a in find_amounts(figure.source_text)[:1]}
    if figure.currency and figure.currency not in written:
        return f" (in {figure.currency})"
    return ""


def _quoted(figure: Figure, passage: Passage) -> QuotedFigure:
    return QuotedFigure(
        text=figure.source_text, currency=figure.currency, low=figure.low, high=figure.high,
        kind=FigureKind.benchmark, component=figure.component, region=figure.region, level=figure.level,
        not_paid=figure.not_paid, guide_id=figure.guide_id, citation=passage.number,
    )  # fmt: skip


def _advice(draft: Draft, passage: Passage, understanding: Understanding) -> None:
    regional = (
        any(re.search(key.replace("-", " "), passage.quote, re.I) for key in understanding.regions)
        or not understanding.regions
    )
    scope = "" if regional else " It is not specific to the region you asked about; its figures are as written."
    draft.lines.append(f"\n**{possessive(passage.company)} own negotiation advice** (advice, not a benchmark).{scope}")
    draft.lines.append(f"> {passage.quote} [{passage.number}]")
    for amount in find_amounts(passage.quote):
        currency = SYMBOL_CURRENCY.get(amount.symbol or "") if amount.symbol else None
        draft.figures.append(QuotedFigure(
            text=amount.text, currency=currency, low=amount.value, kind=FigureKind.advice,
            guide_id=passage.guide_id, citation=passage.number,
        ))  # fmt: skip


_INTENT_SECTIONS = {
    Intent.levers: re.compile(r"lever", re.I),
    Intent.level_mapping: re.compile(r"level", re.I),
    Intent.freshness: re.compile(r"front matter", re.I),
}


def _quoted_text(draft: Draft, passages: list[Passage], understanding: Understanding) -> None:
    wanted = _INTENT_SECTIONS.get(understanding.intent)
    chosen = [p for p in passages if wanted.search(p.section)] if wanted else passages[:1]
    chosen = [p for n, p in enumerate(chosen) if not any(_overlaps(p, q) for q in chosen[:n])]
    if understanding.intent == Intent.freshness:
        _freshness(draft, chosen)
    for passage in chosen[:3]:
        draft.lines.append(f"\n**{passage.company} — “{passage.section}”** (from the guide) [{passage.number}]")
        excerpt = passage.quote if len(passage.quote) <= 1200 else passage.quote[:1200].rsplit(" ", 1)[0] + " …"
        draft.lines.append("\n".join(f"> {line}" for line in excerpt.splitlines() if line.strip()))
        draft.lines[-1] += f" [{passage.number}]"


_STOP = frozenset(
    [
        "what",
        "whats",
        "is",
        "are",
        "the",
        "a",
        "an",
        "at",
        "for",
        "in",
        "of",
        "to",
        "and",
        "or",
        "my",
        "i",
        "me",
        "how",
        "much",
        "does",
        "do",
        "pay",
        "pays",
        "ml",
        "ai",
        "engineer",
        "engineers",
        "about",
        "with",
        "on",
        "by",
        "it",
        "its",
        "this",
        "that",
        "guide",
    ]
)


def _related_sentences(draft: Draft, passages: list[Passage], question: str) -> None:
    """When the best prose passage speaks to words of the question the table doesn't, quote its best sentences."""
    asked = {w for w in re.findall(r"[a-z0-9%$£€-]+", question.lower()) if w not in _STOP and len(w) > 2}
    shown = [p for p in passages if p.kind != "text"]
    for passage in (p for p in passages if p.kind == "text"):
        if any(_overlaps(passage, other) for other in shown):
            continue
        sentences = sentences_matching(passage.quote, re.compile(r"\w"))
        scored = sorted(((len(asked & set(re.findall(r"[a-z0-9%$£€-]+", s.lower()))), n) for n, s in
                         enumerate(sentences)), reverse=True)  # fmt: skip
        best = sorted(n for score, n in scored[:2] if score >= 2)
        if best:
            draft.lines.append(
                f"\n**Also in {possessive(passage.company)} guide — “{passage.section}”:** [{passage.number}]"
            )
            draft.lines.append(
                "> " + " … ".join(sentences[n].replace("\n", " ") for n in best) + f" [{passage.number}]"
            )
        return


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.guide_id == b.guide_id and a.start_line <= b.end_line and b.start_line <= a.end_line


def _freshness(draft: Draft, passages: list[Passage]) -> None:
    if not passages:
        draft.lines.append("The guide carries no dates, so how fresh its figures are can't be told from it.")
    for passage in passages:
        dates = dict(re.findall(r"^(\w+): (\S+)", passage.quote, flags=re.M))
        draft.lines.append(
            f"{possessive(passage.company)} guide was last updated {dates.get('last_updated', 'on an unknown date')}, "
            f"with salary data from {dates.get('salary_data_quarter', 'an unstated quarter')}; its next review "
            f"is dated {dates.get('next_review_due', 'nowhere')} [{passage.number}]. See the warnings for staleness."
        )


def _reasoning(draft: Draft, understanding: Understanding, rows: list[Passage]) -> None:
    if not rows:
        return
    if understanding.intent == Intent.ask:
        draft.lines.append("\nWhy: a fair ask sits in the upper half of the benchmark range for your level and "
                           "region, anchored with a competing offer; the guide's advice above says where it would "
                           "anchor and where it would walk away.")  # fmt: skip
    elif understanding.intent == Intent.comparison:
        draft.lines.append("\nEach range is quoted from its own guide in the currency it is written in; "
                           "nothing has been converted.")  # fmt: skip
    elif understanding.intent == Intent.walk_away:
        draft.lines.append("\nWhy: the walk-away point is the guide's advice; the benchmarks show where it sits "
                           "in the market range.")  # fmt: skip
