"""One handler per kind of question, in one registry. Adding a kind means one module and one line here.

lookup        a range from the table                 lookup.py
ask           what to ask for                        ask.py
offer         is this offer fair                     offer.py
compare       side by side, with the differences     compare.py
advice        how to negotiate, in the guide's words advice.py
walk_away     where to walk away, when to accept     walk_away.py
levers, level_mapping, freshness: a section quoted   guide_sections.py
coverage      what the guides cover                  coverage.py
year_totals, two_offers, counter_email: the user's own offer   own_offer.py
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.handlers.advice import Advice
from assistant.answer.handlers.ask import Ask
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.handlers.compare import Compare
from assistant.answer.handlers.coverage import Coverage
from assistant.answer.handlers.guide_sections import Freshness, LevelMapping, Levers
from assistant.answer.handlers.lookup import Lookup
from assistant.answer.handlers.offer import Offer
from assistant.answer.handlers.own_offer import CounterEmailReply, TwoOffers, YearTotals
from assistant.answer.handlers.walk_away import WalkAway
from assistant.plan.model import Intent

__all__ = ["HANDLERS", "Handler", "Registry", "Writing"]


class Registry:
    """Intent -> its handler. Every intent has exactly one."""

    def __init__(self, handlers: Iterable[Handler]) -> None:
        self._by_intent = {handler.intent: handler for handler in handlers}
        missing = set(Intent) - set(self._by_intent)
        if missing:
            raise ValueError(f"no handler for {', '.join(sorted(missing))}")

    def for_intent(self, intent: Intent) -> Handler:
        return self._by_intent[intent]


HANDLERS = Registry(
    [Lookup(), Ask(), Offer(), Compare(), Advice(), WalkAway(), Levers(), LevelMapping(), Freshness(), Coverage(),
     YearTotals(), TwoOffers(), CounterEmailReply()]
)  # fmt: skip
