"""Reading a place label as a guide writes it, in a row or a column header.

`London UK`, `**London (GBP/USD)**`, `🇬🇧 London`, `EMEA (London/Munich)`, `London / Amsterdam`,
`Dallas TX`, `Remote (US/Canada)`: each becomes a `PlaceLabel` holding every place it names (as keys),
the currency it declares, and the label as it should be shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money import ISO_CODES, SYMBOL_CURRENCY
from assistant.places.gazetteer import ALIASES, AREAS, CITIES, COUNTRIES, US_STATES

_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_FLAGS = re.compile(r":[a-z]{2}:|[\U0001F1E6-\U0001F1FF]{2}|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?")
_OFFICE = re.compile(r"\s+(?:hq|headquarters|head office|office|campus)$", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
_JOINERS = re.compile(r"\s*(?:/|&|\+|;|\band\b)\s*", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:remote\b[\s,:–-]*(?P<after>.*)|(?P<before>.*?)[\s,–-]*\bremote)$", re.IGNORECASE)
# Country names and codes -> country key; codes count only in capitals ("IN" is India, "in" is a word).
_COUNTRY_NAMES = {name: key for key, (names, _) in COUNTRIES.items() for name in names if len(name) > 2}
_COUNTRY_CODES = {name.upper(): key for key, (names, _) in COUNTRIES.items() for name in names if len(name) <= 3}
_AREA_NAMES = {name: key for key, names in AREAS.items() for name in names}
_STATE_NAMES = {name: code for code, name in US_STATES.items()}


def strip_emphasis(text: str) -> str:
    return _EMPHASIS.sub("", text).strip()


def slugify(text: str) -> str:
    """'Millennium Management' -> 'millennium-management', 'São Paulo' -> 'sao-paulo'."""
    plain = text.lower().replace("&", " and ")
    plain = plain.translate(str.maketrans("ãáàâäåçéèêëíìîïñóòôöõúùûüýł", "aaaaaaceeeeiiiinooooouuuuyl"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def place_key(name: str) -> str:
    """The key a place name is filed under: 'NYC' -> 'new-york', 'Bengaluru' -> 'bangalore', 'Remote EU' ->
    'remote-europe'."""
    lowered = _OFFICE.sub("", re.sub(r"\s+", " ", name.strip().lower().rstrip(".")))  # "Seattle HQ" is Seattle
    remote = _REMOTE.match(name.strip())
    if remote:
        scope = remote_scope(remote["after"] or remote["before"] or "")
        return f"remote-{scope}" if scope else "remote"
    return ALIASES.get(lowered) or _AREA_NAMES.get(lowered) or slugify(lowered)


def known_place(key: str) -> bool:
    return key in CITIES or key in COUNTRIES or key in AREAS or key in ALIASES.values()


@dataclass(frozen=True)
class PlaceLabel:
    written: str  # as written, without markdown and emoji: how an answer shows a row's label
    display: str  # written minus parentheses that only name currencies: how a column header's place is shown
    keys: tuple[str, ...]  # every place it names, the main one first; "dallas-tx" beside "dallas"
    currency: str | None = None  # a currency the label declares: "Leeds (GBP/USD)" -> GBP
    countries: tuple[str, ...] = ()  # the countries its places are in
    recognised: bool = False  # reads as a place: known, remote, qualified, currency-marked or flagged

    @property
    def key(self) -> str:
        """The main place: the first city the label names, else its first place ('EMEA (London/Munich)' ->
        'london', 'Bay Area / San Francisco' -> 'san-francisco')."""
        return next((key for key in self.keys if key in CITIES), self.keys[0] if self.keys else "")


def read_label(text: str) -> PlaceLabel:
    flagged = bool(_FLAGS.search(text))
    written = re.sub(r"\s+", " ", _FLAGS.sub(" ", strip_emphasis(text))).strip(" :-–")
    currency, members, notes = None, [], []
    for inner in _PARENTHETICAL.findall(written):
        codes = _currency_codes(inner)
        if codes:
            currency = currency or codes[0]
        elif (places := _place_list(inner, _PARENTHETICAL.sub(" ", written).strip())) is not None:
            members += places
        else:
            notes.append(inner)
    outer = _PARENTHETICAL.sub(" ", written).strip()
    display = _PARENTHETICAL.sub(lambda m: "" if _currency_codes(m.group(1)) else m.group(0), written).strip()
    remote = _REMOTE.match(outer)
    if remote:
        where = (remote["after"] or remote["before"] or "").strip()
        scopes = [remote_scope(part) for part in _JOINERS.split(where) if part] + [
            m for m in members if m in COUNTRIES or m in AREAS
        ]
        keys = [f"remote-{scope}" for scope in scopes if scope] + ["remote"]
        return PlaceLabel(written, display, tuple(dict.fromkeys(keys)), currency, tuple(s for s in scopes if s), True)
    keys, countries, qualified = [], [], False
    for part in (p for p in _JOINERS.split(outer) if p.strip()):
        city, qualifier = split_qualifier(part)
        key = place_key(city)
        keys.append(key)
        if qualifier:
            keys.append(f"{key}-{qualifier}")
            qualified = True
        countries.append(_STATE_COUNTRY.get(qualifier or "", "") or _country(qualifier) or CITIES.get(key, ""))
    keys += members
    countries += [CITIES.get(member, "") for member in members]
    recognised = flagged or qualified or currency is not None or any(known_place(k) for k in keys)
    return PlaceLabel(written, display, tuple(dict.fromkeys(k for k in keys if k)), currency,
                      tuple(dict.fromkeys(c for c in countries if c)), recognised)  # fmt: skip


_STATE_COUNTRY = dict.fromkeys(US_STATES, "us")


def split_qualifier(part: str) -> tuple[str, str | None]:
    """('Dallas', 'tx') from 'Dallas TX' or 'Dallas, Texas'; ('London', 'uk') from 'London, UK'. A name that is
    itself a known place ('Washington DC', 'New York') keeps its last word."""
    part = part.strip().strip(",")
    if known_place(place_key(part)):
        return part, None
    words = re.split(r"(?<=,)\s*|\s+", part)
    for size in (1, 2, 3):  # the qualifier is the last one to three words: "TX", "New Zealand"
        if len(words) <= size:
            break
        city, tail = " ".join(words[:-size]).strip(" ,"), " ".join(words[-size:]).strip().rstrip(".")
        qualifier = qualifier_of(tail)
        if qualifier:
            return city, qualifier
    return part, None


def qualifier_of(tail: str) -> str | None:
    """A US state ('TX' in capitals, or 'Texas') as its code, or a country ('UK', 'France') as its key."""
    if re.fullmatch(r"[A-Z]{2}", tail) and tail.lower() in US_STATES:
        return tail.lower()
    if tail.lower() in _STATE_NAMES:
        return _STATE_NAMES[tail.lower()]
    return _country(tail)


def remote_scope(text: str) -> str | None:
    """The country or area a remote label or question names: 'US' -> 'us', 'EU' -> 'europe'; None for others."""
    text = text.strip()
    return _country(text) or _country(text.upper() if len(text) <= 3 else text) or _AREA_NAMES.get(text.lower())


def _country(text: str | None) -> str | None:
    if not text:
        return None
    return _COUNTRY_CODES.get(text) if len(text) <= 3 and text.isupper() else _COUNTRY_NAMES.get(text.lower())


def _currency_codes(inner: str) -> list[str]:
    """'GBP/USD' -> ['GBP', 'USD'], 'EUR €' -> ['EUR']; [] unless every token names a currency."""
    tokens = [t for t in re.split(r"[\s/,]+", inner.strip()) if t]
    if not tokens or not all(t.upper() in ISO_CODES or t in SYMBOL_CURRENCY or t == "equiv" for t in tokens):
        return []
    return [t.upper() for t in tokens if t.upper() in ISO_CODES] or [SYMBOL_CURRENCY[t] for t in tokens
                                                                     if t in SYMBOL_CURRENCY]  # fmt: skip


def _place_list(inner: str, outer: str = "") -> list[str] | None:
    """'London/Munich' -> ['london', 'munich'] when every part is a known place, else None. 'Remote' among them is
    remote work in the place outside the parentheses: 'India (Remote/Bangalore)' -> ['remote-india', 'bangalore']."""
    parts = [p for p in _JOINERS.split(inner) if p.strip()]
    scope = remote_scope(outer) if outer else None
    keys = [
        f"remote-{scope}" if scope and p.strip().lower() == "remote"
        else place_key(p) if known_place(place_key(p)) else _country(p.strip())
        for p in parts
    ]  # fmt: skip
    return [k for k in keys if k] if parts and all(keys) else None
