"""What a table's labels mean: a pay component, a level, or a place; and what its corner cell says.

Tables are read by structure, so these tests look at one label at a time and never at a table's exact
header text: `Stock (ACME RSUs — NYSE: ACME, 4yr vest)` is stock, `Senior (L5)` a level, `Lyon (EUR €)` a place.
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.guide import Component
from assistant.places import read_label, strip_emphasis


class Axis(StrEnum):
    place = "place"
    component = "component"
    level = "level"
    unknown = "unknown"


# Header words -> component, checked in order: "Sign-On / Bonus" is a sign-on, "Total Comp" is a total.
_COMPONENT_PATTERNS: list[tuple[re.Pattern[str], Component]] = [
    (re.compile(r"\btotal\b|\btc\b|all[- ]in|\bote\b", re.I), Component.total),
    (re.compile(r"sign[- ]?on|signing|joining", re.I), Component.sign_on),
    (re.compile(r"\bp\s?&\s?l\b|\bpnl\b", re.I), Component.pnl),
    (re.compile(r"stock|rsu|equity|option|shares|esop|\bgrant", re.I), Component.stock),
    (re.compile(r"bonus|incentive|variable", re.I), Component.bonus),
    (re.compile(r"\bbase\b|salary|fixed pay|\bctc\b", re.I), Component.base),
    (
        re.compile(r"profit[- ]shar|phantom|carry|commission|allowance|retention|relocation|\bpension\b", re.I),
        Component.other,
    ),
]
_LEVEL = re.compile(
    r"^(?:[LEMTP]\d{1,2}\b|IC\s?\d|SDE\s?(?:I{1,3}|\d)\b|SWE\s?(?:I{1,3}|\d)\b|Level\s?\d|Band\s?\d|Grade\s?\d"
    r"|(?:junior|mid(?:-level)?|intermediate|senior|sr\.?|staff|principal|lead|entry(?:-level)?|associate"
    r"|vice president|vp|director|managing director|md|distinguished|fellow|analyst|new grad|graduate)\b)",
    re.IGNORECASE,
)
_PLACE_CORNER = re.compile(r"region|location|market|city|cities|office|geo|country|place|hub|site|metro", re.I)
_COMPONENT_CORNER = re.compile(r"component|element|pay\b|compensation|comp\b|item", re.I)
_LEVEL_CORNER = re.compile(r"level|band|grade|seniority|title|rank", re.I)
# Row labels that head a worked example, not a place ("| Offer A | $150K | ... |").
_NOT_PLACES = re.compile(r"^(?:offer|scenario|option|example|candidate|current|target|ask|counter|anchor|floor|"
                         r"walk[- ]?away|year|total|average|median|p\d{2})\b", re.I)  # fmt: skip


def component_of(header: str) -> Component | None:
    """The pay component a label names, or None when it names none."""
    text = strip_emphasis(header)
    for pattern, component in _COMPONENT_PATTERNS:
        if pattern.search(text):
            return component
    return None


def is_level(label: str) -> bool:
    return bool(_LEVEL.match(strip_emphasis(label).strip()))


def axis_of(label: str) -> Axis:
    """What one label on a table's edge names."""
    text = strip_emphasis(label).strip()
    if not text:
        return Axis.unknown
    if component_of(text) is not None:
        return Axis.component
    if is_level(text):
        return Axis.level
    if read_label(text).recognised and not _NOT_PLACES.match(text):
        return Axis.place
    return Axis.unknown


def corner_axis(corner: str) -> Axis | None:
    """What the top-left cell says the rows are: `Region` -> places, `Component` -> components, `Level` -> levels."""
    text = strip_emphasis(corner).lower()
    if _LEVEL_CORNER.search(text) and not _PLACE_CORNER.search(text):
        return Axis.level
    if _PLACE_CORNER.search(text) and not _LEVEL_CORNER.search(text):
        return Axis.place
    if _COMPONENT_CORNER.search(text):
        return Axis.component
    return None


def is_example_row(label: str) -> bool:
    return bool(_NOT_PLACES.match(strip_emphasis(label).strip()))
