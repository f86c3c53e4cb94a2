"""Places: reading the labels guides write (labels), matching a place a person names (match), and the
facts about places both rely on (gazetteer)."""

from assistant.places.gazetteer import CITIES, COUNTRIES
from assistant.places.labels import PlaceLabel, known_place, place_key, read_label, slugify, strip_emphasis
from assistant.places.match import matching, strip_qualifier


def place_currency(key: str) -> str | None:
    """The local currency of a place or country key, used only when a cell's own sign does not settle it."""
    country = key if key in COUNTRIES else CITIES.get(strip_qualifier(key))
    return COUNTRIES[country][1] if country in COUNTRIES else None


__all__ = [
    "PlaceLabel",
    "known_place",
    "matching",
    "place_currency",
    "place_key",
    "read_label",
    "slugify",
    "strip_emphasis",
    "strip_qualifier",
]
