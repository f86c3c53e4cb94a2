"""What a table's labels mean: a pay component, a level, or a place; and what its corner cell says.

Tables are read by structure, so these tests look at one label at a time and never at a table's exact
header text: `Stock (ACME RSUs — NYSE: ACME, 4yr vest)` is stock, `Senior (L5)` a level, `Lyon (EUR €)` a place.
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.places import read_label, strip_emphasis
from assistant.vocabulary.components import component_of


class Axis(StrEnum):
    place = "place"
    component = "component"
    level = "level"
    unknown = "unknown"


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
_NOT_PLACES = re.compile(r"^(?:offer|scenario|option|example|candidate|current|initial|target|stretch|ask|counter|"
                         r"anchor|accept|floor|walk[- ]?away|year|total|average|median|p\d{2})\b", re.I)  # fmt: skip


def is_level(label: str) -> bool:
    return bool(_LEVEL.match(strip_emphasis(label).strip()))


def axis_of(label: str) -> Axis:
    """What one label on a table's edge names."""
    text = strip_emphasis(label).strip()
    if not text:
        return Axis.unknown
    if component_of(text) is not None:  # the shared words for pay components (vocabulary/components.py)
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
