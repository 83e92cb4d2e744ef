"""Named entities: spaCy for English, a model-free fallback for other languages.

Corrections on top of the model, each with a reason:
- outlets known to the store (and outlets named in citation cues) are labelled OUTLET,
  because the small English model tags "Politico" as a PERSON or ORG;
- one name keeps one type within a document (majority vote), because the model tags
  the same region GPE in one sentence and ORG in the next.
For languages without a model, capitalised spans become candidates; names already known
from other articles (transliterated: newsprism.transliterate) lend them their type.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from newsprism.analyse._sentences import sentence_index
from newsprism.transliterate import transliterate
from newsprism.records import EntityMention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXTRACTOR_FALLBACK = "newsprism.entities-fallback/1"
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OUTLET", "NAME", "PRODUCT", "WORK_OF_ART", "LAW"}
_TITLES = re.compile(
    r"^(?:(?:the|a|an|president|prime minister|minister|secretary of state|secretary|mr|mrs|ms|dr|"
    r"prof|gen|general|sen|senator|rep|gov|governor|mayor|king|queen|pope|sheikh|sir|"
    r"señor|señora|sr|sra|don|doña|presidente|ministro|ministra|alcalde|alcaldesa|il|la|el|los|las|de heer|"
    r"mevrouw|herr|frau)\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# "Politico Portal", "Harbor Times newspaper": what a source is, not its name.
OUTLET_SUFFIXES = ("portal", "newspaper", "daily", "agency", "news agency", "tv", "radio",
                   "magazine", "website", "weekly", "broadcaster", "channel", "news site")
_OUTLET_SUFFIX = re.compile(r"\s+(?:" + "|".join(OUTLET_SUFFIXES) + r")$", re.I)

# Capitalised words that start sentences or headlines without being names.
_FUNCTION_WORDS = {
    "the", "a", "an", "in", "on", "at", "for", "and", "but", "or", "of", "to", "el", "la", "los",
    "las", "un", "una", "en", "de", "del", "y", "que", "por", "para", "con", "il", "lo", "gli",
    "le", "i", "di", "da", "e", "che", "per", "het", "een", "van", "en", "op", "met", "dat", "die",
    "der", "das", "und", "le", "les", "des", "du", "et", "au", "aux", "this", "that", "these",
    "those", "it", "he", "she", "they", "we", "his", "her", "their", "según", "tras", "este",
    "esta", "según", "pero", "como", "también", "ayer", "hoy", "lunes", "martes", "miércoles",
    "jueves", "viernes", "sábado", "domingo", "enero", "febrero", "marzo", "abril", "mayo",
    "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
}
_CONNECTORS = {"de", "del", "la", "van", "der", "den", "von", "da", "di", "y", "al", "bin", "ibn", "le"}
_CAP_WORD = r"[^\W\d_][\w'’.-]*"


@functools.lru_cache(maxsize=65536)
def entity_key(text: str) -> str:
    """A form of a name comparable across spellings, scripts, titles and possessives.

    >>> entity_key("President Putin's"), entity_key("Игорь Ховаев"), entity_key("the EU")
    ('putin', 'igor khovaev', 'eu')
    >>> entity_key("Politico Portal"), entity_key("a Western diplomat"), entity_key("Łódź TV")
    ('politico', 'western diplomat', 'lodz')
    """
    t = unicodedata.normalize("NFKC", text).strip()
    t = _POSSESSIVE.sub("", t)
    t = _TITLES.sub("", t)
    t = _OUTLET_SUFFIX.sub("", t)
    t = transliterate(t).casefold()
    t = re.sub(r"[^\w\s-]", "", t)
    return re.sub(r"\s+", " ", t).strip()


def spacy_entities(doc: "Doc", sentences: list[Sentence], extractor: str) -> list[EntityMention]:
    """Named-entity mentions from an English spaCy Doc (DATE/CARDINAL etc. included)."""
    out = []
    for ent in doc.ents:
        text = ent.text
        start, end = ent.start_char, ent.end_char
        # The model often includes a leading "the" and a trailing possessive in names.
        if ent.label_ in NAME_LABELS:
            stripped = _POSSESSIVE.sub("", text)
            end -= len(text) - len(stripped)
            text = stripped
        out.append(EntityMention(start=start, end=end, text=text, label=ent.label_,
                                 sentence=sentence_index(sentences, start),
                                 key=entity_key(text), extractor=extractor))
    return out


def language_entities(text: str, language: str | None, sentences: list[Sentence],
                      known_names: Mapping[str, str] | None = None) -> list[EntityMention]:
    """Entity mentions of a non-English text: the language's packaged model where there is
    one (French, Russian; see :mod:`newsprism.analyse.models`), and the model-free
    candidates wherever the model found nothing."""
    from newsprism.analyse.models import entity_model, place_label

    fallback = fallback_entities(text, sentences, known_names, language=language)
    model = entity_model(language)
    if model is None:
        return fallback
    tag, extractor = model
    mentions = []
    for start, end, label in tag(text):
        surface = _POSSESSIVE.sub("", text[start:end]).strip()
        if not surface:
            continue
        if label == "LOC":
            label = place_label(surface, language) or "LOC"
        mentions.append(EntityMention(start=start, end=start + len(surface), text=surface, label=label,
                                      sentence=sentence_index(sentences, start), key=entity_key(surface),
                                      extractor=extractor))
    mentions += [f for f in fallback if not any(m.start < f.end and f.start < m.end for m in mentions)]
    mentions.sort(key=lambda m: m.start)
    return mentions


def fallback_entities(text: str, sentences: list[Sentence],
                      known_names: Mapping[str, str] | None = None, *,
                      language: str | None = None) -> list[EntityMention]:
    """Capitalised-span candidates for languages without a model.

    A sequence of capitalised words (allowing connectors such as "de", "van") is a
    candidate; a single sentence-initial word counts only when it is a name already known
    from other articles. Types come from ``known_names`` (key -> label), then the places
    every language shares (countries, large cities: GPE), else "NAME".
    """
    from newsprism.analyse.models import place_label

    known = known_names or {}
    sentence_starts = {s.start for s in sentences}
    out = []
    by_place: set[int] = set()  # indexes of mentions typed GPE by the gazetteer
    pattern = re.compile(rf"(?<![\w])({_CAP_WORD}(?:\s+(?:(?:{'|'.join(_CONNECTORS)})\s+)?{_CAP_WORD})*)")
    for m in pattern.finditer(text):
        for words in _capitalised_runs(m.group(1).split()):
            # trim leading function words and trailing connectors
            while words and (words[0].lower() in _FUNCTION_WORDS or not words[0][0].isupper()):
                words = words[1:]
            while words and (words[-1].lower() in _CONNECTORS or not words[-1][0].isupper()):
                words = words[:-1]
            if not words:
                continue
            if len(words[-1]) > 3 and words[-1].endswith("."):
                words[-1] = words[-1].rstrip(".")  # a full stop, not an abbreviation's
            phrase = " ".join(words)
            start = text.find(phrase, m.start())
            if start < 0:
                continue
            # A capitalised word that begins a sentence is a name only if it is known or multi-word.
            at_sentence_start = start in sentence_starts or re.search(r"(^|[.!?:\n]\s*|[\"“«]\s*)$", text[max(0, start - 3):start]) is not None
            if at_sentence_start and len(words) >= 3 and words[1].lower() in _CONNECTORS \
                    and entity_key(words[0]) not in known:
                # "Comerciantes de Puerto Almagro piden ...": a capitalised first word, then the name
                start = text.find(" ".join(words[2:]), start)
                words = words[2:]
                phrase = " ".join(words)
            end = start + len(phrase)
            key = entity_key(phrase)
            if len(words) == 1 and (at_sentence_start or len(phrase) < 3) and key not in known:
                continue
            if phrase.isupper() and len(phrase) > 6:  # shouting headline words, not names
                continue
            label = known.get(key) or known.get(key.split()[-1] if key else key)
            if label is None:
                label = place_label(phrase, language) or "NAME"
                if label == "GPE":
                    by_place.add(len(out))
            out.append(EntityMention(start=start, end=end, text=phrase, label=label,
                                     sentence=sentence_index(sentences, start), key=key,
                                     extractor=EXTRACTOR_FALLBACK))
    # "Marta Ocaña ... Ocaña ofreció": a word of a longer name in the same text is that
    # name's, not the town the gazetteer knows by it
    name_words = {word for m in out if m.label != "GPE" and " " in m.key for word in m.key.split()}
    for i in by_place:
        if out[i].key in name_words:
            out[i].label = "NAME"
    return out


def _capitalised_runs(words: list[str]) -> list[list[str]]:
    """Runs of capitalised words, joined only by name connectors ("Rodrigo Salcedo de la
    Vega"): "Villa Corma nadie habla" is the name "Villa Corma" and no more."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word[:1].isupper() or (word.lower() in _CONNECTORS and runs[-1]):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def label_outlets(entities: list[EntityMention], outlet_keys: Iterable[str]) -> None:
    """Relabel mentions of known outlets as OUTLET (in place)."""
    keys = {k for k in outlet_keys if k}
    if not keys:
        return
    for e in entities:
        if e.label in NAME_LABELS and any(prefix in keys for prefix in _word_prefixes(e.key)):
            e.label = "OUTLET"


def _word_prefixes(key: str) -> Iterator[str]:
    """``key`` and its leading runs of whole words ("cnn en espanol", "cnn en", "cnn"):
    a look-up per word, whatever the number of outlets known."""
    yield key
    end = key.rfind(" ")
    while end > 0:
        yield key[:end]
        end = key.rfind(" ", 0, end)


# "the Nagorno-Karabakh region", "Lesnaya province": the word after a name says it is a place.
_PLACE_NOUN_AFTER = re.compile(r"^['’]?s?\s+(?:region|province|territory|enclave|district|county|oblast|"
                               r"state|republic|area|valley|peninsula|island|islands|coast|region's)\b", re.I)


def harmonise_labels(entities: list[EntityMention], text: str = "") -> None:
    """One name, one type within a document: the majority label wins (ties keep GPE/LOC
    over ORG, since the model over-tags places as organisations). A name the text itself
    calls a region or province ("the Nagorno-Karabakh region") is a place throughout."""
    votes: dict[str, Counter] = defaultdict(Counter)
    called_places = {name for name in {e.text for e in entities if e.label == "ORG"} if any(
        _PLACE_NOUN_AFTER.match(text[m.end():m.end() + 25]) for m in re.finditer(re.escape(name), text))}
    places = {e.key for e in entities if e.label == "ORG" and e.text in called_places}
    for e in entities:
        if e.key in places and e.label == "ORG":
            e.label = "GPE"
    for e in entities:
        if e.label in NAME_LABELS and e.label not in {"OUTLET", "NAME"}:
            votes[e.key][e.label] += 1
    preference = {"PERSON": 3, "GPE": 2, "LOC": 2, "ORG": 1}
    for e in entities:
        v = votes.get(e.key)
        if not v or e.label in {"OUTLET"}:
            continue
        best = max(v.items(), key=lambda kv: (kv[1], preference.get(kv[0], 0)))[0]
        e.label = best
