"""Place labels as guides write them (row labels and column headers), with the names a person asks by.

Decorations and their shares follow the real-corpus count in docs/guide-formats.md: remote rows, two places
joined, a state or country after the city, `(HQ)` and other notes, the currency in the label, bold
and flag emoji, and the plain rest.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from benchmarks.corpus.vocab import AREAS, FLAGS, PLACE_BY_KEY, Place

DECORATIONS = {"plain": 51, "remote": 12.5, "two_places": 10, "state_country": 9, "note": 7, "currency_label": 5.5,
               "bold_flag": 5}  # fmt: skip
REMOTE = {
    "Remote US": Place("Remote US", "remote-us", "USD", "$", 0.85, "k", typed=("remote us", "us remote")),
    "Remote (US/Canada)": Place("Remote (US/Canada)", "remote-us", "USD", "$", 0.85, "k", typed=("remote us",)),
    "US Remote": Place("US Remote", "remote-us", "USD", "$", 0.85, "k", typed=("remote us",)),
    "Remote EU": Place("Remote EU", "remote-eu", "EUR", "€", 0.5, "k", typed=("remote eu", "remote europe")),
}
# Two places in one label: the label, the names a person may ask by, and the place whose pay it shows.
JOINED = [
    ("Bay Area / San Francisco", ("Bay Area", "San Francisco"), "san-francisco"),
    ("San Francisco / Bay Area", ("San Francisco", "Bay Area"), "san-francisco"),
    ("Bay Area / Palo Alto", ("Palo Alto", "Bay Area"), "san-francisco"),
    ("San Mateo / Bozeman", ("San Mateo", "Bozeman"), "san-mateo"),
    ("Dallas / Austin", ("Dallas", "Austin"), "dallas"),
    ("London / Amsterdam", ("London", "Amsterdam"), "london"),
    ("London / Leeds", ("London", "Leeds"), "london"),
    ("Lyon / Munich", ("Lyon", "Munich"), "lyon"),
    ("EMEA (London/Munich)", ("London", "Munich", "EMEA"), "london"),
    ("EMEA (Amsterdam/Dublin)", ("Amsterdam", "Dublin", "EMEA"), "amsterdam"),
    ("India (Pune/Chennai)", ("Pune", "Chennai", "India"), "pune"),
    ("Pune / Chennai", ("Pune", "Chennai"), "pune"),
]
NOTES = ["HQ", "HQ", "Engineering Hub", "Trading Floor"]


@dataclass(frozen=True)
class Label:
    text: str  # as the table writes it, markdown and emoji included
    place: Place  # the place whose currency and pay level the row or column uses
    ask_names: tuple[str, ...]  # how a person names it: "Dallas" for "Dallas TX"; either name of "London / Amsterdam"
    decoration: str
    keys: tuple[str, ...]  # every place the label names, for keeping one row per place in a table

    @property
    def as_written(self) -> str:
        """The label without markdown or emoji: how a person copying it would type it."""
        plain = re.sub(r"\*\*|[\U0001F1E6-\U0001F1FF]", "", self.text)
        return plain.strip()


def make_label(rng: random.Random, place: Place, decoration: str) -> Label:
    """The place written with one decoration (falling back to plain where it doesn't apply)."""
    name = rng.choice(["New York", "New York City", "NYC"]) if place.key == "new-york" else place.name
    plain = Label(name, place, (place.name,), "plain", (place.key,))
    if decoration == "state_country" and (place.state or place.country):
        if place.state:
            text = f"{place.name}{rng.choice([' ', ', '])}{place.state}"
        else:
            text = f"{place.name}{rng.choice([', ', ' '])}{place.country}"
        return replace(plain, text=text, decoration=decoration)
    if decoration == "note":
        note = "US R&D" if place.currency == "USD" and rng.random() < 0.3 else rng.choice(NOTES)
        return replace(plain, text=f"{name} ({note})", decoration=decoration)
    if decoration == "currency_label":
        codes = place.currency if place.currency == "USD" or rng.random() < 0.5 else f"{place.currency}/USD"
        return replace(plain, text=f"{name} ({codes})", decoration=decoration)
    if decoration == "bold_flag":
        flag = FLAGS.get(place.country or "")
        text = f"{flag} {name}" if flag and rng.random() < 0.5 else f"**{name}**"
        return replace(plain, text=text, decoration=decoration)
    return plain


def remote_label(rng: random.Random) -> Label:
    text = rng.choice(list(REMOTE))
    place = REMOTE[text]
    asked = "Remote EU" if place.key == "remote-eu" else "Remote US"
    return Label(text, place, (asked,), "remote", (place.key,))


def joined_label(rng: random.Random, taken: set[str]) -> Label | None:
    """A two-place label whose places the table does not already have."""
    options = [entry for entry in JOINED if not _keys_of(entry) & taken]
    if not options:
        return None
    text, names, key = rng.choice(options)
    return Label(text, PLACE_BY_KEY[key], names, "two_places", tuple(_keys_of((text, names, key))))


def _keys_of(entry: tuple[str, tuple[str, ...], str]) -> set[str]:
    text, names, key = entry
    keys = {name.lower().replace(" ", "-") for name in names}
    for area, members in AREAS.items():
        if text.startswith(area):
            keys |= set(members)
    if "Bay Area" in names:
        keys |= {"san-francisco", "bay-area"}
    return keys | {key}


def pick_labels(rng: random.Random, places: list[Place], decorations: dict[str, float] = DECORATIONS) -> list[Label]:
    """One label per place, decorated at the real shares; no place appears twice in a table."""
    labels: list[Label] = []
    taken: set[str] = set()
    for place in places:
        decoration = rng.choices(list(decorations), list(decorations.values()))[0]
        label: Label | None = None
        if decoration == "remote" and not taken & {"remote-us", "remote-eu"}:
            label = remote_label(rng)
        elif decoration == "two_places":
            label = joined_label(rng, taken | {place.key})
        if label is None or place.key in taken:
            label = make_label(rng, place, decoration)
        if set(label.keys) & taken:
            continue
        labels.append(label)
        taken |= set(label.keys)
    return labels
