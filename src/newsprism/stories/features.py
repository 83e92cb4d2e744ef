"""What the story clusterer sees of an article: raw counts per feature family and a
multilingual sentence vector.

Counts are kept raw here; the clusterer turns them into TF-IDF vectors with document
frequencies it learns online (Miranda et al. 2018, "Multilingual Clustering of Streaming
News"). Keeping the two apart lets the same features be re-weighted when a stream is
replayed or the clusterer is rebuilt.

Feature families:

* ``terms``: the analysis' content-word lemmas (tokens minus stopwords for languages
  without a model). Only comparable within one language.
* ``entities``: named-entity keys (transliterated, casefolded), so "Zürich" and "Zurich"
  or a Cyrillic spelling compare across languages. Dates, numbers and outlet names are
  left out: they say when and who reported, not what happened.
* ``headline``: headline tokens, casefolded, minus the language's stopwords.
* ``embedding``: a USE-multilingual-v3 vector of the headline and the first sentences,
  which is what lets a translation find its original.

And the evidence that tells one event from a look-alike, or joins a follow-up weeks
later: the people it names in full (``names``), the place its lead gives the event
(``city``), street addresses (``streets``), the day its lead dates the event
(``event_day``) and every day it names (``days``), and the toll its lead states (``toll``).
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.records import Analysis, Article

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# Headline plus this many body sentences make the text that is embedded: the lead of a
# news article says what happened; later sentences drift into background.
EMBEDDING_LEAD_SENTENCES = 3
EMBEDDING_MAX_CHARS = 600

# Entity labels that do not identify what a story is about.
NON_TOPICAL_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "OUTLET"})

# Weight of each word of a multi-word entity key, as a count (the full key counts 1).
ENTITY_PART_WEIGHT = 0.5

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


@dataclass
class ArticleFeatures:
    """One article as the clusterer compares it (raw counts; weights come later)."""

    article_id: str
    language: str | None
    published: datetime | None
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    headline: Counter[str] = field(default_factory=Counter)
    embedding: "np.ndarray | None" = None
    names: frozenset[str] = frozenset()  # keys of people named in full in the body
    city: str | None = None  # place key of the event's city or county, from the lead
    streets: frozenset[str] = frozenset()
    event_day: str | None = None  # ISO day the lead dates the event
    days: frozenset[str] = frozenset()  # every firm day the article names
    toll: dict[str, float] = field(default_factory=dict)  # dead / injured / shot stated in the lead


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """spaCy's stopword list for ``language`` (no model needed), empty when it has none.

    The list's own file is read without importing spaCy (a second and more of start-up):
    the story step runs in the main process, which the analysis workers spare from
    loading spaCy at all."""
    if not language or not re.fullmatch(r"[a-z]{2,3}", language):
        return frozenset()
    module = sys.modules.get(f"spacy.lang.{language}.stop_words")
    if module is None:
        import importlib.util

        spec = importlib.util.find_spec("spacy")  # a top-level package is found, not imported
        paths = [Path(f) / "lang" / language / "stop_words.py" for f in (spec.submodule_search_locations or [])] \
            if spec else []
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            return frozenset()
        module = importlib.util.module_from_spec(
            importlib.util.spec_from_file_location(f"_newsprism_stop_words_{language}", path))  # type: ignore[arg-type]
        try:
            module.__spec__.loader.exec_module(module)  # type: ignore[union-attr]
        except Exception:  # a list that needs spaCy itself: import it the usual way
            try:
                module = importlib.import_module(f"spacy.lang.{language}.stop_words")
            except ImportError:
                return frozenset()
    return frozenset(w.casefold() for w in getattr(module, "STOP_WORDS", ()))


def headline_tokens(headline: str, language: str | None) -> Counter[str]:
    """Casefolded headline words minus stopwords, single letters and bare numbers."""
    stop = stopwords(language)
    words = (w.casefold() for w in _WORD.findall(headline or ""))
    return Counter(w for w in words if len(w) > 1 and not w.isdigit() and w not in stop)


def embedding_text(article: Article, analysis: Analysis | None = None) -> str:
    """The headline and the first body sentences: what the sentence encoder reads."""
    full = article.full_text
    lead: list[str] = []
    if analysis is not None and analysis.sentences:
        body_start = 1 if article.headline else 0
        for sentence in analysis.sentences:
            if sentence.paragraph < body_start:
                continue
            lead.append(full[sentence.start:sentence.end].strip())
            if len(lead) >= EMBEDDING_LEAD_SENTENCES:
                break
    else:
        lead = [p.strip() for p in article.paragraphs[:EMBEDDING_LEAD_SENTENCES]]
    text = " ".join(part for part in [article.headline.strip(), *lead] if part)
    return text[:EMBEDDING_MAX_CHARS]


def embed_texts(texts: Sequence[str], threads: int | None = None) -> "np.ndarray":
    """L2-normalised (N, 512) float32 sentence vectors (multilingual USE v3); ``threads``
    for bulk encoding when nothing else runs (see newsprism.embeddings)."""
    from newsprism.embeddings import THREADS, encode

    return encode(texts, threads=threads or THREADS)


def _as_naive_utc(moment: datetime | None) -> datetime | None:
    # Stories compare dates from many outlets: keep one clock (naive UTC).
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def extract_features(article: Article, analysis: Analysis,
                     embedding: "np.ndarray | None" = None) -> ArticleFeatures:
    """The clusterer's view of one analysed article (no embedding unless given)."""
    language = analysis.language or article.language
    terms = Counter(lemma.casefold() for lemma in analysis.lemmas if lemma and lemma.strip())
    entities: Counter[str] = Counter()
    for mention in analysis.entities:
        if not mention.key or mention.label in NON_TOPICAL_ENTITY_LABELS:
            continue
        entities[mention.key] += 1
        parts = mention.key.split()
        if ENTITY_PART_WEIGHT:
            # "Reid" later in an article (or in another one) is "Tara Reid": let the
            # parts of a name meet, below the full name.
            for part in parts:
                if len(part) > 2:
                    entities["~" + part] += ENTITY_PART_WEIGHT
    return ArticleFeatures(
        article_id=article.id,
        language=language,
        published=_as_naive_utc(article.published),
        terms=terms,
        entities=entities,
        headline=headline_tokens(article.headline, language),
        embedding=embedding,
        **event_evidence(article, analysis),
    )


# The lead the event evidence is read from: the headline and this many body sentences.
EVIDENCE_LEAD_SENTENCES = 3
_PLACE_ROLES = {"locative", "dateline"}
_TOLL_CLASSES = {"dead", "injured", "shot"}


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def person_key(key: str) -> str | None:
    """A full name as given and family name: "Jonathan Lamar Burks", "Jonathan L. Burks"
    and "Jonathan Burks Jr." are one person to compare on ("jonathan burks"); a single
    name is not enough to tell one event's people from another's (None)."""
    tokens = [t for t in key.replace(".", " ").split() if len(t) > 1 and t not in _NAME_SUFFIXES]
    return f"{tokens[0]} {tokens[-1]}" if len(tokens) >= 2 else None


def event_evidence(article: Article, analysis: Analysis) -> dict[str, Any]:
    """What names one event rather than its kind: people named in full (in the body: a
    title-case headline makes names of words), the lead's city, street addresses, the
    lead's event day, every firm day named, and the toll the lead states."""
    from newsprism.analyse.events import SPEECH_EVENTS, base_event
    from newsprism.analyse.places import street_key

    headline_end = len(article.headline) if article.headline else 0
    body = [s for s in analysis.sentences if s.start > headline_end]
    lead_end = body[min(EVIDENCE_LEAD_SENTENCES, len(body)) - 1].end if body else len(article.full_text)
    names = frozenset(k for k in (person_key(e.key) for e in analysis.entities
                                  if e.label == "PERSON" and e.key and e.start > headline_end) if k)
    places = [p for p in analysis.places if p.level in {"city", "county"} and p.role in _PLACE_ROLES]
    lead_places = [p for p in places if p.start < lead_end]
    mentioned = Counter(p.key for p in analysis.places if p.level in {"city", "county"})
    city = ((lead_places or places)[0].key if (lead_places or places)
            else mentioned.most_common(1)[0][0] if mentioned else None)
    # keyed from the name, not p.key: analyses stored before street_key keep older keys
    streets = frozenset(street_key(p.name) for p in analysis.places if p.role == "address")
    event_day = None
    for t in analysis.times:
        if t.start >= lead_end:
            break
        if t.kind in {"date", "time"} and t.value and t.granularity in {"day", "time"}:
            if t.event and base_event(t.event) in SPEECH_EVENTS:
                continue
            if t.anchor == "publication" and t.kind == "time":
                continue  # a clock time placed on the publication day says nothing
            event_day = t.value[:10]
            break
    days = frozenset(t.value[:10] for t in analysis.times
                     if t.kind in {"date", "time", "relative"} and t.value and t.granularity in {"day", "time"}
                     and not (t.anchor == "publication" and t.kind == "time"))
    toll: dict[str, float] = {}
    for q in analysis.quantities:
        if q.category in _TOLL_CLASSES and q.start < lead_end and q.basis is None and q.value == q.value and q.value > 0:
            toll[q.category] = max(toll.get(q.category, 0.0), q.value)
    return {"names": names, "city": city, "streets": streets, "event_day": event_day, "days": days, "toll": toll}


def extract_many(pairs: Sequence[tuple[Article, Analysis]], *,
                 use_embeddings: bool = True, batch_size: int = 64,
                 threads: int | None = None) -> list[ArticleFeatures]:
    """Features for many articles, encoding their leads in batches (much faster than one by one)."""
    features = [extract_features(a, an) for a, an in pairs]
    if use_embeddings and pairs:
        texts = [embedding_text(a, an) for a, an in pairs]
        for start in range(0, len(texts), batch_size):
            vectors = embed_texts(texts[start:start + batch_size], threads=threads)
            for offset, vector in enumerate(vectors):
                features[start + offset].embedding = vector
    return features
