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
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

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


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """spaCy's stopword list for ``language`` (no model needed), empty when it has none."""
    if not language or not re.fullmatch(r"[a-z]{2,3}", language):
        return frozenset()
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
    )


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
