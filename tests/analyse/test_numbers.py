"""Numbers: values, qualifiers, counted things (spaCy path and model-free path)."""

import pytest

from newsprism.analyse import split_sentences
from newsprism.analyse._nlp import load_pipeline
from newsprism.analyse.numbers import extract_quantities, parse_number, quantity_bounds


@pytest.mark.parametrize("text,value", [
    ("100 thousand", 100000), ("100,000", 100000), ("12.4 million", 12_400_000), ("two", 2),
    ("1.5 million", 1_500_000), ("100.000", 100000), ("15", 15), ("a dozen", 12),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def _quantities(text):
    nlp = load_pipeline("en")
    doc = nlp(text)
    from newsprism.analyse import _spacy_sentences
    return extract_quantities(text, doc=doc, sentences=_spacy_sentences(doc))


def test_rounded_thousands_are_people():
    qs = _quantities("Food deliveries for about 100 thousand ethnic Armenians living in the region stopped.")
    q = next(q for q in qs if q.value == 100000)
    assert q.qualifier == "about"
    assert q.category == "people"
    assert "about" in q.text


def test_over_with_digits_and_residents():
    qs = _quantities("Over 100,000 Nagorno-Karabakh residents have moved to Armenia since September 24.")
    q = next(q for q in qs if q.value == 100000)
    assert q.qualifier == "over"
    assert q.category == "people"


def test_vague_hundreds_killed_is_casualties():
    qs = _quantities("Leaders surrendered after 24 hours of fighting, in which hundreds of people on both sides were killed.")
    q = next(q for q in qs if q.qualifier == "vague")
    assert (q.low, q.high) == (200, 999)
    assert q.category == "dead"


def test_exact_death_toll_and_injured():
    qs = _quantities("At least 12 people were killed. Officials said 40 people were injured in the blast.")
    dead = next(q for q in qs if q.value == 12)
    hurt = next(q for q in qs if q.value == 40)
    assert dead.qualifier == "at_least" and dead.category == "dead"
    assert hurt.category == "injured"


def test_dates_are_not_quantities_when_excluded():
    text = "The meeting took place on September 17 with 3 envoys."
    start = text.index("September 17")
    nlp = load_pipeline("en")
    doc = nlp(text)
    from newsprism.analyse import _spacy_sentences
    qs = extract_quantities(text, doc=doc, sentences=_spacy_sentences(doc), exclude=[(start, start + 12)])
    assert [q.value for q in qs] == [3]


def test_model_free_spanish_numbers():
    text = "Más de 12.000 vecinos fueron evacuados y 15 personas murieron."
    qs = extract_quantities(text, doc=None, sentences=split_sentences(text))
    values = {q.value: q for q in qs}
    assert values[12000].qualifier == "over"
    assert values[15].category == "dead"


def test_bounds_of_qualifiers():
    qs = _quantities("About 100 thousand people fled, and over 200 people were killed.")
    about = next(q for q in qs if q.value == 100000)
    over = next(q for q in qs if q.value == 200)
    lo, hi = quantity_bounds(about)
    assert lo < 100000 < hi
    assert quantity_bounds(over) == (200, float("inf"))
