"""One person, organisation or place across the whole store: the stories and outlets it
appears in, every spelling of it, and what it is quoted saying.

A name matches a mention when every word of the name reads alike (the phonetic skeleton
entity resolution uses, so Zhurakovsky = Zhurakovskiy = Schurakowski) some word of the
mention: "Zhurakovsky" finds "Dmitri Zhurakovskiy", "Mr. Zhurakovsky" and "Журавский"
transliterated. Candidates come from the full-text index (names in any spelling), so the
cost follows the articles that mention the name, not the size of the store.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from newsprism.compare.entities import reads_alike, word_skeleton
from newsprism.store import Store

# The full-text matches looked at for one name, best first.
MAX_ARTICLES = 1000
NAME_LABELS = ("PERSON", "ORG", "OUTLET", "GPE", "LOC", "FAC", "NORP", "NAME")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class EntityReport:
    name: str
    articles: int = 0  # articles with at least one matching mention
    mentions: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    spellings: list[dict[str, Any]] = field(default_factory=list)  # text, mentions, outlets
    stories: list[dict[str, Any]] = field(default_factory=list)  # id, headline, articles
    outlets: list[dict[str, Any]] = field(default_factory=list)  # outlet, articles
    quotes: list[dict[str, Any]] = field(default_factory=list)  # article_id, outlet, published, speaker, text, kind


def _skeletons(text: str) -> list[str]:
    return [word_skeleton(w) for w in _WORD.findall(text) if len(w) > 1]


def matches(name: str, mention: str) -> bool:
    """Whether every word of ``name`` reads alike some word of ``mention``.

    >>> matches("Zhurakovsky", "Dmitri Zhurakovskiy"), matches("Zhurakovsky", "Zhukov")
    (True, False)
    """
    wanted, present = _skeletons(name), _skeletons(mention)
    return bool(wanted) and all(any(reads_alike(w, p) for p in present) for w in wanted)


def _speaker_is(name: str, quote: Any) -> bool:
    """The quote's speaker is this entity: its linked name, or a short speaker phrase ("the
    leader of Ostravia's opposition" is not Ostravia speaking)."""
    if quote.speaker is None:
        return False
    if quote.speaker_entity:
        return matches(name, quote.speaker_entity)
    return len(quote.speaker.text.split()) <= 4 and matches(name, quote.speaker.text)


def find_entity(store: Store, name: str, *, max_articles: int = MAX_ARTICLES) -> EntityReport:
    """Everything the store says about the entity called ``name`` (any spelling)."""
    report = EntityReport(name=" ".join(name.split()))
    if not _skeletons(name):
        return report
    hits = [a for a, _ in store.search(name, limit=max_articles)]
    analyses = store.get_analyses([a.id for a in hits])
    story_of = store.stories_of(a.id for a in hits)
    spellings: dict[str, Counter] = defaultdict(Counter)
    labels: Counter = Counter()
    stories: Counter = Counter()
    outlets: Counter = Counter()
    for article in hits:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        found = [e for e in analysis.entities if e.label in NAME_LABELS and matches(name, e.text)]
        said = [q for q in analysis.quotes if _speaker_is(name, q)]
        if not found and not said:
            continue
        report.articles += 1
        outlet = article.source or "unknown outlet"
        outlets[outlet] += 1
        if article.id in story_of:
            stories[story_of[article.id]] += 1
        for e in found:
            report.mentions += 1
            labels[e.label] += 1
            spellings[" ".join(e.text.split())][outlet] += 1
        for q in said:
            report.quotes.append({"article_id": article.id, "outlet": outlet, "published": article.published,
                                  "speaker": q.speaker.text, "text": q.content.text, "kind": q.kind})
    report.labels = dict(labels.most_common())
    report.spellings = [{"text": text, "mentions": sum(by.values()), "outlets": sorted(by)}
                        for text, by in sorted(spellings.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    report.outlets = [{"outlet": o, "articles": n} for o, n in outlets.most_common()]
    report.stories = [{"id": s, "headline": store.story_headline(s), "articles": n} for s, n in stories.most_common()]
    report.quotes.sort(key=lambda q: (q["published"] is None, q["published"] or 0, q["article_id"]))
    return report
