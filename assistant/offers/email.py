"""The counter e-mail: a versioned template (prompts/offer-email.v1.md) filled by the offline engine with only
figures a guide supports or a rule computes, and the user's own figures labelled as theirs.

For each part of the offer the check placed in a band below its top (base, bonus, yearly stock), one ask: the
guide's own anchor for that place and part where its strategy gives one in the band's currency, else the
counter the answer computed (the band's top quarter, or the band's top inside it). Each ask names the user's
figure, the band as the guide writes it and the ask. The verifier checks the e-mail as written with its
markers and labels ("marked"); the text to send is the same e-mail without them, and its sources are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, StrictUndefined

from assistant.answer.asks import Band, bands_by_place, primary_range
from assistant.answer.draft import COMPONENT_LABEL
from assistant.answer.handlers.base import Writing
from assistant.answer.responses import Answering
from assistant.answer.strategy import StrategyFigure
from assistant.derive import top_quarter
from assistant.evidence import Passage
from assistant.guide import Component
from assistant.money.format import format_like
from assistant.offers.model import Offer
from assistant.offers.report import CounterEmail
from assistant.offers.years import LABEL
from assistant.plan.model import Offered, QuestionPlan
from assistant.response import DerivedFigure
from assistant.retrieve.gather import Gathered
from assistant.settings import PROMPTS_DIR
from assistant.verify import repair, verify

if TYPE_CHECKING:  # an LLM rewrites the e-mail only when one is configured
    from langchain_core.language_models import BaseChatModel

DEFAULT_TEMPLATE = PROMPTS_DIR / "offer-email.v1.md"
_MARKS = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]|\s*\(your letter[^)]*\)")


@dataclass(frozen=True)
class Ask:
    line: str  # with markers and the user's label
    derived: DerivedFigure | None
    passage: Passage


def fill_email(plan: QuestionPlan, gathered: Gathered, question: str, offer: Offer, template: Path
               ) -> tuple[str, list[DerivedFigure]]:  # fmt: skip
    """The template filled for the plan's offered parts: the e-mail with its markers and labels, and the counters
    it computed."""
    asks = _asks(plan, gathered, question)
    place = next((ask.passage.figures[0].region for ask in asks if ask.passage.figures), offer.place)
    guide = gathered.targets[0] if gathered.targets else None
    holds = "" if asks or not plan.offered or guide is None else (
        "The offer already sits high in the market range for this role, so I'd like to talk about level, sign-on "
        "or equity rather than base.")  # fmt: skip
    role = offer.role or (guide.role if guide else None)
    marked = _render(template, role=role, company=guide.company if guide else offer.company, place=place,
                     asks=[ask.line for ask in asks], holds=holds)  # fmt: skip
    return marked, [ask.derived for ask in asks if ask.derived is not None]


REWRITE_PROMPT = PROMPTS_DIR / "offer-email-rewrite.v1.md"
_PLACEHOLDER = re.compile(r"\[[a-z][^\]\d]*\]")


def counter_email(answering: Answering, offer: Offer, template: Path = DEFAULT_TEMPLATE,
                  chat_model: BaseChatModel | None = None) -> CounterEmail:  # fmt: skip
    """The template's e-mail, verified; with a chat model, its rewrite in place of it when the rewrite keeps every
    placeholder and passes the verifier, figure by figure (else the template's, with the reason)."""
    email = _template_email(answering, offer, template)
    return _rewritten(email, answering, chat_model) if chat_model is not None else email


def _rewritten(email: CounterEmail, answering: Answering, chat_model: BaseChatModel) -> CounterEmail:
    try:
        reply = chat_model.invoke([("system", REWRITE_PROMPT.read_text(encoding="utf-8")), ("human", email.marked)])
        text = reply.text.strip() + "\n"
    except Exception as error:  # a backend failure keeps the checked template e-mail
        return email.model_copy(update={"rewrite_note": f"the LLM backend failed ({str(error)[:200]})"})
    result = verify(text, answering.passages, answering.gathered.vocabulary, email.derived, None, answering.letter)
    lost = set(_PLACEHOLDER.findall(email.marked)) - set(_PLACEHOLDER.findall(text))
    if result.action != "passed" or lost:
        why = "; ".join(result.reasons[:3]) or f"it dropped {', '.join(sorted(lost))}"
        return email.model_copy(update={"rewrite_note": f"the LLM's rewrite was not used: {why}"})
    return email.model_copy(update={"text": _unmarked(text), "marked": text, "verification": result,
                                    "rewritten": True})  # fmt: skip


def _template_email(answering: Answering, offer: Offer, template: Path) -> CounterEmail:
    marked, counters = fill_email(answering.plan, answering.gathered, answering.question, offer, template)
    derived = [*answering.offline.derived] if answering.offline else []
    derived += [figure for figure in counters if figure not in derived]
    passages = answering.passages
    checked, result = repair(marked, passages, answering.gathered.vocabulary, derived, None, answering.letter)
    if result.unsupported or result.reasons:
        result.action = "repaired"
    numbers = sorted({int(n) for n in re.findall(r"\[(\d+)\]", checked)})
    return CounterEmail(text=_unmarked(checked), marked=checked, derived=derived, verification=result,
                        sources=[passages[n].citation() for n in numbers if n in passages],
                        template=_shown(template))  # fmt: skip


def _render(template: Path, **values: object) -> str:
    # Plain text, never HTML: nothing is escaped, and the e-mail is shown as text everywhere.
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    return environment.from_string(template.read_text(encoding="utf-8")).render(**values).strip() + "\n"


def _unmarked(text: str) -> str:
    return "\n".join(_MARKS.sub("", line).rstrip() for line in text.splitlines())


def _asks(plan: QuestionPlan, gathered: Gathered, question: str) -> list[Ask]:
    """One ask per offered part below its band's top, for the first place the check compared."""
    if not gathered.targets:
        return []
    guide = gathered.targets[0]
    writing = Writing(plan, gathered, question, [])
    strategy = writing.strategy_of(guide)
    places = bands_by_place(writing.rows_of(guide))
    if not places:
        return []
    bands = {band.figure.component: band for band in next(iter(places.values())) if band.usable}
    asks = []
    for part in plan.offered:
        band = bands.get(part.component)
        if band is not None and part.component in _ASKED:
            ask = _ask(part, band, strategy)
            if ask is not None:
                asks.append(ask)
    return asks


_ASKED = (Component.base, Component.bonus, Component.stock)


def _ask(part: Offered, band: Band, strategy: dict[StrategyFigure, Passage]) -> Ask | None:
    scale = band.in_currency(part.currency)
    if scale is None or part.value >= scale.high:
        return None
    marker = f"[{band.passage.number}]"
    name = COMPONENT_LABEL[part.component]
    keys = set(band.figure.keys)
    anchors = [s for s in strategy if s.role == "anchor" and keys & s.places and s.component == part.component
               and s.currency == scale.currency and s.amount.value > part.value]  # fmt: skip
    yours = (f"the grant vests {part.text} a year" if part.component == Component.stock else
             f"the offer is {part.text}") + f" ({LABEL})"  # fmt: skip
    shown = primary_range(band.figure) if scale.currency == band.figure.currency else scale.text
    if anchors:
        anchor = anchors[0]
        line = (f"{name[:1].upper()}{name[1:]}: {yours}; the range is {shown} {marker}, and I'd ask for "
                f"{anchor.text} [{strategy[anchor].number}].")  # fmt: skip
        return Ask(line, None, band.passage)
    derived = top_quarter(band.end(scale.low, scale.currency), band.end(scale.high, scale.currency), scale.text)
    counter_value = derived.low if part.value < derived.low else scale.high
    counter = format_like(counter_value, scale.currency, scale.text)
    line = (f"{name[:1].upper()}{name[1:]}: {yours}; the range is {shown} {marker}, and I'd ask for {counter} "
            f"{marker}.")  # fmt: skip
    return Ask(line, derived if part.value < derived.low else None, band.passage)


def _shown(template: Path) -> str:
    """The template as the project names it ("prompts/offer-email.v1.md"), not the machine's absolute path."""
    return f"prompts/{template.name}" if template.parent == PROMPTS_DIR else str(template)
