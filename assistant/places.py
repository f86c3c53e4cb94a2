"""Region names: how guides and people write them, and the key the product files them under."""

from __future__ import annotations

import re

# Spellings that mean the same place. Keys are lowercase, decoration removed.
REGION_ALIASES: dict[str, str] = {
    "nyc": "new-york",
    "new york city": "new-york",
    "ny": "new-york",
    "manhattan": "new-york",
    "sf": "san-francisco",
    "bay area": "san-francisco",
    "sf bay area": "san-francisco",
    "silicon valley": "san-francisco",
    "hk": "hong-kong",
    "ldn": "london",
    "us remote": "remote-us",
    "remote usa": "remote-us",
    "remote (us)": "remote-us",
    "bengaluru": "bangalore",
    "chi": "chicago",
    "la": "los-angeles",
    "dc": "washington-dc",
    "washington": "washington-dc",
}

# The local currency of places whose money is written with an ambiguous symbol ($, ¥, kr),
# or that guides commonly name. Used only when a cell's own symbol does not settle it.
REGION_CURRENCY: dict[str, str] = {
    "london": "GBP",
    "edinburgh": "GBP",
    "manchester": "GBP",
    "hong-kong": "HKD",
    "singapore": "SGD",
    "toronto": "CAD",
    "vancouver": "CAD",
    "montreal": "CAD",
    "sydney": "AUD",
    "melbourne": "AUD",
    "tokyo": "JPY",
    "osaka": "JPY",
    "shanghai": "CNY",
    "beijing": "CNY",
    "shenzhen": "CNY",
    "taipei": "TWD",
    "stockholm": "SEK",
    "oslo": "NOK",
    "copenhagen": "DKK",
    "zurich": "CHF",
    "tel-aviv": "ILS",
    "bangalore": "INR",
    "mumbai": "INR",
    "hyderabad": "INR",
    "sao-paulo": "BRL",
    "paris": "EUR",
    "amsterdam": "EUR",
    "dublin": "EUR",
    "berlin": "EUR",
    "munich": "EUR",
    "frankfurt": "EUR",
    "madrid": "EUR",
    "lyon": "EUR",
}

_COUNTRY_SUFFIX = re.compile(r",\s*[A-Za-z .]+$")
_PARENTHETICAL = re.compile(r"\([^)]*\)")


def strip_emphasis(text: str) -> str:
    return re.sub(r"(\*\*|__|\*|`)", "", text).strip()


def slugify(text: str) -> str:
    """'Millennium Management' -> 'millennium-management', 'ML/AI Engineer' -> 'ml-ai-engineer'."""
    ascii_text = text.lower().replace("&", " and ").replace("ã", "a").replace("é", "e").replace("ü", "u")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def region_key(written: str) -> str:
    """The normalised key of a region as written: 'New York (HQ)' -> 'new-york'."""
    plain = _PARENTHETICAL.sub("", strip_emphasis(written)).strip()
    plain = _COUNTRY_SUFFIX.sub("", plain).strip()
    lowered = plain.lower()
    if lowered in REGION_ALIASES:
        return REGION_ALIASES[lowered]
    # "Bay Area / San Francisco": prefer the part we know.
    parts = [p.strip() for p in re.split(r"\s*/\s*", lowered) if p.strip()]
    for part in parts:
        key = REGION_ALIASES.get(part, slugify(part))
        if key in REGION_CURRENCY or part in REGION_ALIASES:
            return key
    return slugify(plain)


def region_currency(key: str) -> str | None:
    return REGION_CURRENCY.get(key)
