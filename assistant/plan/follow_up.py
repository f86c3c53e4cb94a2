"""What a follow-up takes from the question before it, decided in one place, with the reason for each part.

A question that asks what the guides cover inherits nothing, and a full question that names its own company
inherits nothing of the last one's places, levels or components. A follow-up keeps what the conversation fixed
and it leaves open (the company, the role); a short or elliptical one ("and in Hong Kong?", "what about total
comp?", "How does Jane Street compare?") also keeps the places, levels, components and the kind of question.
"""

from __future__ import annotations

import re

from assistant.plan.model import Intent, QuestionPlan

_ELLIPTICAL = re.compile(r"^(and|what about|how about|how does|how do|same|compare|vs|versus|then)\b", re.I)
SHORT_QUESTION_WORDS = 6


def is_elliptical(question: str) -> bool:
    return bool(_ELLIPTICAL.match(question.strip())) or len(question.split()) <= SHORT_QUESTION_WORDS


def follow_up(current: QuestionPlan, previous: QuestionPlan, question: str) -> QuestionPlan:
    if current.intent == Intent.coverage:
        return current  # "what companies do you cover?" is about the catalog, never the last answer's guide
    merged = current.model_copy(deep=True)
    named_own_company = bool(current.companies or current.unknown_companies or current.company_choices)
    elliptical = is_elliptical(question)
    if not named_own_company and previous.companies:
        _take(merged, previous, "companies", "the question names no company")
    if not current.roles and not current.unknown_roles and not current.role_choices and previous.roles:
        _take(merged, previous, "roles", "the question names no role")
    keeps_details = elliptical or not named_own_company  # a full question about its own company starts afresh
    why = "a short follow-up asks about the same" if elliptical else "the question names no company of its own"
    for part in ("regions", "levels", "components"):
        if not getattr(current, part) and getattr(previous, part) and keeps_details:
            _take(merged, previous, part, why)
    if current.intent == Intent.lookup and elliptical and previous.intent not in (Intent.compare, Intent.coverage):
        merged.intent = previous.intent  # "and in Hong Kong?" asks what was asked before; a full question doesn't
        if previous.intent != Intent.lookup:
            merged.inherited["intent"] = "a short follow-up asks the same kind of question"
    if current.intent == Intent.compare and len(current.companies) == 1 and previous.companies != current.companies:
        merged.companies = list(dict.fromkeys(previous.companies + current.companies))  # "how does Acme compare?"
        merged.inherited["companies"] = "a comparison with the company asked about before"
    if current.intent == Intent.counter_email and not current.offered and previous.offered:
        merged.offered = list(previous.offered)  # "write the email" answers the offer asked about before
        merged.inherited["offered"] = "the reply is to the offer asked about before"
    if len(merged.companies) > 1 and merged.intent in (Intent.lookup, Intent.ask):
        merged.intent = Intent.compare
    return merged


def _take(merged: QuestionPlan, previous: QuestionPlan, part: str, reason: str) -> None:
    setattr(merged, part, list(getattr(previous, part)))
    merged.inherited[part] = reason
