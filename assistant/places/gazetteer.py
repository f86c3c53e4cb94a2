"""Facts about places: cities with their country, countries with their currency, US states, regions, and the
other names people use for them. Keys are lower-case slugs ("new-york", "sao-paulo").
"""

from __future__ import annotations

# Country key -> (names people write, ISO currency).
COUNTRIES: dict[str, tuple[tuple[str, ...], str]] = {
    "us": (("us", "usa", "united states", "u.s.", "america"), "USD"),
    "uk": (("uk", "united kingdom", "england", "scotland", "great britain", "gb", "britain"), "GBP"),
    "canada": (("canada", "ca"), "CAD"),
    "mexico": (("mexico", "mx"), "MXN"),
    "brazil": (("brazil", "br"), "BRL"),
    "argentina": (("argentina",), "ARS"),
    "chile": (("chile",), "CLP"),
    "colombia": (("colombia",), "COP"),
    "ireland": (("ireland", "ie"), "EUR"),
    "france": (("france", "fr"), "EUR"),
    "germany": (("germany", "de"), "EUR"),
    "netherlands": (("netherlands", "nl", "holland"), "EUR"),
    "spain": (("spain", "es"), "EUR"),
    "italy": (("italy", "it"), "EUR"),
    "portugal": (("portugal", "pt"), "EUR"),
    "belgium": (("belgium",), "EUR"),
    "austria": (("austria",), "EUR"),
    "finland": (("finland",), "EUR"),
    "greece": (("greece",), "EUR"),
    "estonia": (("estonia",), "EUR"),
    "luxembourg": (("luxembourg",), "EUR"),
    "switzerland": (("switzerland", "ch"), "CHF"),
    "sweden": (("sweden", "se"), "SEK"),
    "norway": (("norway", "no"), "NOK"),
    "denmark": (("denmark", "dk"), "DKK"),
    "poland": (("poland", "pl"), "PLN"),
    "czechia": (("czechia", "czech republic"), "CZK"),
    "hungary": (("hungary",), "HUF"),
    "romania": (("romania",), "RON"),
    "bulgaria": (("bulgaria",), "BGN"),
    "turkey": (("turkey", "turkiye"), "TRY"),
    "ukraine": (("ukraine",), "UAH"),
    "israel": (("israel", "il"), "ILS"),
    "uae": (("uae", "united arab emirates"), "AED"),
    "saudi-arabia": (("saudi arabia", "ksa", "saudi"), "SAR"),
    "qatar": (("qatar",), "QAR"),
    "egypt": (("egypt",), "EGP"),
    "nigeria": (("nigeria",), "NGN"),
    "kenya": (("kenya",), "KES"),
    "south-africa": (("south africa", "za"), "ZAR"),
    "india": (("india", "in"), "INR"),
    "pakistan": (("pakistan",), "PKR"),
    "singapore": (("singapore", "sg"), "SGD"),
    "hong-kong": (("hong kong", "hk"), "HKD"),
    "china": (("china", "prc", "cn"), "CNY"),
    "taiwan": (("taiwan", "tw"), "TWD"),
    "japan": (("japan", "jp"), "JPY"),
    "korea": (("korea", "south korea", "kr"), "KRW"),
    "australia": (("australia", "au"), "AUD"),
    "new-zealand": (("new zealand", "nz"), "NZD"),
    "malaysia": (("malaysia", "my"), "MYR"),
    "indonesia": (("indonesia",), "IDR"),
    "philippines": (("philippines",), "PHP"),
    "thailand": (("thailand",), "THB"),
    "vietnam": (("vietnam",), "VND"),
}  # fmt: skip


def _cities(table: str) -> dict[str, str]:
    """'country: city city …' lines -> {city: country}."""
    cities: dict[str, str] = {}
    for line in table.strip().splitlines():
        country, names = line.split(":")
        cities |= dict.fromkeys(names.split(), country.strip())
    return cities


# City -> country key. A name shared across countries (Cambridge) takes the one guides mean most.
CITIES: dict[str, str] = _cities(
    """
us: new-york san-francisco seattle chicago boston austin dallas houston denver atlanta miami los-
us: angeles san-diego san-jose san-mateo palo-alto mountain-view menlo-park sunnyvale redwood-city
us: south-san- francisco oakland berkeley cambridge somerville washington-dc arlington reston
us: philadelphia pittsburgh baltimore raleigh durham charlotte nashville columbus cleveland detroit
us: ann-arbor minneapolis st-louis kansas-city salt-lake-city phoenix las-vegas portland sacramento
us: irvine santa- monica boulder bozeman springfield madison indianapolis cincinnati tampa orlando
us: jersey-city stamford greenwich princeton hoboken newark bellevue redmond kirkland plano richmond
us: omaha des- moines milwaukee new-orleans san-antonio albuquerque
uk: london manchester edinburgh leeds bristol oxford belfast glasgow birmingham reading
canada: toronto vancouver montreal ottawa calgary waterloo
ireland: dublin cork galway
france: paris lyon toulouse nice sophia-antipolis grenoble
germany: berlin munich frankfurt hamburg cologne stuttgart dusseldorf
netherlands: amsterdam rotterdam eindhoven the-hague utrecht
spain: madrid barcelona valencia
italy: milan rome turin
portugal: lisbon porto
switzerland: zurich geneva basel lausanne zug
sweden: stockholm gothenburg malmo
norway: oslo
denmark: copenhagen aarhus
finland: helsinki
estonia: tallinn
poland: warsaw krakow wroclaw gdansk
czechia: prague brno
hungary: budapest
romania: bucharest cluj
bulgaria: sofia
turkey: istanbul ankara
ukraine: kyiv kiev lviv
austria: vienna
belgium: brussels antwerp
greece: athens
israel: tel-aviv jerusalem haifa herzliya
uae: dubai abu-dhabi
saudi-arabia: riyadh jeddah
qatar: doha
egypt: cairo
nigeria: lagos
kenya: nairobi
south-africa: johannesburg cape-town
india: bangalore mumbai delhi new-delhi gurgaon noida hyderabad chennai pune kolkata ahmedabad kochi
pakistan: karachi lahore
singapore: singapore
hong-kong: hong-kong
china: shanghai beijing shenzhen hangzhou guangzhou
taiwan: taipei hsinchu
japan: tokyo osaka kyoto
korea: seoul
australia: sydney melbourne brisbane perth
new-zealand: auckland wellington
malaysia: kuala-lumpur
indonesia: jakarta
philippines: manila
thailand: bangkok
vietnam: ho-chi-minh-city hanoi
brazil: sao-paulo rio-de-janeiro
mexico: mexico-city guadalajara
argentina: buenos-aires
chile: santiago
colombia: bogota medellin
"""
)

# Other names for one place (written lower case, as a person types them) -> the key.
ALIASES: dict[str, str] = {
    "nyc": "new-york", "ny": "new-york", "new york city": "new-york", "manhattan": "new-york", "nyc metro": "new-york",
    "sf": "san-francisco", "san fran": "san-francisco", "s.f.": "san-francisco", "ldn": "london",
    "bengaluru": "bangalore", "blr": "bangalore", "gurugram": "gurgaon", "bombay": "mumbai", "madras": "chennai",
    "ncr": "delhi", "hk": "hong-kong", "sg": "singapore", "chi": "chicago", "la": "los-angeles", "atx": "austin",
    "dc": "washington-dc", "washington d.c.": "washington-dc", "washington": "washington-dc", "tlv": "tel-aviv",
    "zürich": "zurich", "münchen": "munich", "são paulo": "sao-paulo", "sao paulo": "sao-paulo", "köln": "cologne",
    "montréal": "montreal", "malmö": "malmo", "düsseldorf": "dusseldorf", "kraków": "krakow", "ams": "amsterdam",
    "seatle": "seattle", "philly": "philadelphia", "nola": "new-orleans", "slc": "salt-lake-city", "kl": "kuala-lumpur",
    "hcmc": "ho-chi-minh-city", "saigon": "ho-chi-minh-city", "the bay": "bay-area", "sf bay area": "bay-area",
    "silicon valley": "bay-area", "south bay": "bay-area",
}  # fmt: skip

# Keys that stand for the same market, so that asking for one finds a label written with another.
EQUIVALENT: list[frozenset[str]] = [
    frozenset({"san-francisco", "bay-area", "silicon-valley"}),
    frozenset({"new-york", "new-york-city"}),
    frozenset({"washington-dc", "dc"}),
]

# Regions that group places: a label such as "EMEA (London/Munich)" names the region and its cities.
AREAS: dict[str, tuple[str, ...]] = {
    "emea": ("emea",), "apac": ("apac", "asia pacific", "asia-pacific"), "latam": ("latam", "latin america"),
    "europe": ("europe", "eu"), "nordics": ("nordics",), "dach": ("dach",), "benelux": ("benelux",),
    "middle-east": ("middle east", "mena"), "north-america": ("north america", "na"), "americas": ("americas",),
    "asia": ("asia",),
}  # fmt: skip

US_STATES: dict[str, str] = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california", "co": "colorado",
    "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia", "hi": "hawaii", "id": "idaho",
    "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas", "ky": "kentucky", "la": "louisiana",
    "me": "maine", "md": "maryland", "ma": "massachusetts", "mi": "michigan", "mn": "minnesota", "ms": "mississippi",
    "mo": "missouri", "mt": "montana", "ne": "nebraska", "nv": "nevada", "nh": "new hampshire", "nj": "new jersey",
    "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota", "oh": "ohio",
    "ok": "oklahoma", "or": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont", "va": "virginia",
    "wa": "washington", "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming", "dc": "district of columbia",
}  # fmt: skip
