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


@pytest.mark.parametrize("text,language,value", [
    ("1.234,5", None, 1234.5), ("1,234.5", None, 1234.5), ("12,4", None, 12.4), ("1 234 567", None, 1234567),
    ("1\u202f234", None, 1234), ("2,5 millones", "es", 2_500_000),
    ("cuatrocientos cincuenta", "es", 450), ("doce mil", "es", 12000), ("once", "es", 11),
    ("quatre cent cinquante", "fr", 450), ("vingt-deux", "fr", 22), ("vierhundertfünfzig", "de", 450),
    ("quattrocentocinquanta", "it", 450), ("quatrocentos e cinquenta", "pt", 450), ("vierhonderdvijftig", "nl", 450),
])
def test_parse_number_in_our_languages(text, language, value):
    assert parse_number(text, language) == value


def test_once_is_eleven_only_in_spanish():
    assert parse_number("once") is None and parse_number("once", "es") == 11


@pytest.mark.parametrize("language,text,expected", [
    ("es", "El balance es de quince muertos, cuatrocientos cincuenta heridos y más de doce mil evacuados.",
     {15: "dead", 450: "injured", 12000: None}),
    ("fr", "Le bilan fait état de vingt-deux morts et de quatre cent cinquante blessés.", {22: "dead", 450: "injured"}),
    ("de", "Nach Angaben der Polizei gab es zwei Tote und vierhundertfünfzig Verletzte.", {2: "dead", 450: "injured"}),
    ("it", "Il bilancio è di tre morti e quindici feriti.", {3: "dead", 15: "injured"}),
])
def test_number_words_in_other_languages_are_counted(language, text, expected):
    qs = extract_quantities(text, doc=None, sentences=split_sentences(text), language=language)
    got = {q.value: q.category for q in qs}
    for value, category in expected.items():
        assert value in got, (value, got)
        if category:
            assert got[value] == category, (value, got)
    for q in qs:  # offsets point at the words
        assert parse_number(text[q.start:q.end], language) == q.value or q.qualifier != "exact"


def test_articles_are_not_read_as_the_number_one():
    text = "Un hombre dijo que una casa cayó."
    assert extract_quantities(text, doc=None, sentences=split_sentences(text), language="es") == []


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
