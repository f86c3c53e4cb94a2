"""Which labels a place a person asks about finds, in the order a person would expect.

Tiers, each tried only when the one before finds nothing in the guide:
1. the same key ("london" finds `London / Amsterdam`; "dallas-tx" finds `Dallas TX`);
2. the asked place without its qualifier ("London UK" finds `London`);
3. a place that stands for the same market ("San Francisco" finds `Bay Area / Palo Alto`);
4. a label whose name contains the asked one ("SF" finds `South San Francisco`, "remote" finds `Remote US`);
5. the asked place is a country, and the label's place is in it ("India" finds `Pune, India` and `Bangalore`).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.places.gazetteer import CITIES, COUNTRIES, EQUIVALENT, US_STATES


def matching(asked: str, labels: Sequence[Sequence[str]]) -> list[int]:
    """Indexes of the labels (each given as its keys) that the asked key finds, by the first tier that finds any."""
    for tier in (_same, _unqualified, _equivalent, _contained, _in_country):
        found = [index for index, keys in enumerate(labels) if tier(asked, keys)]
        if found:
            return found
    return []


def _same(asked: str, keys: Sequence[str]) -> bool:
    return asked in keys


def _unqualified(asked: str, keys: Sequence[str]) -> bool:
    base = strip_qualifier(asked)
    return base != asked and base in keys


def strip_qualifier(key: str) -> str:
    """'london-uk' -> 'london', 'dallas-tx' -> 'dallas'; a key without a known qualifier is returned as is."""
    if key.startswith("remote"):
        return key
    parts = key.split("-")
    for size in (1, 2):
        head, tail = "-".join(parts[:-size]), "-".join(parts[-size:])
        if head and (tail in US_STATES or tail in COUNTRIES):
            return head
    return key


def _equivalent(asked: str, keys: Sequence[str]) -> bool:
    base = strip_qualifier(asked)
    return any(base in group and any(key in group for key in keys) for group in EQUIVALENT)


_AROUND = frozenset({"south", "north", "east", "west", "greater", "downtown", "central", "metro", "area"})


def _contained(asked: str, keys: Sequence[str]) -> bool:
    """'san-francisco' in 'south-san-francisco', 'remote' in 'remote-us': the label adds only words of direction
    or area, or is a remote scope ("York" does not find `New York`)."""
    words = strip_qualifier(asked).split("-")
    for key in keys:
        parts = key.split("-")
        for start in range(len(parts) - len(words) + 1):
            if parts[start : start + len(words)] != words or len(parts) == len(words):
                continue
            extra = set(parts[:start] + parts[start + len(words) :])
            if words == ["remote"] or extra <= _AROUND:
                return True
    return False


def _in_country(asked: str, keys: Sequence[str]) -> bool:
    if asked not in COUNTRIES:
        return False
    return any(CITIES.get(key) == asked or key.endswith(f"-{asked}") for key in keys)
