"""Whether a passage says anything a reader can use, or only names things.

Guides carry keyword lists ("**Negotiation DNA:** `Pod Structure` `PnL Percentage` …"): tags to search by,
with no sentence, no figure in context and no advice. Shown as a related passage they only take room.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*(?:>\s*)*#{1,6}\s.*$", re.M)
_LABEL = re.compile(r"\*\*[^*\n]{1,80}?:\*\*|\*\*[^*\n]{1,80}?\*\*:")  # "**Negotiation DNA:**", "**Levers**:"
_TAG = re.compile(r"`[^`\n]*`")
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 4  # fewer words outside headings, labels and tags than a short sentence holds: a list of names


def says_something(text: str) -> bool:
    """False for text that is only headings, labels and `tags`: a keyword list, not a passage to quote."""
    prose = _TAG.sub(" ", _LABEL.sub(" ", _HEADING.sub(" ", text)))
    return len(_WORD.findall(prose)) >= MIN_WORDS
