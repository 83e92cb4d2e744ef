"""The event's place per outlet: hierarchy, nearby places, exclusive places."""

from __future__ import annotations

from newsprism.compare.places import relate
from newsprism.records import Place


def _city(name, state, lat, lon, country="US", population=10000):
    return Place(start=0, end=0, text=name, sentence=0, extractor="t", role="locative", name=name, level="city",
                 city=name, state=state, country=country, lat=lat, lon=lon, population=population,
                 key=f"{country}/{state}/{name.lower()}")


def _region(name, level, state=None, country="US"):
    return Place(start=0, end=0, text=name, sentence=0, extractor="t", role="locative", name=name, level=level,
                 state=state, country=country, key=f"{country}/{state or ''}/{name.lower()}")


PITTSBURGH = _city("Pittsburgh", "PA", 40.44, -79.99, population=300000)
MOUNT_OLIVER = _city("Mount Oliver", "PA", 40.41, -79.99, population=3400)
PHILADELPHIA = _city("Philadelphia", "PA", 39.95, -75.16, population=1500000)
ORANGE_COUNTY = _region("Orange County", "county", "CA")
CALIFORNIA = _region("California", "state", "CA")
OREGON = _region("Oregon", "state", "OR")
UNKNOWN = Place(start=0, end=0, text="Lindholm", sentence=0, extractor="t", role="locative", name="Lindholm")


def test_containment_is_compatible():
    assert relate(ORANGE_COUNTY, CALIFORNIA) == "contains"
    assert relate(PITTSBURGH, _region("Pennsylvania", "state", "PA")) == "contains"


def test_a_suburb_and_its_city_are_nearby_not_exclusive():
    assert relate(MOUNT_OLIVER, PITTSBURGH) == "nearby"


def test_only_places_that_exclude_each_other_contradict():
    assert relate(PITTSBURGH, PHILADELPHIA).startswith("exclusive")
    assert relate(CALIFORNIA, OREGON).startswith("exclusive")
    assert relate(ORANGE_COUNTY, OREGON).startswith("exclusive")


def test_an_unknown_place_is_never_grounds_for_a_contradiction():
    assert relate(UNKNOWN, PITTSBURGH) == "unknown"


def _located(outlet, place):
    from newsprism.compare.places import _Located, describe
    from newsprism.records import Claim

    claim = Claim(article_id=outlet, outlet=outlet, published=None, text=place.name, value=describe(place), start=0,
                  end=0, sentence="", sentence_start=0, sentence_end=0)
    return _Located(claim, place)


def test_the_summary_is_the_finest_place_the_others_contain():
    from newsprism.compare.places import finest_agreed

    allegheny = _region("Allegheny County", "county", "PA")
    # two outlets name the county, one the town in it: the town is what all three allow
    located = [_located("a", allegheny), _located("b", allegheny), _located("c", MOUNT_OLIVER)]
    assert finest_agreed(located) == ("Mount Oliver, Pennsylvania", 3)
    # the majority's own place needs no summary of its own
    assert finest_agreed([_located("a", PITTSBURGH), _located("b", PITTSBURGH), _located("c", allegheny)]) == (None, 0)
    # a town the county does not contain (another state) gets no support from it
    assert finest_agreed([_located("a", ORANGE_COUNTY), _located("b", ORANGE_COUNTY),
                          _located("c", MOUNT_OLIVER)]) == (None, 0)
    # one outlet naming both counts once (its first claim)
    assert finest_agreed([_located("a", allegheny), _located("a", MOUNT_OLIVER)]) == (None, 0)
