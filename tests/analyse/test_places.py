"""Places from datelines, locatives and addresses, resolved with the gazetteer."""

from __future__ import annotations

import pytest

from newsprism.analyse.gazetteer import countries, fold, gazetteer
from newsprism.analyse.places import extract_places, street_key
from newsprism.records import Sentence


def _places(headline: str, body: str):
    text = f"{headline}\n\n{body}" if headline else body
    return extract_places(text, headline=headline, entities=[], sentences=[Sentence(0, len(text), 0)])


def _by_role(places, role):
    return [(p.name, p.level, p.state, p.country) for p in places if p.role == role]


def test_gazetteer_folds_abbreviations_and_accents():
    assert fold("Mt. Oliver") == fold("Mount Oliver")
    assert gazetteer().cities("Mt. Oliver")[0].region == "PA"
    assert gazetteer().state("Calif.").region == "CA" and gazetteer().state("N.C.").region == "NC"
    assert gazetteer().country("Turkey").country == "TR"


def test_dateline_with_ap_state_is_resolved_in_that_state():
    places = _places("Boy dead in accidental shooting", "MERLIN, Ore. (AP) - Authorities say a boy died.")
    assert _by_role(places, "dateline") == [("Merlin", "city", "OR", "US")]


def test_capital_dateline_and_county_dateline():
    places = _places("Teen charged", "WAGONER COUNTY, OK- Two men are facing charges.")
    assert _by_role(places, "dateline") == [("Wagoner County", "county", "OK", "US")]
    places = _places("Party shooting", "HAWTHORNE — A man was killed at a party in Hawthorne, Calif.")
    assert ("Hawthorne", "city", "CA", "US") in _by_role(places, "dateline")


def test_locative_stops_at_the_place_and_reads_title_case_headlines():
    # a title-case headline makes names of common words ("Inside Car"): its places must
    # also be named in the body
    places = _places("Man Killed, 3 Wounded At NYE Party In Hawthorne",
                     "A girl was shot and killed in Camden Saturday night. The Hawthorne party went on.")
    names = [(p.name, p.level) for p in places if p.role == "locative"]
    assert ("Camden", "city") in names and ("Hawthorne", "city") in names
    assert not any(n.startswith("Camden Saturday") or n == "Nyeri" for n, _ in names)


def test_street_address_is_the_street_level():
    places = _places("", "Shots rang out in the 13500 block of Cerise Avenue. It happened at 3500 Fannin St. in Houston.")
    assert [p.name for p in places if p.role == "address"] == ["13500 block of Cerise Avenue", "3500 Fannin St."]
    assert all(p.level == "street" for p in places if p.role == "address")


def test_state_context_chooses_among_cities_of_one_name():
    # "Manhattan" is also a city in Kansas: in a text set in New York it is New York's
    places = _places("", "Police in New York said a man was shot in Manhattan on Friday.")
    [manhattan] = [p for p in places if p.name == "Manhattan"]
    assert manhattan.state == "NY"


def test_a_name_the_context_excludes_stays_unresolved():
    # an Illinois story: "Austin" is a Chicago neighbourhood, not the Texas city
    places = _places("", "A teen was shot in Austin on the West Side, Chicago, Illinois police said.")
    austin = [p for p in places if p.text == "Austin"]
    assert not austin or austin[0].level is None or austin[0].state == "IL"


def test_small_town_without_context_is_not_resolved():
    # a text that names no state or country: a village of that name somewhere is too weak
    places = _places("", "The festival in San Blas drew crowds.")
    assert all(p.level is None or (p.country and p.state) for p in places)
    assert not any(p.country == "MX" for p in places)


def test_street_keys_read_one_block_in_any_spelling():
    places = _places("", "Shots were fired in the 700 block of North Kenwood Avenue. Police found a car at "
                         "767 N. Kenwood Ave. and another at 1611 E Lake St.")
    keys = [p.key for p in places if p.role == "address"]
    assert keys == ["street:700 n kenwood ave", "street:700 n kenwood ave", "street:1600 e lake st"]
    # "St" after a street name is the street, not a saint
    assert street_key("3500 Fannin St.") == "street:3500 fannin st" != street_key("3500 Fannin Road")


def test_countries_are_known_by_their_names_in_the_languages_that_use_them():
    known = countries()
    assert known.iso("Allemagne", "fr") == known.iso("Niemcy", "pl") == known.iso("Германия", "ru") == "DE"
    assert known.iso("Stany Zjednoczone", "pl") == known.iso("United States") == "US"
    assert known.iso("Burma") == known.iso("Myanmar") == "MM"  # CLDR's "Myanmar (Burma)"
    assert known.iso("Unia Europejska", "pl") == "EU" and known.english("EU") == "European Union"
    assert known.iso("Allemagne") is None and known.iso("Allemagne", "en") is None  # French only
    assert known.iso("Columbia", "en") is None and known.iso("Colombia") == "CO"
    assert known.english("TR") == "Turkey" and known.iso("Türkiye") == "TR"


def test_a_country_name_from_another_language_never_hides_a_place_of_that_name():
    g = gazetteer()
    assert g.country("Pologne").country == "PL" and g.country("Turquía").name == "Turkey"
    # "Columbia" and "Norfolk" name countries in some language; here they stay cities
    assert g.country("Columbia") is None and g.cities("Columbia")[0].country == "US"
    assert g.country("Norfolk") is None
