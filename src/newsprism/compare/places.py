"""Where the story happened, outlet by outlet.

Like a toll, the event's place is a slot each report fills once: the place its lead
gives the event. The analysis finds and resolves places (``analyse/places.py``); here
each article's place is the best of its candidates:

- a locative place in the headline ("... In Hawthorne") or the lead ("killed in
  Hawthorne"), at city or county level;
- the dateline ("HAWTHORNE —");
- a place the lead mentions otherwise; a state or country only when nothing finer is
  named; a locative city further down ("... took place on September 17 in Istanbul")
  before a country the lead names ("met in Turkey").

Places are compared through the hierarchy street < city < county < state < country.
A place and one that contains it are compatible ("Orange County" and "California");
two cities within ``NEARBY_KM`` are compatible too (a suburb and its city, "Mount
Oliver" and "Pittsburgh"); only two places that exclude each other contradict: two
distant cities, two states, two countries, a city outside the state another outlet
names. A place the gazetteer does not know is never grounds for a contradiction.

A second fact lists the street addresses outlets give ("the 6600 block of South
Michigan Ave"); addresses are approximate (a block, a building), so they agree or
differ but never contradict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsprism.analyse.gazetteer import City, distance_km, fold, gazetteer
from newsprism.analyse.places import street_key
from newsprism.compare._context import Member, StoryContext, counted_once, fact_id, outlets_of
from newsprism.records import Claim, Fact, Place

# Cities this close are one area for a news report (a suburb and its city).
NEARBY_KM = 40.0
PLACE_LEAD_SENTENCES = 3
_CITY_LEVELS = {"city", "county"}


@dataclass
class _Located:
    claim: Claim
    place: Place


def event_place(ctx: StoryContext, member: Member, scope: tuple[set[str], set[str]] | None = None
                ) -> tuple[Place, Place | None] | None:
    """The place an article gives its event (see the module docstring), and the finer
    place it names inside it when it names one ("Brighton Park", within Chicago)."""
    article = member.article
    lead_end = ctx.lead_end(article.id, PLACE_LEAD_SENTENCES)
    headline_end = len(article.headline) if article.headline else 0
    places = [_rescoped(p, scope) for p in member.analysis.places if p.role != "address"]
    best, best_score = None, 0.0
    for p in places:
        score = _score(p, p.start < headline_end, p.start < lead_end)
        if score > best_score:
            best, best_score = p, score
    if best is None or best.level != "city" or not best.population:
        return (best, None) if best is not None else None
    # a neighbourhood or suburb named with its city: the city is the level outlets share
    for q in places:
        if q.level == "city" and q.population and q.population >= CITY_OVER_PART * best.population \
                and _km(best, q) is not None and _km(best, q) <= PART_OF_CITY_KM:  # type: ignore[operator]
            return q, best
    return best, None


# A place this much less populous than a city it lies this close to is a part of it.
CITY_OVER_PART = 5
PART_OF_CITY_KM = 25.0


def story_scope(ctx: StoryContext) -> tuple[set[str], set[str]]:
    """The US states and countries the story's articles place themselves in (datelines,
    places written with their state, states and countries named)."""
    states: set[str] = set()
    countries: set[str] = set()
    for m in ctx.members:
        for p in m.analysis.places:
            anchored = p.role == "dateline" or p.level in {"state", "country"} or "," in p.text
            if anchored and p.country:
                countries.add(p.country)
                if p.country == "US" and p.state:
                    states.add(p.state)
    return states, countries


def _rescoped(p: Place, scope: tuple[set[str], set[str]] | None) -> Place:
    """An article's reading of an ambiguous city, checked against the whole story: a
    "Dover" in a story set in Kansas is not the English port."""
    if scope is None or p.level != "city" or p.role == "dateline" or "," in p.text:
        return p
    states, countries = scope
    outside = (countries and p.country not in countries) or (p.country == "US" and states and p.state not in states)
    if not outside:
        return p
    from newsprism.analyse.places import resolve

    again = resolve(p.text, None, states, role=p.role, countries=countries)
    if again is None:
        return p
    again.start, again.end, again.text, again.sentence = p.start, p.end, p.text, p.sentence
    return again


def _km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return distance_km(City(a.name, a.country or "", a.state or "", a.lat, a.lon, 0),  # type: ignore[arg-type]
                       City(b.name, b.country or "", b.state or "", b.lat, b.lon, 0))  # type: ignore[arg-type]


def _score(p: Place, in_headline: bool, in_lead: bool) -> float:
    """How surely a place is where the article's event happened: a city before a county
    before a state, the lead before the rest, where the text places something before a
    passing mention."""
    level = {"city": 3.0, "county": 2.0, "state": 0.5, "country": 0.4, None: 0.5}.get(p.level, 0.0)
    if p.level is None and p.role == "mention":
        return 0.0  # an unknown name in passing: a person, a business
    where = 2.0 if in_headline or in_lead else 0.0
    how = {"locative": 1.0, "dateline": 1.0, "mention": 0.3}.get(p.role, 0.0)
    if p.level in {"state", "country"} and not in_lead:
        return 0.1 * level
    return level + where + how


def describe(place: Place) -> str:
    """A place with the levels that contain it: "Hawthorne, California", "Istanbul, Turkey"."""
    g = gazetteer()
    if place.level in {"city", "county"}:
        if place.country == "US" and place.state:
            return f"{place.name}, {g.state_name(place.state)}"
        if place.country:
            return f"{place.name}, {g.country_name(place.country)}"
    if place.level == "state" and place.country and place.country != "US":
        return f"{place.name}, {g.country_name(place.country)}"
    return place.name


def place_facts(ctx: StoryContext) -> list[Fact]:
    """The story's event place (one claim per article) and the addresses outlets give."""
    located: list[_Located] = []
    addresses: list[Claim] = []
    scope = story_scope(ctx)
    for m in ctx.members:
        found = event_place(ctx, m, scope)
        if found is not None:
            place, part = found
            claim = ctx.claim(m, place.start, place.end, describe(place))
            if part is not None:
                claim.note = f"names {part.name}, within {place.name}"
            located.append(_Located(claim, place))
        address = next((p for p in m.analysis.places if p.role == "address"), None)
        if address is not None:
            addresses.append(ctx.claim(m, address.start, address.end, address.name))
    facts = []
    if located:
        claims = [x.claim for x in located]
        verdict, why, conflicts = place_verdict(located)
        summary, support = finest_agreed(located)
        facts.append(Fact(id=fact_id("place", "place", claims), type="place", about="place", claims=claims,
                          verdict=verdict, explanation=why, outlets=outlets_of(claims), conflicts=conflicts,
                          main=True, summary=summary, summary_support=support))
    if len({c.outlet for c in addresses}) > 1:
        values = {street_key(c.value) for c in counted_once(addresses)}
        verdict, why = ("agree", "same address") if len(values) == 1 else ("compatible", "different addresses "
                                                                            "(a block, a building: never exact)")
        facts.append(Fact(id=fact_id("place", "address", addresses), type="place", about="address",
                          claims=addresses, verdict=verdict, explanation=why, outlets=outlets_of(addresses)))
    elif addresses:
        facts.append(Fact(id=fact_id("place", "address", addresses), type="place", about="address",
                          claims=addresses, verdict="single", explanation="named by one outlet only",
                          outlets=outlets_of(addresses)))
    return facts


_LEVELS = ("street", "city", "county", "state", "country")


def _rank(p: Place) -> int:
    return _LEVELS.index(p.level) if p.level in _LEVELS else len(_LEVELS)


def finest_agreed(located: list[_Located]) -> tuple[str | None, int]:
    """Where the event happened as most outlets allow, as finely as one of them says:
    an outlet naming the county ("Perry County, Pennsylvania") agrees with one naming the
    town in it ("Duncannon"), so the town is the answer they share. Each outlet counts
    once (its first claim); a place gets the outlets that name it or a place containing
    it; the most supported wins, then the finer, then the one named by more outlets,
    then the earliest. None (the plain majority stands) unless that place has more
    support than the majority's own."""
    first: dict[str, _Located] = {}
    for x in located:
        if not x.claim.reprint_of:
            first.setdefault(x.claim.outlet or x.claim.article_id, x)
    if len(first) < 2:
        return None, 0
    places = list(first.values())
    named = Counter(_identity(x.place) for x in places)

    def contains(y: Place, x: Place) -> bool:
        # known to contain: the same country, and the same state below the country level
        return (_rank(y) > _rank(x) and bool(y.country) and y.country == x.country
                and (y.level == "country" or (bool(y.state) and y.state == x.state))
                and relate(x, y) == "contains")

    support = [sum(1 for y in places if _identity(y.place) == _identity(x.place) or contains(y.place, x.place))
               for x in places]
    best = max(range(len(places)), key=lambda i: (support[i], -_rank(places[i].place),
                                                   named[_identity(places[i].place)], -i))
    majority = max(range(len(places)), key=lambda i: (named[_identity(places[i].place)], -i))
    if _identity(places[best].place) == _identity(places[majority].place) or support[best] <= support[majority]:
        return None, 0  # the majority's answer stands unless more outlets allow another
    return places[best].claim.value, support[best]


def place_verdict(located: list[_Located]) -> tuple[str, str, list[list[int]]]:
    kept = {id(c) for c in counted_once([x.claim for x in located])}
    effective = [x for x in located if id(x.claim) in kept]
    if len({x.claim.outlet for x in effective}) < 2:
        return "single", "named by one outlet only", []
    if len({_identity(x.place) for x in effective}) == 1:
        return "agree", "same place", []
    index = {id(x.claim): i for i, x in enumerate(located)}
    conflicts, reasons = [], []
    for i, a in enumerate(effective):
        for b in effective[i + 1:]:
            if a.claim.outlet == b.claim.outlet:
                continue
            relation = relate(a.place, b.place)
            if relation.startswith("exclusive"):
                conflicts.append(sorted([index[id(a.claim)], index[id(b.claim)]]))
                reasons.append(relation)
    if conflicts:
        a, b = located[conflicts[0][0]].claim, located[conflicts[0][1]].claim
        return "contradict", f"{a.outlet}: {a.value} vs {b.outlet}: {b.value} ({reasons[0][len('exclusive: '):]})", conflicts
    return "compatible", "places that contain each other or lie close together", []


def _identity(p: Place) -> str:
    return p.key if p.level is not None else "?" + fold(p.name)


def relate(a: Place, b: Place) -> str:
    """How two places relate: "same", "contains", "nearby", "unknown" or
    "exclusive: <why>"."""
    if _identity(a) == _identity(b):
        return "same"
    if a.level is None or b.level is None:
        return "unknown"
    if _rank(a) > _rank(b):
        a, b = b, a  # a is the finer place
    if a.country and b.country and a.country != b.country:
        return "exclusive: different countries"
    if b.level == "country":
        return "contains"
    if b.level == "state":
        if a.state and b.state and a.state != b.state:
            return "exclusive: different states"
        return "contains"
    if a.level == "city" and b.level == "city":
        km = _km(a, b)
        if km is not None:
            return "nearby" if km <= NEARBY_KM else f"exclusive: {km:.0f} km apart"
        if a.state and b.state and a.state != b.state:
            return "exclusive: different states"
        return "unknown"
    if b.level == "county":
        if a.state and b.state and a.state != b.state:
            return "exclusive: different states"
        if a.level == "county":
            return "exclusive: different counties" if a.state and a.state == b.state else "unknown"
        return "contains"  # a city in a county of its state, as far as the gazetteer tells
    return "unknown"
