"""Places as first-class facts: datelines, "in City, State", street addresses, resolved.

Where a report says its event happened is written in a few conventional ways:

- the dateline opening the body: "HAWTHORNE —", "MERLIN, Ore. (AP) -", "Bridgeport –";
- a locative phrase: "in Hawthorne", "in Gaston County", "near Grants Pass, Oregon",
  "in the city of Murray";
- a street address: "the 6600 block of South Michigan Ave", "at 3500 Fannin";
- any other place name the entity recogniser found.

Each is resolved with the gazetteer (``analyse/gazetteer.py``) to a level of the
hierarchy street < city < county < state < country. A city name is ambiguous
("Hawthorne" is a town in eleven states): the states the article names (in its
dateline, after a comma, in full) choose among them, then population. A name the
gazetteer does not know stays unresolved (level None), still a place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from unidecode import unidecode

from newsprism.analyse._sentences import sentence_index
from newsprism.analyse.gazetteer import City, Region, fold, gazetteer
from newsprism.records import EntityMention, Place, Sentence

EXTRACTOR = "newsprism.places/1"

# a capitalised word, not a title-case function word ("Shooting In Hawthorne")
_CAP = r"(?!(?:In|At|On|Of|For|After|Before|With|And|Or|To|From|By|The|As|Near|Outside|Inside|Into|Over)\b)(?:[A-Z][\w'’.-]*|[A-Z]\.)"
_NAME = rf"{_CAP}(?:[ \t]+(?:of[ \t]+|de[ \t]+|la[ \t]+|del[ \t]+)?{_CAP}){{0,4}}"
# "MERLIN, Ore. (AP) -", "OKLAHOMA CITY –", "WAGONER COUNTY, OK-", "Bridgeport –"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'’.\- ]{1,40}?[A-Za-z.])"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]{1,14})?))?"
    r"\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--|-)\s*")
_LOCATIVE = re.compile(
    rf"\b(?P<prep>(?i:in|at|near|outside|inside|from|of))[ \t]+(?:(?i:the)[ \t]+)?"
    rf"(?:(?i:city|town|village|suburb|community|borough|township|county) of[ \t]+)?"
    rf"(?P<place>{_NAME})(?:,[ \t]*(?P<region>{_CAP}(?:[ \t]+{_CAP})?))?")
_LOCATIVE_WORDS = re.compile(r"\b(?:in|at|near|outside|inside|en|cerca de|nel|nella|a|bij|nabij|im|à|au)\s+"
                             r"(?:the\s+|la\s+|el\s+|de\s+)?$", re.I)
_STREET_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Way|"
                 r"Parkway|Pkwy|Highway|Hwy|Terrace|Circle|Trail|Pike|Square|Row")
_ADDRESS = re.compile(
    rf"(?:\bthe\s+)?(?P<number>\d{{1,6}})\s+(?P<block>block\s+of\s+)?(?P<street>(?:[NSEW]\.?\s+)?"
    rf"(?:[A-Z0-9][\w'’.-]*\s+){{0,4}}?(?:{_STREET_TYPES})\b\.?(?:\s+(?:North|South|East|West|[NSEW]))?)")
_COUNTY = re.compile(r"^(?P<name>.+?)\s+(?:County|Parish|Borough)$", re.I)
# Capitalised words a locative phrase can start with that are not places.
_NOT_PLACES = {"the", "a", "an", "this", "that", "police", "officers", "court", "custody", "jail", "prison",
               "hospital", "critical", "stable", "serious", "connection", "addition", "response", "front",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "update", "updated", "photo", "video", "he", "she", "they", "it"}
_PLACE_LABELS = {"GPE", "LOC", "FAC", "NAME"}


def extract_places(text: str, *, headline: str, entities: Iterable[EntityMention],
                   sentences: list[Sentence]) -> list[Place]:
    """The places ``text`` names (headline first, then the body), resolved.

    Names that anchor themselves are resolved first: the dateline and places written
    with their state or country ("Murray, Utah"). Their states and countries, with those
    the text names in full, then choose among the cities of an ambiguous name; a city
    outside them is taken for a local name (a neighbourhood, a business) and left
    unresolved.
    """
    body_start = len(headline) + 2 if headline else 0
    capitalised = title_case(headline)
    body = text[body_start:].casefold()
    candidates: list[tuple[int, int, str, str, str | None, bool]] = []  # start, end, role, name, region, must resolve
    m = _DATELINE.match(text, body_start)
    if m and _dateline_place(m.group("place"), m.group("region")):
        region = m.group("region") if m.group("region") and _is_region(m.group("region")) else None
        candidates.append((m.start("place"), m.end("place"), "dateline", m.group("place"), region, False))
    addresses = [(m.start("number"), m.start("number") + len(_address_text(m)), m) for m in _ADDRESS.finditer(text)]
    for m in _LOCATIVE.finditer(text):
        region = m.group("region") if m.group("region") and _is_region(m.group("region")) else None
        prep = m.group("prep").lower()
        if prep in {"of", "from"} and region is None:
            continue  # "the name of ...", "from Police Chief ...": only "of Murray, Utah" places
        # "in Camden Saturday night": the longest run of words the gazetteer knows ("at
        # Dollar General" is a shop: after "at" the whole name must be a place)
        words = list(re.finditer(r"\S+", m.group("place")))
        for n in range(len(words), 0 if prep != "at" else len(words) - 1, -1):
            name_end = m.start("place") + words[n - 1].end()
            name = text[m.start("place"):name_end].rstrip(".,")
            if m.start() < len(headline) and capitalised and fold(name) not in fold(body):
                continue  # "Found Shot To Death Inside Car": title case makes names of words
            whole = n == len(words)
            if _known(name, region if whole else None):
                end = m.end("region") if region and whole else name_end
                candidates.append((m.start("place"), end, "locative", name, region if whole else None, True))
                break
    for e in entities:
        if e.label not in _PLACE_LABELS or any(a <= e.start < b or e.start <= a < e.end for a, b, _ in addresses):
            continue
        if any(ch.isdigit() for ch in e.text):
            continue  # "Loop 410", "the 600 block": roads and addresses, not places of a level
        if e.start < len(headline) and capitalised and fold(e.text) not in fold(body):
            continue
        locative = bool(_LOCATIVE_WORDS.search(text[max(0, e.start - 16):e.start]))
        if e.label == "NAME" and not locative:
            continue  # without a model, only a name after "en", "in", "a" is taken for a place
        candidates.append((e.start, e.end, "locative" if locative else "mention", e.text, None, e.label == "NAME"))

    states, countries = _context(text)
    found: dict[tuple[int, int], Place] = {}
    anchored = [c for c in candidates if c[2] == "dateline" or c[4] is not None]
    for group in (anchored, [c for c in candidates if c not in anchored]):
        for start, end, role, name, region, must in group:
            name = name.rstrip(" ,.")
            end = start + len(text[start:end].rstrip(" ,."))
            if not name or name.split()[0].lower() in _NOT_PLACES or _acronym(name, role):
                continue
            if any(s <= start and end <= e for s, e in found):
                continue
            place = resolve(name, region, states, role=role, countries=countries,
                            label=next((e.label for e in entities if e.start == start), None))
            if place is None or (must and place.level is None):
                continue
            place.start, place.end, place.text = start, end, text[start:end]
            place.sentence = sentence_index(sentences, start)
            for key in [k for k in found if start <= k[0] and k[1] <= end]:
                del found[key]  # a longer reading of the same words wins
            found[(start, end)] = place
            if group is anchored and place.country:
                countries.add(place.country)
                if place.country == "US" and place.state:
                    states.add(place.state)
    for start, end, m in addresses:
        if not any(s <= start < e for s, e in found):
            found[(start, end)] = Place(start=start, end=end, text=text[start:end],
                                        sentence=sentence_index(sentences, start), extractor=EXTRACTOR,
                                        role="address", name=_address_name(m), level="street",
                                        key=street_key(_address_name(m)))
    return sorted(found.values(), key=lambda p: p.start)


def title_case(headline: str) -> bool:
    """Whether a headline capitalises its words ("Man Shot In Roxbury"): then a capital
    says nothing about a name."""
    words = [w for w in re.findall(r"[^\W\d_]+", headline) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _acronym(name: str, role: str) -> bool:
    """"At NYE Party": short capitals outside a dateline are an acronym, not a town."""
    return role != "dateline" and len(name) <= 4 and name.isupper()


def _dateline_place(place: str, region: str | None) -> bool:
    """A dateline names its place in capitals ("HAWTHORNE"), or as a known place."""
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        return True
    return bool(gazetteer().cities(place)) and (region is None or _is_region(region))


def _known(name: str, region: str | None) -> bool:
    """Whether the gazetteer knows a name as a place (or it stands before a state)."""
    g = gazetteer()
    if region is not None:
        return True
    clean = name.title() if name.isupper() else name
    if _COUNTY.match(clean):
        return bool(g.regions(clean))
    if _AREA_WORDS.match(clean) and g.cities(_AREA_WORDS.sub("", clean)):
        return True  # "South Memphis": a part of Memphis
    return bool(g.cities(clean)) or any(r.level in {"state", "country"} for r in g.regions(clean)
                                        if not (r.level == "state" and len(clean) <= 2))


def _is_region(text: str) -> bool:
    g = gazetteer()
    return g.state(text) is not None or g.country(text) is not None


def _address_text(m: re.Match[str]) -> str:
    surface = m.group(0)[m.start("number") - m.start():]
    return surface[:-1] if surface.endswith(".") and _address_name(m) != " ".join(surface.split())[-len(_address_name(m)):] \
        else surface


# USPS street-suffix and directional abbreviations: one spelling per word, so that
# "700 block of North Kenwood Avenue" and "767 N. Kenwood Ave." are one street.
_STREET_WORDS = {"street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr",
                 "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy", "highway": "hwy",
                 "terrace": "ter", "circle": "cir", "trail": "trl", "square": "sq", "north": "n",
                 "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
                 "southeast": "se", "southwest": "sw"}
_BLOCK = re.compile(r"^(?P<number>\d+)\s+(?:block\s+of\s+)?(?P<street>.+)$")


def street_key(name: str) -> str:
    """The comparable form of a street address: its block (the number rounded down to
    the hundred: "767 Fairview Ave" lies in "the 700 block of Fairview Avenue") and the
    street with its words abbreviated alike.

    >>> street_key("the 700 block of North Kenwood Avenue"), street_key("767 N. Kenwood Ave.")
    ('street:700 n kenwood ave', 'street:700 n kenwood ave')
    """
    words = re.sub(r"[^a-z0-9]+", " ", unidecode(name).casefold().replace("’", "'").replace("'", "")).split()
    if words and words[0] == "the":
        words = words[1:]
    words = [_STREET_WORDS.get(w, w) for w in words]
    m = _BLOCK.match(" ".join(words))
    if m is None:
        return "street:" + " ".join(words)
    return f"street:{int(m['number']) // 100 * 100} {m['street']}"


def _address_name(m: re.Match[str]) -> str:
    street = " ".join(m.group("street").split())
    if street.endswith(".") and not re.search(r"\b(?:St|Ave|Rd|Blvd|Dr|Ln|Ct|Pl|Pkwy|Hwy|[NSEW])\.$", street):
        street = street[:-1]  # a sentence's full stop, not an abbreviation's
    return f"{m.group('number')} block of {street}" if m.group("block") else f"{m.group('number')} {street}"


def _context(text: str) -> tuple[set[str], set[str]]:
    """The US states an article names (in full, "Texas", or after a comma, "Calif.",
    "TX") and the countries it names; naming a state names the United States."""
    g = gazetteer()
    states = {state.region for state in (_state_names().get(m.group(0).lower()) for m in _state_pattern().finditer(text))
              if state is not None and state.region}
    for m in re.finditer(r",[ \t]*([A-Z][A-Za-z]{0,5}\.?(?:\s?[A-Z]\.)?)(?=[\s,;:)(—–-]|$)", text):
        state = g.state(m.group(1))
        if state is not None and state.region:
            states.add(state.region)
    countries = {"US"} if states else set()
    for m in re.finditer(r"\b[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2}\b", text):
        country = g.country(m.group(0))
        if country is not None and fold(country.name) == fold(m.group(0)):
            countries.add(country.country)
    return states, countries


@functools.lru_cache(maxsize=1)
def _state_names() -> dict[str, Region]:
    g = gazetteer()
    names = {}
    for code in ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
                 "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC").split():
        state = g.state(code)
        if state is not None:
            names[state.name.lower()] = state
    return names


@functools.lru_cache(maxsize=1)
def _state_pattern() -> re.Pattern[str]:
    names = sorted((n for n in _state_names() if n != "washington"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n.title()) for n in names) + r")\b")


# "Southwest Philadelphia", "downtown Dallas": the city itself when the whole is no place
_AREA_WORDS = re.compile(r"^(?:north|south|east|west|northeast|northwest|southeast|southwest|downtown|central|"
                         r"greater|suburban|northern|southern|eastern|western|uptown|midtown)\s+", re.I)
# Model-free names (any capitalised word), and names in a text that names no state or
# country, are taken for cities only when this populous: a person's name is often also a
# village somewhere.
NAME_MIN_POPULATION = 15000


def resolve(name: str, region_text: str | None, context_states: set[str], *, role: str = "mention",
            countries: set[str] | None = None, label: str | None = None) -> Place | None:
    """A place for a name, at the most specific level the gazetteer allows.

    ``region_text`` is what follows the name after a comma ("Ore.", "California");
    ``context_states`` and ``countries`` are the US states and countries the article
    names, which choose among cities of one name: a city outside them is a local name
    (left unresolved). ``label`` is the entity label the name came with, if any ("LOC"
    names a region or a natural feature, never a town).
    """
    g = gazetteer()
    name = " ".join(name.split())
    clean = name.title() if name.isupper() else name
    region = (g.state(region_text) or g.country(region_text)) if region_text else None
    states = {region.region} if region is not None and region.level == "state" else set(context_states)
    countries = {region.country} if region is not None else set(countries or ())
    if _COUNTY.match(clean):
        found = [r for r in g.regions(clean) if r.level == "county"]
        chosen = next((r for r in found if r.region in states), found[0] if len(found) == 1 and not states else None)
        if chosen is not None:
            return _region_place(name, chosen, role)
        return _place(name, clean, "county", role, state=next(iter(states)) if len(states) == 1 else None,
                      country="US" if states else None)
    for r in g.regions(clean):
        if r.level in {"state", "country"} and fold(r.name) == fold(clean):
            if r.level == "state" and clean.upper() == clean and len(clean) <= 2:
                continue  # "IN", "OR": a code alone is no place
            return _region_place(name, r, role)
    if label == "LOC":
        return _place(name, clean, None, role)
    for candidate in (clean, _AREA_WORDS.sub("", clean)):
        cities = g.cities(candidate)
        if label == "NAME" or not (countries or states):
            # without a model's label, or with nothing in the text to place it, a small
            # town of that name is too weak a reading: a person, a street, a fiction
            cities = [c for c in cities if c.population >= NAME_MIN_POPULATION]
        if countries:
            cities = [c for c in cities if c.country in countries]
        if states:
            cities = [c for c in cities if c.country != "US" or c.region in states]
        if cities:
            return _city_place(name, cities[0], role)
    if region is not None and region.level == "state":
        # a town too small for the gazetteer, in a state the text names
        return _place(name, clean, "city", role, state=region.region, country="US")
    return _place(name, clean, None, role)


def _place(text: str, name: str, level: str | None, role: str, **known: str | None) -> Place:
    parts = [known.get("country") or "", known.get("state") or "", fold(name)]
    return Place(start=0, end=0, text=text, sentence=0, extractor=EXTRACTOR, role=role,  # type: ignore[arg-type]
                 name=name, level=level, key="/".join(parts), **known)  # type: ignore[arg-type]


def _region_place(text: str, region: Region, role: str) -> Place:
    if region.level == "country":
        return _place(text, region.name, "country", role, country=region.country)
    return _place(text, region.name, region.level, role, state=region.region, country=region.country)


def _city_place(text: str, city: City, role: str) -> Place:
    place = _place(text, city.name, "city", role, city=city.name, state=city.region, country=city.country)
    place.lat, place.lon, place.population = city.lat, city.lon, city.population
    return place
