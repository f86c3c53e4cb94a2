"""Scoring an answer's lead: the first screen, which must say what was asked in at most LEAD_LIMIT characters.

The lead is `AnswerResponse.answer`; the table rows, quoted advice and related passages follow it as
details. A case can also say what its lead must state (e.g. where an offer sits in its band) as regular
expressions, matched case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_LIMIT = 600  # characters: about six lines of a chat panel, the "one screen"


@dataclass
class LeadScore:
    chars: int
    expected: int = 0
    found: int = 0
    missing: list[str] = field(default_factory=list)  # the patterns the lead does not match

    @property
    def fits(self) -> bool:
        return self.chars <= LEAD_LIMIT


def score_lead(lead: str, says: list[str]) -> LeadScore:
    score = LeadScore(chars=len(lead), expected=len(says))
    for pattern in says:
        if re.search(pattern, lead, re.IGNORECASE):
            score.found += 1
        else:
            score.missing.append(pattern)
    return score
