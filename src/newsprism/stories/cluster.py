"""Online story clustering: each arriving article joins the story it most likely reports
or starts a new one (after Miranda et al. 2018, "Multilingual Clustering of Streaming
News", EMNLP: TF-IDF sub-vectors learnt online, a multilingual sentence vector, and a
learnt model that weighs the evidence).

An article is represented by unit TF-IDF vectors over its body lemmas, its named-entity
keys and its headline words (document frequencies learnt as articles arrive), a
multilingual sentence vector, and the evidence that tells one event from a look-alike:
people named in full, the lead's city and street, its event day, the days it names, its
toll (``stories/features.py``). A story keeps the sums of its members' vectors and the
counts of their evidence, so an article is compared with the *mean* over the members
(exact for the cosines: a big story is not favoured the way a centroid favours it). The
learnt pair model (``stories/pairs.py``) turns those features into the probability that
the article reports the story's event; the article joins the most likely story when that
reaches ``threshold``.

No fixed time window decides: the model weighs the gap in time against the evidence, so a
trial months later joins the shooting it names (same victims, same street, the day
referred back to), while two shootings in one city a week apart stay apart.
``window_days`` is only the outer bound beyond which stories are no longer compared.

Candidates come from an inverted index (entity keys, names, the city, streets, the event
day, the article's top terms and headline words -> stories) and a short list of the most
recently active stories, never from a scan of all stories, so the cost per article stays
flat as the store grows.

A story's id is derived from its first article's id ("s-" + 12 characters), so replaying
the same stream gives the same ids and later articles never rename a story.
"""

from __future__ import annotations

import base64
import heapq
import json
import math
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from newsprism.records import Analysis, Article, Assignment
from newsprism.stories.features import (
    ArticleFeatures,
    embed_texts,
    embedding_text,
    extract_features,
)
from newsprism.stories.pairs import (
    EMBEDDING_FEATURES,
    FEATURES,
    PairModel,
    Report,
    StorySums,
    idf,
    load_model,
    story_features,
)

EXTRACTOR = "newsprism.stories.cluster/3"
STATE_VERSION = 5  # 5: stories as JSON texts

# The outer bound (days) beyond which an article and a story are never compared: the
# model weighs time below it. Follow-ups (arrests, trials) come months after an event.
DEFAULT_WINDOW_DAYS = 400.0

# Candidate retrieval bounds: they keep the work per article flat as stories accumulate.
INDEX_TERMS_PER_ARTICLE = 10
INDEX_ENTITIES_PER_ARTICLE = 15
POSTINGS_SCAN_LIMIT = 100  # most recently touched stories read per index key
POSTINGS_KEEP = 400  # stories kept per index key (oldest dropped)
RECENT_SHORTLIST = 20  # most recently active stories always compared
MAX_CANDIDATES = 30
# The stories an article nearly joined (probability at least this share of the threshold,
# at most this many): the consolidation pass after the run revisits them beside the one
# it joined, so that pass grows with the run, not with the store.
ALTERNATIVE_SHARE = 0.5
ALTERNATIVES = 3
# Undated stories kept in the saved state (they have no time to expire by).
UNDATED_STORIES_KEPT = 2000

SparseVector = dict[str, float]


def _unit(vector: SparseVector) -> SparseVector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    if not norm:
        return {}
    return {k: w / norm for k, w in vector.items()}


@dataclass
class _Story:
    id: str
    first_article_id: str
    sums: StorySums = field(default_factory=StorySums)
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def size(self) -> int:
        return self.sums.n

    def gap_days(self, moment: datetime | None) -> float | None:
        """Days between ``moment`` and the story's dated span (0 inside it)."""
        if moment is None or self.first_seen is None or self.last_seen is None:
            return None
        if moment < self.first_seen:
            return (self.first_seen - moment).total_seconds() / 86400
        if moment > self.last_seen:
            return (moment - self.last_seen).total_seconds() / 86400
        return 0.0


def story_id_for(article_id: str) -> str:
    """The id of a story started by ``article_id`` (stable across replays)."""
    return "s-" + article_id[:12]


class StoryClusterer:
    """Assign streaming articles to stories, one at a time.

    >>> clusterer = StoryClusterer()
    >>> 0 < clusterer.effective_threshold < 1, clusterer.window_days
    (True, 400.0)

    Parameters are stored as given (scikit-learn style); learnt state ends in ``_``.
    ``threshold``: how likely (0..1) an article must be to report a story's event to join
    it (None: the threshold chosen on the dev data for the features in use).
    ``window_days``: articles further apart in time are never compared.
    ``use_embeddings``: compare multilingual sentence vectors (lets translations meet).
    """

    def __init__(self, threshold: float | None = None, window_days: float = DEFAULT_WINDOW_DAYS,
                 use_embeddings: bool = True, *, max_candidates: int = MAX_CANDIDATES,
                 pair_model: PairModel | None = None) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.use_embeddings = use_embeddings
        self.max_candidates = max_candidates
        self.pair_model = pair_model  # None: the shipped model (training passes its own)

    @property
    def model(self) -> PairModel:
        return self.pair_model or load_model(self.use_embeddings)

    @property
    def effective_threshold(self) -> float:
        """``threshold``, or the tuned default for the features in use when it is None."""
        return self.threshold if self.threshold is not None else self.model.online_threshold

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **overrides: Any) -> "StoryClusterer":
        """A clusterer with the ``[stories]`` settings of a loaded configuration."""
        section = config.get("stories", config)
        params = {k: section[k] for k in ("threshold", "window_days", "use_embeddings") if k in section}
        params.update(overrides)
        return cls(**params)

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters (JSON-safe)."""
        return {"threshold": self.threshold, "window_days": self.window_days,
                "use_embeddings": self.use_embeddings, "max_candidates": self.max_candidates}

    def _ensure_state(self) -> None:
        if hasattr(self, "stories_"):
            return
        self.stories_: dict[str, _Story] = {}
        self.article_story_: dict[str, str] = {}
        self.n_docs_: Counter[str] = Counter()  # per language ("" = all, for entities and names)
        self.df_terms_: Counter[str] = Counter()  # "lang\x1fterm"
        self.df_headline_: Counter[str] = Counter()
        self.df_entities_: Counter[str] = Counter()
        self.df_names_: Counter[str] = Counter()
        self.postings_: dict[str, OrderedDict[str, None]] = {}
        self.recent_: OrderedDict[str, None] = OrderedDict()

    # ------------------------------------------------------------------ public API

    def assign(self, article: Article, analysis: Analysis,
               embedding: np.ndarray | None = None) -> Assignment:
        """Put one article in a story (an existing one or a new one) and say why.

        ``embedding`` may be given when it was computed beforehand (see
        :func:`newsprism.stories.features.embed_texts`); otherwise it is computed here
        when ``use_embeddings`` is on.
        """
        if self.use_embeddings and embedding is None:
            embedding = embed_texts([embedding_text(article, analysis)])[0]
        return self.assign_features(extract_features(article, analysis, embedding=embedding))

    def assign_many(self, pairs: Iterable[tuple[Article, Analysis]], *,
                    batch_size: int = 64) -> list[Assignment]:
        """Assign articles in the given order, encoding sentence vectors in batches."""
        out: list[Assignment] = []
        batch: list[tuple[Article, Analysis]] = []

        def flush() -> None:
            vectors: Sequence[np.ndarray | None]
            if self.use_embeddings:
                vectors = list(embed_texts([embedding_text(a, an) for a, an in batch]))
            else:
                vectors = [None] * len(batch)
            for (article, analysis), vector in zip(batch, vectors):
                out.append(self.assign_features(extract_features(article, analysis, embedding=vector)))
            batch.clear()

        for pair in pairs:
            batch.append(pair)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return out

    def partial_fit(self, pairs: Iterable[tuple[Article, Analysis]]) -> "StoryClusterer":
        """Assign a batch of (article, analysis) pairs; the assignments are kept in
        ``last_assignments_``."""
        self.last_assignments_ = self.assign_many(pairs)
        return self

    def story_of(self, article_id: str) -> str | None:
        """The story an article was assigned to, if it was."""
        self._ensure_state()
        return self.article_story_.get(article_id)

    @property
    def n_stories(self) -> int:
        self._ensure_state()
        return len(self.stories_)

    # ------------------------------------------------------------------ core

    def assign_features(self, features: ArticleFeatures) -> Assignment:
        """Assign an article already turned into features (used for batch encoding)."""
        self._ensure_state()
        known = self.article_story_.get(features.article_id)
        if known is not None:
            # Re-sending an article must not move it or count it twice.
            return Assignment(article_id=features.article_id, story_id=known, score=1.0,
                              new_story=False, evidence={"already_assigned": True, "extractor": EXTRACTOR})
        report = self.report(features, learn=True)
        best_story, best_p, best_x = None, -1.0, {}
        candidates = self._candidates(report)
        scored: list[tuple[float, str]] = []
        for story in candidates:
            p, x = self._probability(report, story)
            scored.append((p, story.id))
            if p > best_p:
                best_story, best_p, best_x = story, p, x
        joins = best_story is not None and best_p >= self.effective_threshold
        near = [{"story_id": sid, "probability": round(p, 4)}
                for p, sid in heapq.nlargest(ALTERNATIVES + 1, scored)
                if p >= ALTERNATIVE_SHARE * self.effective_threshold
                and not (joins and best_story is not None and sid == best_story.id)][:ALTERNATIVES]
        if joins and best_story is not None:
            evidence = self._evidence(report, best_story, best_p, best_x)
            evidence["candidates"] = len(candidates)
            if near:
                evidence["alternatives"] = near
            self._add(best_story, report)
            return Assignment(article_id=features.article_id, story_id=best_story.id,
                              score=round(best_p, 4), new_story=False, evidence=evidence)
        story = self._new_story(features.article_id)
        evidence: dict[str, Any] = {"score": 1.0, "candidates": len(candidates), "extractor": EXTRACTOR}
        if best_story is not None:
            evidence["closest_story"] = {"story_id": best_story.id, "probability": round(best_p, 4),
                                         "reasons": _reasons(self.model, best_x)}
        if near:
            evidence["alternatives"] = near
        self._add(story, report)
        return Assignment(article_id=features.article_id, story_id=story.id, score=1.0,
                          new_story=True, evidence=evidence)

    def add_to_story(self, features: ArticleFeatures, story_id: str) -> None:
        """Put an article in a given story without deciding (rebuilding stored state)."""
        self._ensure_state()
        if features.article_id in self.article_story_:
            return
        report = self.report(features, learn=True)
        story = self.stories_.get(story_id) or self._new_story(features.article_id, story_id)
        self._add(story, report)

    def rebuild_story(self, story_id: str, members: Sequence[ArticleFeatures]) -> None:
        """Make ``story_id`` hold exactly ``members`` (after a merge, move or split made
        by the consolidation pass or by a user); a story left with no members is dropped."""
        self._ensure_state()
        self.stories_.pop(story_id, None)
        for f in members:
            self.article_story_.pop(f.article_id, None)
        if not members:
            return
        story = self._new_story(members[0].article_id, story_id)
        for f in members:
            self._add(story, self.report(f, learn=False))

    def drop_story(self, story_id: str) -> None:
        """Forget a story (merged into another)."""
        self._ensure_state()
        self.stories_.pop(story_id, None)
        self.recent_.pop(story_id, None)

    def _new_story(self, article_id: str, story_id: str | None = None) -> _Story:
        story_id = story_id or story_id_for(article_id)
        suffix = 1
        base = story_id
        while story_id in self.stories_:  # only if two articles share a 12-char prefix
            suffix += 1
            story_id = f"{base}-{suffix}"
        story = _Story(id=story_id, first_article_id=article_id)
        self.stories_[story_id] = story
        return story

    def report(self, features: ArticleFeatures, learn: bool = False) -> Report:
        """The pair model's view of an article, with TF-IDF weights from the document
        frequencies seen so far (``learn`` counts the article in them first)."""
        self._ensure_state()
        language = features.language or "und"
        if learn:
            self.n_docs_[language] += 1
            self.n_docs_[""] += 1
            for term in features.terms:
                self.df_terms_[f"{language}\x1f{term}"] += 1
            for token in features.headline:
                self.df_headline_[f"{language}\x1f{token}"] += 1
            for key in features.entities:
                self.df_entities_[key] += 1
            for name in features.names:
                self.df_names_[name] += 1
        n_lang, n_all = self.n_docs_[language], self.n_docs_[""]

        def tfidf(counts: Counter[str], df: Counter[str], n: int, prefix: str) -> SparseVector:
            return {k: (1.0 + math.log(c)) * idf(df[prefix + k], n) for k, c in counts.items() if c > 0}

        terms = tfidf(features.terms, self.df_terms_, n_lang, f"{language}\x1f")
        headline = tfidf(features.headline, self.df_headline_, n_lang, f"{language}\x1f")
        entities = tfidf(features.entities, self.df_entities_, n_all, "")
        keys = [f"e:{k}" for k in heapq.nlargest(INDEX_ENTITIES_PER_ARTICLE, entities, key=entities.__getitem__)]
        keys += [f"t:{language}:{k}" for k in heapq.nlargest(INDEX_TERMS_PER_ARTICLE, terms, key=terms.__getitem__)]
        keys += [f"h:{language}:{k}" for k in headline]
        keys += [f"n:{k}" for k in sorted(features.names)]
        keys += [f"c:{features.city}"] if features.city else []
        keys += [f"s:{k}" for k in sorted(features.streets)]
        keys += [f"d:{features.event_day}"] if features.event_day else []
        embedding = features.embedding if self.use_embeddings else None
        return Report(article_id=features.article_id, language=language, published=features.published,
                      terms=_unit(terms), headline=_unit(headline), entities=_unit(entities), embedding=embedding,
                      names=features.names, city=features.city, streets=features.streets,
                      event_day=features.event_day, days=features.days, toll=dict(features.toll), index_keys=keys)

    def name_idf(self, key: str) -> float:
        """How rare a name is among the reports seen, 0..1."""
        n = self.n_docs_[""]
        return idf(self.df_names_[key], n) / math.log(n + 2)

    def _hits(self, keys: Iterable[str]) -> Counter[str]:
        """Stories by how many of ``keys`` they share (the most recent per key only)."""
        hits: Counter[str] = Counter()
        for key in keys:
            postings = self.postings_.get(key)
            if not postings:
                continue
            for n, story_id in enumerate(reversed(postings)):
                if n >= POSTINGS_SCAN_LIMIT:
                    break
                hits[story_id] += 1
        return hits

    def _candidates(self, report: Report) -> list[_Story]:
        hits = self._hits(report.index_keys)
        for n, story_id in enumerate(reversed(self.recent_)):
            if n >= RECENT_SHORTLIST:
                break
            hits[story_id] += 0  # present, ranked after stories sharing index keys
        out: list[_Story] = []
        for story_id, _ in _most_hits(hits, 2 * self.max_candidates):
            story = self.stories_.get(story_id)
            if story is None:
                continue
            gap = story.gap_days(report.published)
            if gap is not None and gap > self.window_days:
                continue
            out.append(story)
            if len(out) >= self.max_candidates:
                break
        return out

    def _probability(self, report: Report, story: _Story) -> tuple[float, dict[str, float]]:
        x = story_features(report, story.sums, self.name_idf)
        if not self.use_embeddings:
            for k in EMBEDDING_FEATURES:
                x[k] = 0.0
        return self.model.probability(x), x

    def _evidence(self, report: Report, story: _Story, p: float, x: dict[str, float]) -> dict[str, Any]:
        sums = story.sums

        def shared(vector: SparseVector, total: Mapping[str, float]) -> list[str]:
            common = {k: w * total[k] for k, w in vector.items() if k in total}
            return heapq.nlargest(5, common, key=common.__getitem__)

        gap = story.gap_days(report.published)
        return {
            "score": round(p, 4),
            "reasons": _reasons(self.model, x),
            "sub_scores": _sub_scores(x, self.use_embeddings),
            "shared_entities": shared(report.entities, sums.entities),
            "shared_terms": shared(report.terms, sums.terms.get(report.language, {})),
            "shared_names": sorted(k for k in report.names if sums.names[k]),
            "same_city": report.city if report.city and sums.cities[report.city] else None,
            "same_day": report.event_day if report.event_day and sums.event_days[report.event_day] else None,
            "date_gap_days": None if gap is None else round(gap, 2),
            "extractor": EXTRACTOR,
        }

    def _add(self, story: _Story, report: Report) -> None:
        story.sums.add(report)
        if report.published is not None:
            if story.first_seen is None or report.published < story.first_seen:
                story.first_seen = report.published
            if story.last_seen is None or report.published > story.last_seen:
                story.last_seen = report.published
        self.article_story_[report.article_id] = story.id
        for key in report.index_keys:
            postings = self.postings_.setdefault(key, OrderedDict())
            postings.pop(story.id, None)
            postings[story.id] = None
            if len(postings) > POSTINGS_KEEP:
                postings.popitem(last=False)
        self.recent_.pop(story.id, None)
        self.recent_[story.id] = None
        while len(self.recent_) > RECENT_SHORTLIST:
            self.recent_.popitem(last=False)

    def forget_before(self, moment: datetime, keep_undated: int = UNDATED_STORIES_KEPT) -> int:
        """Drop stories last seen before ``moment`` (they are outside every later
        article's window, so no decision changes) and all but the ``keep_undated`` most
        recent undated stories. Keeps the saved state, and its load time, bounded by
        the volume of one window rather than the size of the store. Returns how many
        stories were dropped; document frequencies are kept."""
        self._ensure_state()
        undated = [sid for sid, st in self.stories_.items() if st.last_seen is None]
        doomed = {sid for sid, st in self.stories_.items() if st.last_seen is not None and st.last_seen < moment}
        doomed.update(undated[:max(0, len(undated) - keep_undated)])
        if not doomed:
            return 0
        for sid in doomed:
            del self.stories_[sid]
        self.article_story_ = {a: sid for a, sid in self.article_story_.items() if sid not in doomed}
        for key in list(self.postings_):
            postings = self.postings_[key]
            for sid in doomed.intersection(postings):
                del postings[sid]
            if not postings:
                del self.postings_[key]
        for sid in doomed.intersection(self.recent_):
            del self.recent_[sid]
        return len(doomed)

    # ------------------------------------------------------------------ persistence

    def state(self) -> dict[str, Any]:
        """Everything learnt, as a JSON-safe dict (see :meth:`from_state`); its stories
        are JSON texts, one per story."""
        self._ensure_state()

        def sums(s: StorySums) -> dict[str, Any]:
            r6 = lambda d: {k: round(v, 6) for k, v in d.items()}  # noqa: E731
            return {"n": s.n, "languages": dict(s.languages),
                    "terms": {lang: r6(v) for lang, v in s.terms.items()},
                    "headline": {lang: r6(v) for lang, v in s.headline.items()}, "entities": r6(s.entities),
                    # float32 bytes in base64: a third of the size of 512 decimals, and exact
                    "embedding": None if s.embedding is None else base64.b64encode(
                        np.asarray(s.embedding, dtype="<f4").tobytes()).decode("ascii"),
                    "names": dict(s.names), "with_names": s.with_names, "cities": dict(s.cities),
                    "with_city": s.with_city, "streets": dict(s.streets), "event_days": dict(s.event_days),
                    "days": dict(s.days), "tolls": s.tolls,
                    "published": [m.isoformat() if m else None for m in s.published]}

        # each story as its own JSON text: the state never holds a second copy of every
        # story as Python objects (at 100k stored articles that copy was 1.4 GB), and a
        # load parses one story at a time
        stories = [json.dumps({"id": s.id, "first_article_id": s.first_article_id, "sums": sums(s.sums),
                               "first_seen": s.first_seen.isoformat() if s.first_seen else None,
                               "last_seen": s.last_seen.isoformat() if s.last_seen else None},
                              ensure_ascii=False, separators=(",", ":")) for s in self.stories_.values()]
        return {
            "version": STATE_VERSION, "extractor": EXTRACTOR, "params": self.get_params(), "stories": stories,
            "article_story": dict(self.article_story_), "n_docs": dict(self.n_docs_),
            "df_terms": dict(self.df_terms_), "df_headline": dict(self.df_headline_),
            "df_entities": dict(self.df_entities_), "df_names": dict(self.df_names_),
            "postings": {k: list(v) for k, v in self.postings_.items()}, "recent": list(self.recent_),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], **overrides: Any) -> "StoryClusterer":
        """Restore a clusterer saved with :meth:`state` (parameters may be overridden)."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"story clusterer state version {state.get('version')!r} is not "
                             f"{STATE_VERSION}: rebuild it with StoryClusterer.rebuild(...)")
        params = {k: v for k, v in state["params"].items() if k in cls().get_params()}
        clusterer = cls(**{**params, **overrides})
        clusterer._ensure_state()
        for text in state["stories"]:
            d = json.loads(text)
            s = d["sums"]
            sums = StorySums(
                n=s["n"], languages=Counter(s["languages"]), terms={k: dict(v) for k, v in s["terms"].items()},
                headline={k: dict(v) for k, v in s["headline"].items()}, entities=dict(s["entities"]),
                embedding=None if s["embedding"] is None else np.frombuffer(
                    base64.b64decode(s["embedding"]), dtype="<f4").astype(np.float32),
                names=Counter(s["names"]), with_names=s["with_names"], cities=Counter(s["cities"]),
                with_city=s["with_city"], streets=Counter(s["streets"]), event_days=Counter(s["event_days"]),
                days=Counter(s["days"]), tolls=list(s["tolls"]),
                published=[datetime.fromisoformat(m) if m else None for m in s["published"]])
            clusterer.stories_[d["id"]] = _Story(
                id=d["id"], first_article_id=d["first_article_id"], sums=sums,
                first_seen=datetime.fromisoformat(d["first_seen"]) if d["first_seen"] else None,
                last_seen=datetime.fromisoformat(d["last_seen"]) if d["last_seen"] else None)
        clusterer.article_story_.update(state["article_story"])
        clusterer.n_docs_.update(state["n_docs"])
        clusterer.df_terms_.update(state["df_terms"])
        clusterer.df_headline_.update(state["df_headline"])
        clusterer.df_entities_.update(state["df_entities"])
        clusterer.df_names_.update(state.get("df_names", {}))
        for key, ids in state["postings"].items():
            clusterer.postings_[key] = OrderedDict.fromkeys(ids)
        clusterer.recent_ = OrderedDict.fromkeys(state["recent"])
        return clusterer

    @classmethod
    def rebuild(cls, triples: Iterable[tuple[Article, Analysis, str]], **params: Any) -> "StoryClusterer":
        """A clusterer whose stories are exactly the stored ones: each (article,
        analysis, story_id) is put back in its story, in the given order (oldest first),
        so user corrections in the store are kept."""
        clusterer = cls(**params)
        clusterer.replay(triples)
        return clusterer

    def replay(self, triples: Iterable[tuple[Article, Analysis, str]],
               vectors: Mapping[str, np.ndarray] | None = None) -> None:
        """Put stored (article, analysis, story_id) decisions back into this clusterer
        without deciding again (sentence vectors taken from ``vectors`` where given,
        else encoded in one batch)."""
        self._ensure_state()
        batch = list(triples)
        known = vectors or {}
        found: list[np.ndarray | None] = [known.get(a.id) for a, _, _ in batch]
        missing = [i for i, v in enumerate(found) if v is None]
        if self.use_embeddings and missing:
            encoded = embed_texts([embedding_text(batch[i][0], batch[i][1]) for i in missing])
            for i, v in zip(missing, encoded):
                found[i] = v
        for (article, analysis, story_id), vector in zip(batch, found):
            self.add_to_story(extract_features(article, analysis, embedding=vector), story_id)


def _most_hits(hits: Counter[str], first: int) -> Iterator[tuple[str, int]]:
    """``hits`` by count, most first (ties in the order met), as a full sort gives them:
    the first ``first`` from a partial sort, the rest ranked only if they are read."""
    top = heapq.nlargest(first, hits.items(), key=lambda kv: kv[1])
    yield from top
    if len(top) < len(hits):
        yield from sorted(hits.items(), key=lambda kv: -kv[1])[len(top):]


def _sub_scores(x: Mapping[str, float], use_embeddings: bool) -> dict[str, float]:
    """The mean similarities behind a decision, by name (lemmas and headline words only
    against members in the article's language)."""
    out = {"entities": round(x["e"], 4), "time_gap": round(x["gap"], 4)}
    if x["same_lang"]:
        out.update(terms=round(x["t"], 4), headline=round(x["h"], 4))
    if use_embeddings:
        out["embedding"] = round(x["v"], 4)
    return out


def _reasons(model: PairModel, x: Mapping[str, float], top: int = 4) -> list[str]:
    """The features that weighed most in a decision, with their signed contribution."""
    contributions = {k: w * x[k] for w, k in zip(model.coef, FEATURES) if x.get(k)}
    strongest = sorted(contributions.items(), key=lambda kv: -abs(kv[1]))[:top]
    return [f"{k} {'+' if v >= 0 else '-'}{abs(v):.2f}" for k, v in strongest]


# ---------------------------------------------------------------------- batch rebuild


def stream_order(pairs: Sequence[tuple[Article, Analysis]]) -> list[int]:
    """Indices of ``pairs`` in stream order: dated articles by date (ties keep input
    order), then undated ones in input order (they have no place on the timeline; a
    store back-filling an archive sees them last)."""
    from newsprism.stories.features import _as_naive_utc

    dated = [(i, _as_naive_utc(a.published)) for i, (a, _) in enumerate(pairs) if a.published is not None]
    undated = [i for i, (a, _) in enumerate(pairs) if a.published is None]
    return [i for i, _ in sorted(dated, key=lambda x: (x[1], x[0]))] + undated


def recluster(pairs: Iterable[tuple[Article, Analysis]], consolidate: bool = True, **params: Any) -> dict[str, str]:
    """Rebuild all stories from scratch, in time order, then (``consolidate``) revisit
    them in batch: {article_id: story_id}.

    Use after changing the threshold or window; compare with the stored mapping with
    :func:`moved_assignments`.
    """
    from newsprism.stories.consolidate import consolidate_mapping
    from newsprism.stories.features import extract_many

    pairs = list(pairs)
    clusterer = StoryClusterer(**params)
    features = extract_many([pairs[i] for i in stream_order(pairs)], use_embeddings=clusterer.use_embeddings)
    online = {f.article_id: clusterer.assign_features(f).story_id for f in features}
    return consolidate_mapping(clusterer, features, online) if consolidate else online


def moved_assignments(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, Any]:
    """How many articles changed story between two mappings {article_id: story_id}.

    Story ids may differ between runs, so each old story is matched with the new story
    holding most of its members; an article moved when it is not in its old story's
    match. ``renamed`` counts articles whose story id string changed.
    """
    common = [a for a in old if a in new]
    overlap: Counter[tuple[str, str]] = Counter((old[a], new[a]) for a in common)
    best: dict[str, tuple[int, str]] = {}
    for (old_story, new_story), n in sorted(overlap.items()):
        if old_story not in best or n > best[old_story][0]:
            best[old_story] = (n, new_story)
    moved = sorted(a for a in common if best[old[a]][1] != new[a])
    return {
        "articles": len(common),
        "moved": len(moved),
        "moved_share": round(len(moved) / len(common), 4) if common else 0.0,
        "renamed": sum(1 for a in common if old[a] != new[a]),
        "only_old": sum(1 for a in old if a not in new),
        "only_new": sum(1 for a in new if a not in old),
        "moved_articles": moved,
    }
