"""The invented world the benchmark corpus is written about: companies, roles, places and levels.

Every name here is invented (coined company words) or an ordinary place name; no figure or sentence
comes from a real guide. Each entry also carries the ways a person types it, for the typed questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Company names are coined from syllables: 24 heads x 20 tails = 480 words, x 2 forms (bare or with a
# sector) and a middle syllable for more, enough for the 50,000-guide scale run.
HEADS = ["Vel", "Quor", "Bram", "Cal", "Dun", "Esk", "Fal", "Gor", "Hal", "Isk", "Jor", "Kel", "Lum", "Mor", "Nev",
         "Ost", "Pel", "Rav", "Sol", "Tam", "Ulm", "Vor", "Wex", "Yar"]  # fmt: skip
MIDDLES = ["", "an", "ro", "el", "is", "ov", "ur", "ith"]
TAILS = ["vane", "mere", "holt", "wick", "dale", "thorn", "brook", "crest", "field", "gate", "lund", "mark", "ridge",
         "stead", "ton", "vale", "wyn", "more", "bury", "hurst"]  # fmt: skip
SECTORS = ["Labs", "Systems", "Capital", "Health", "Robotics", "Analytics", "Pay", "Networks", "Studios", "Bio",
           "Logistics", "Energy", "Securities", "Technologies", "Markets", "Cloud"]  # fmt: skip
PARENTS = ["Group", "Holdings", "Partners", "Industries"]


@dataclass(frozen=True)
class Company:
    name: str  # as titles write it, e.g. "Velvane AI" or "Quorholt (Brammere Group)"
    slug: str  # its folder
    typed: tuple[str, ...]  # how people type it: short names, ticker, the parent's name
    ticker: str | None = None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def companies(count: int) -> list[Company]:
    """`count` distinct companies. Every 25th coined word is taken twice, bare and as "<word> AI", so that
    two names overlap as they do in the real corpus; every 40th has a parent written in parentheses;
    about a third are listed and have a ticker their guides mention."""
    found: list[Company] = []
    for index, word in enumerate(_coined_words()):
        if len(found) >= count:
            break
        sector = SECTORS[index % len(SECTORS)]
        ticker = (word[:3] + sector[0]).upper() if index % 3 == 0 else None
        if index % 25 == 7:  # an overlapping pair: "Velvane" and "Velvane AI"
            found.append(Company(word, slug(word), (word.lower(),), ticker))
            found.append(Company(f"{word} AI", slug(f"{word} AI"), (f"{word.lower()} ai",)))
            continue
        if index % 40 == 11:  # a guide titled "Quorholt (Brammere Group)" answers to both names
            parent = f"{_coined(index * 7 + 3)} {PARENTS[index % len(PARENTS)]}"
            found.append(Company(f"{word} ({parent})", slug(word), (word.lower(), parent.lower()), ticker))
            continue
        name = f"{word} {sector}"
        typed = (word.lower(), name.lower()) + ((ticker.lower(),) if ticker else ())
        found.append(Company(name, slug(name), typed, ticker))
    return found[:count]


def _coined_words() -> list[str]:
    return [_coined(n) for n in range(len(HEADS) * len(MIDDLES) * len(TAILS))]


def _coined(n: int) -> str:
    head = HEADS[n % len(HEADS)]
    tail = TAILS[(n // len(HEADS)) % len(TAILS)]
    middle = MIDDLES[(n // (len(HEADS) * len(TAILS))) % len(MIDDLES)]
    return head + middle + tail


@dataclass(frozen=True)
class Role:
    name: str
    base_usd: int  # New York base salary midpoint
    typed: tuple[str, ...]  # abbreviations and synonyms people type
    seniority: str | None = None  # "senior", "staff": a role that is itself a level


# 14 roles a company has at most; the senior and staff roles exist beside their plain role, so that level
# words have a level guide to pick.
ROLES = [
    Role("Software Engineer", 185_000, ("swe", "software engineer", "sde", "software eng", "software developer")),
    Role(
        "Senior Software Engineer", 225_000, ("senior swe", "sr. swe", "sr swe", "senior software engineer"), "senior"
    ),
    Role("Staff Software Engineer", 280_000, ("staff engineer", "staff swe", "staff software engineer"), "staff"),
    Role("Machine Learning Engineer", 215_000, ("mle", "ml engineer", "machine learning engineer", "ml eng")),
    Role("Data Scientist", 175_000, ("data scientist", "ds", "data science")),
    Role("Product Manager", 190_000, ("pm", "product manager")),
    Role("Senior Product Manager", 225_000, ("senior pm", "sr pm", "senior product manager"), "senior"),
    Role("Technical Program Manager", 175_000, ("tpm", "technical program manager")),
    Role("Engineering Manager", 240_000, ("em", "eng manager", "engineering manager")),
    Role("Site Reliability Engineer", 180_000, ("sre", "site reliability engineer", "reliability engineer")),
    Role("UX Designer", 150_000, ("ux designer", "ux", "product designer")),
    Role("Data Engineer", 170_000, ("data engineer", "data eng")),
    Role("Security Engineer", 185_000, ("security engineer", "security eng", "appsec engineer")),
    Role("Edge | Cloud Platform Engineer", 190_000, ("cloud platform engineer", "platform engineer")),
]
EXTRA_ROLES = [  # for some companies in place of one of the above, so role sets differ
    Role("Quantitative Researcher", 240_000, ("quant researcher", "qr", "quantitative researcher")),
    Role("Solutions Architect", 165_000, ("solutions architect", "sa")),
    Role("Frontend Engineer", 165_000, ("frontend engineer", "front-end engineer", "fe")),
]


@dataclass(frozen=True)
class Place:
    name: str  # how a person names it
    key: str  # a stable id for the benchmark's own bookkeeping
    currency: str
    symbol: str
    scale: float  # local pay per US$1 of New York pay
    style: str  # how amounts are usually written: "k", "full", "m" (millions), "indian"
    state: str | None = None  # "TX": written after the city in some labels
    country: str | None = None  # "UK", "France": written after the city in some labels
    typed: tuple[str, ...] = ()  # shortcuts people type: "nyc", "sf", "ldn"


US = dict(currency="USD", symbol="$", style="k")
PLACES = [
    Place("New York", "new-york", **US, scale=1.0, state="NY", typed=("nyc", "new york", "ny")),  # type: ignore[arg-type]
    Place("San Francisco", "san-francisco", **US, scale=1.05, state="CA", typed=("sf", "san francisco")),  # type: ignore[arg-type]
    Place("Seattle", "seattle", **US, scale=0.95, state="WA", typed=("seattle",)),  # type: ignore[arg-type]
    Place("Dallas", "dallas", **US, scale=0.85, state="TX", typed=("dallas",)),  # type: ignore[arg-type]
    Place("Austin", "austin", **US, scale=0.88, state="TX", typed=("austin", "atx")),  # type: ignore[arg-type]
    Place("San Diego", "san-diego", **US, scale=0.9, state="CA", typed=("san diego",)),  # type: ignore[arg-type]
    Place("Cambridge", "cambridge", **US, scale=0.97, state="MA", typed=("cambridge",)),  # type: ignore[arg-type]
    Place("Springfield", "springfield", **US, scale=0.78, state="IL", typed=("springfield",)),  # type: ignore[arg-type]
    Place("Bozeman", "bozeman", **US, scale=0.8, state="MT", typed=("bozeman",)),  # type: ignore[arg-type]
    Place("San Mateo", "san-mateo", **US, scale=1.02, state="CA", typed=("san mateo",)),  # type: ignore[arg-type]
    Place("Chicago", "chicago", **US, scale=0.9, state="IL", typed=("chicago", "chi")),  # type: ignore[arg-type]
    Place("London", "london", "GBP", "£", 0.62, "k", country="UK", typed=("ldn", "london")),
    Place("Leeds", "leeds", "GBP", "£", 0.5, "k", country="UK", typed=("leeds",)),
    Place("Dublin", "dublin", "EUR", "€", 0.58, "full", country="Ireland", typed=("dublin",)),
    Place("Amsterdam", "amsterdam", "EUR", "€", 0.6, "k", country="Netherlands", typed=("amsterdam", "ams")),
    Place("Lyon", "lyon", "EUR", "€", 0.45, "full", country="France", typed=("lyon",)),
    Place("Munich", "munich", "EUR", "€", 0.58, "k", country="Germany", typed=("munich", "münchen")),
    Place("Zurich", "zurich", "CHF", "CHF", 0.85, "k", country="Switzerland", typed=("zurich", "zürich")),
    Place("Bangalore", "bangalore", "INR", "₹", 14.0, "indian", country="India", typed=("bengaluru", "bangalore")),
    Place("Pune", "pune", "INR", "₹", 12.0, "indian", country="India", typed=("pune",)),
    Place("Chennai", "chennai", "INR", "₹", 11.5, "indian", country="India", typed=("chennai",)),
    Place("Dubai", "dubai", "AED", "AED", 2.9, "full", country="UAE", typed=("dubai",)),
    Place("Riyadh", "riyadh", "SAR", "SAR", 2.8, "full", country="Saudi Arabia", typed=("riyadh",)),
    Place("Singapore", "singapore", "SGD", "S$", 0.95, "k", typed=("singapore", "sg")),
    Place("Toronto", "toronto", "CAD", "C$", 0.9, "k", country="Canada", typed=("toronto",)),
    Place("São Paulo", "sao-paulo", "BRL", "R$", 1.4, "k", country="Brazil", typed=("sao paulo", "são paulo")),
    Place("Sydney", "sydney", "AUD", "A$", 1.05, "k", country="Australia", typed=("sydney",)),
    Place("Hong Kong", "hong-kong", "HKD", "HK$", 6.5, "m", typed=("hk", "hong kong")),
    Place("Tokyo", "tokyo", "JPY", "¥", 95.0, "m", country="Japan", typed=("tokyo",)),
    Place("Stockholm", "stockholm", "SEK", "kr", 5.5, "k", country="Sweden", typed=("stockholm",)),
    Place("Taipei", "taipei", "TWD", "NT$", 14.0, "m", country="Taiwan", typed=("taipei",)),
    Place("Tel Aviv", "tel-aviv", "ILS", "₪", 2.4, "k", country="Israel", typed=("tel aviv", "tlv")),
]
PLACE_BY_KEY = {place.key: place for place in PLACES}
US_PLACES = [place for place in PLACES if place.currency == "USD"]
# Regions some labels name around their cities: "EMEA (London/Munich)", "India (Pune/Chennai)".
AREAS = {"EMEA": ("london", "munich", "amsterdam", "dublin", "lyon"), "India": ("pune", "chennai", "bangalore")}
FLAGS = {"UK": "🇬🇧", "France": "🇫🇷", "Germany": "🇩🇪", "India": "🇮🇳", "Ireland": "🇮🇪", "Japan": "🇯🇵",
         "Netherlands": "🇳🇱", "Canada": "🇨🇦", "Switzerland": "🇨🇭"}  # fmt: skip
USD_PER_UNIT = {"GBP": 1.26, "EUR": 1.08, "HKD": 0.128, "AED": 0.27, "SAR": 0.27, "CHF": 1.12, "INR": 0.012}


@dataclass(frozen=True)
class Level:
    label: str  # a level row's label as written
    factor: float  # pay relative to the role's midpoint
    typed: tuple[str, ...]  # the words a person uses for it


LEVEL_SETS = [
    [Level("Junior (L3)", 0.8, ("l3", "junior")), Level("Mid (L4)", 1.0, ("l4", "mid-level")),
     Level("Senior (L5)", 1.3, ("l5", "senior", "sr.")), Level("Staff (L6)", 1.65, ("l6", "staff"))],
    [Level("Mid (L3-L4)", 1.0, ("l4", "mid-level")), Level("Senior (L5)", 1.3, ("l5", "senior")),
     Level("Staff (L6)", 1.65, ("l6", "staff")), Level("Principal (L7)", 2.0, ("l7", "principal"))],
    [Level("IC3", 0.85, ("ic3",)), Level("IC4", 1.0, ("ic4",)), Level("IC5 (Senior)", 1.3, ("ic5", "senior")),
     Level("IC6 (Staff)", 1.65, ("ic6", "staff"))],
    [Level("SDE I", 0.85, ("sde1", "sde i")), Level("SDE II", 1.05, ("sde2", "sde ii", "sde 2")),
     Level("SDE III / Senior", 1.35, ("sde3", "senior"))],
    [Level("E4", 1.0, ("e4",)), Level("E5 (Senior)", 1.3, ("e5", "senior")), Level("E6 (Staff)", 1.65, ("e6",))],
]  # fmt: skip
