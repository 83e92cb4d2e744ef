"""Shared cleaning: boilerplate lines and agency credits."""

from __future__ import annotations

import pytest

from newsprism.ingest._clean import clean_paragraphs, is_boilerplate, strip_trailing_credits


@pytest.mark.parametrize("line", [
    "Read more: Armenia files a lawsuit", "READ MORE:", "Also read: x", "Read also - x", "Related: x",
    "Related articles", "See also: x", "Subscribe to our newsletter", "Sign up for our daily briefing",
    "Advertisement", "Czytaj też: x", "Читайте также: x", "© 2024 Daily Planet. All rights reserved.",
    "Lea también: Temblor en Valparaíso", "VEA TAMBIÉN:", "LE PUEDE INTERESAR: Los sismos más fuertes",
    "NOTAS RELACIONADAS", "Publicidad", "Síguenos en Instagram", "À lire aussi - Le budget voté", "Publicité",
    "Lesen Sie auch: Streik bei der Bahn", "Anzeige", "Leggi anche: Il governo", "Leia também: Chuvas no Rio",
    "Lees ook: Kabinet valt", "Zobacz także: Sejm", "Смотрите также: Погода", "Реклама",
])
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Related matters were discussed at length.",
    "Readers were asked to send more information.",
    "He said he would read more about it later and respond.",
    "Related-party deals were examined by the auditors.",  # no separator: a sentence
    "Подробнее о причинах аварии рассказал министр.",
    # lines carrying figures are the story's: prices, phone numbers, counts
    "La línea de emergencias 133 atiende las 24 horas.", "$ 25.000", "+56 2 2345 6789", "€ 4,50",
    "Síguenos en directo: 3 muertos y 12 heridos", "Advertisement 2 of 3 people agreed",
])
def test_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(("last", "body", "credits"), [
    ("for fear of their lives. (PAP)", "for fear of their lives.", ["PAP"]),
    ("said the minister (Reuters)", "said the minister", ["Reuters"]),
    ("it ended. (PAP/AFP)", "it ended.", ["PAP/AFP"]),
    ("they said. (BWS)", "they said.", ["BWS"]),
    ("it ended. (XYZ)", "it ended.", ["XYZ"]),
    ("a member of the alliance (NATO)", "a member of the alliance (NATO)", []),
    ("he said (see above)", "he said (see above)", []),
])
def test_trailing_credits(last: str, body: str, credits: list[str]) -> None:
    assert strip_trailing_credits(["First.", last]) == (["First.", body], credits)


def test_clean_paragraphs_drops_separators_and_collapses_space() -> None:
    paragraphs, credits, warnings = clean_paragraphs(["  One\u00a0 two  ", "***", "Soft\u00adhyphen"])
    assert paragraphs == ["One two", "Softhyphen"]
    assert credits == [] and warnings == []
